"""The roles of OpenAMO's users, as Django groups with their permissions.

A role is data an administrator can adjust in the admin (Groupes); `roles_sync` creates the
groups and grants the permissions listed here, adding what is missing and never removing what
an administrator added. Object-level scoping (an insured person's family, a provider's
establishment, a delegation's region) lives in each app's selectors, not here.
"""

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSURED = "insured", _("Assuré")
    PROVIDER = "provider", _("Prestataire de soins")
    MUTUELLE_AGENT = "mutuelle_agent", _("Agent de mutuelle")
    EMPLOYER = "employer", _("Employeur (souscripteur)")
    BROKER = "broker", _("Intermédiaire (courtier)")
    CLAIM_PROCESSOR = "claim_processor", _("Liquidateur")
    MEDICAL_REVIEWER = "medical_reviewer", _("Médecin contrôleur")
    DELEGATION_AGENT = "delegation_agent", _("Agent de délégation régionale")
    MEMBERS_OFFICER = "members_officer", _("Gestionnaire des affiliations")
    CONTRIBUTIONS_OFFICER = "contributions_officer", _("Gestionnaire des cotisations")
    FRAUD_CONTROLLER = "fraud_controller", _("Contrôleur anti-fraude")
    COMPLAINTS_AGENT = "complaints_agent", _("Agent des réclamations")
    PAYMENT_OFFICER = "payment_officer", _("Ordonnateur des paiements")
    ANALYST = "analyst", _("Analyste / actuaire")
    AUDITOR = "auditor", _("Auditeur")
    ADMINISTRATOR = "administrator", _("Administrateur fonctionnel")


READ_MEMBERS = ["members.view_member", "members.view_beneficiary", "members.view_dependent"]
READ_CLAIMS = [
    "claims.view_claim",
    "claims.view_statement",
    "complementary.view_complementarystatement",
]
READ_AUTHORIZATIONS = ["authorizations.view_authorizationrequest", "authorizations.view_invoice"]
READ_CONTRIBUTIONS = [
    "contributions.view_declaration",
    "contributions.view_receipt",
    "contributions.view_contributioncall",
]

PAYMENTS = [
    f"payments.{action}_{model}"
    for model in ("paymentrun", "paymentorder")
    for action in ("view", "add", "change")
]
READ_PAYMENTS = ["payments.view_paymentrun", "payments.view_paymentorder"]
HOLDS = ["payments.view_paymenthold", "payments.add_paymenthold", "payments.change_paymenthold"]
AUDIT = ["audit.view_auditentry", "audit.view_accesslog"]

FRAUD_CONTROL = [
    "fraud.view_360",
    "fraud.view_alert",
    "fraud.change_alert",
    "fraud.view_case",
    "fraud.add_case",
    "fraud.change_case",
]

MEDICAL_CONTROL = [
    "medical.view_aldrequest",
    "medical.change_aldrequest",
    "medical.view_counterexamination",
    "medical.add_counterexamination",
    "medical.change_counterexamination",
    "medical.view_decisiontemplate",
]

# Staff permissions per role (app_label.codename). Portal roles (insured, provider, employer,
# broker, mutuelle) see their own rows through the selectors and hold no model permission.
PERMISSIONS: dict[str, list[str]] = {
    Role.CLAIM_PROCESSOR: [
        *READ_MEMBERS,
        *READ_CLAIMS,
        "claims.add_claim",
        "claims.change_claim",
        "referentials.view_provider",
    ],
    Role.MEDICAL_REVIEWER: [
        *READ_MEMBERS,
        *READ_CLAIMS,
        *READ_AUTHORIZATIONS,
        "claims.add_linereview",
        "authorizations.change_authorizationrequest",
        "authorizations.decide_authorizationrequest",
        "members.add_aldexemption",
        "members.change_aldexemption",
        *MEDICAL_CONTROL,
    ],
    Role.DELEGATION_AGENT: [
        *READ_MEMBERS,
        *READ_AUTHORIZATIONS,
        "authorizations.change_authorizationrequest",
        "authorizations.decide_authorizationrequest",
    ],
    Role.MEMBERS_OFFICER: [
        f"members.{action}_{model}"
        for model in (
            "member",
            "dependent",
            "beneficiary",
            "employer",
            "lifeevent",
            "aldexemption",
            "rightsperiod",
            "rightssuspension",
            "mutuelle",
            "broker",
            "brokermandate",
        )
        for action in ("view", "add", "change")
    ],
    Role.CONTRIBUTIONS_OFFICER: [
        *READ_MEMBERS,
        *READ_CONTRIBUTIONS,
        "contributions.add_declaration",
        "contributions.add_receipt",
        "members.view_employer",
    ],
    Role.FRAUD_CONTROLLER: [
        *READ_MEMBERS,
        *READ_CLAIMS,
        *READ_AUTHORIZATIONS,
        *HOLDS,
        "referentials.view_provider",
        *FRAUD_CONTROL,
        *AUDIT,
    ],
    Role.COMPLAINTS_AGENT: [
        *READ_MEMBERS,
        *READ_CLAIMS,
        "complaints.view_complaint",
        "complaints.add_complaint",
        "complaints.change_complaint",
    ],
    Role.PAYMENT_OFFICER: [
        *READ_CLAIMS,
        "complementary.view_flowfile",
        "complementary.add_flowfile",
        *READ_AUTHORIZATIONS,
        "referentials.view_provider",
        *PAYMENTS,
        *HOLDS,
    ],
    Role.ANALYST: [*READ_CLAIMS, *READ_CONTRIBUTIONS, "analytics.view_dashboards"],
    Role.AUDITOR: [
        *READ_MEMBERS,
        *READ_CLAIMS,
        *READ_AUTHORIZATIONS,
        *READ_CONTRIBUTIONS,
        *READ_PAYMENTS,
        "payments.view_paymenthold",
        *AUDIT,
    ],
    Role.ADMINISTRATOR: [
        f"referentials.{action}_{model}"
        for model in (
            "scheme",
            "schemeparameter",
            "contributionrate",
            "reimbursementrate",
            "letterkey",
            "letterkeyvalue",
            "tariffforfait",
            "tariffforfaitvalue",
            "medicine",
            "medicineprice",
            "device",
            "deviceforfait",
            "aldcondition",
            "region",
            "delegation",
            "city",
            "provider",
            "documenttype",
            "authorizationtype",
            "requireddocument",
        )
        for action in ("view", "add", "change")
    ]
    + [
        f"medical.{action}_{model}"
        for model in ("medicaldelay", "alddocumentrule", "decisiontemplate")
        for action in ("view", "add", "change")
    ],
}
STAFF_ROLES = frozenset(PERMISSIONS)


def _permission(dotted: str) -> Permission | None:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


@transaction.atomic
def roles_sync() -> dict[str, list[str]]:
    """Create a group per role and grant its permissions; returns the permissions not found
    (an app not installed yet), by role."""
    missing: dict[str, list[str]] = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=str(role.label))
        found = []
        for dotted in PERMISSIONS.get(role, []):
            permission = _permission(dotted)
            if permission is None:
                missing.setdefault(role.value, []).append(dotted)
            else:
                found.append(permission)
        group.permissions.add(*found)
    return missing


def role_group(role: Role) -> Group:
    return Group.objects.get(name=str(role.label))


def user_role_grant(*, user, role: Role) -> None:
    """Put the user in the role's group; staff roles may open the administration."""
    user.groups.add(role_group(role))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
