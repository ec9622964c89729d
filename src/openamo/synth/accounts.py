"""Demo accounts: created or reset with a fresh password at each demo run."""

import secrets

from django.contrib.auth import get_user_model


def demo_password() -> str:
    return "Demo-" + secrets.token_urlsafe(9)


def demo_account_reset(*, username: str, first_name: str, last_name: str, superuser: bool = False):
    """The account, created if missing, with a new random password returned in clear once."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    password = demo_password()
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = user.is_superuser = superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    return user, password


# The demo's staff accounts, each in its role's group (portal.roles): role, login, label.
STAFF = (
    ("claim_processor", "liquidateur", "Liquidateur"),
    ("medical_reviewer", "medecin", "Médecin contrôleur"),
    ("delegation_agent", "delegation", "Agent de délégation régionale"),
    ("members_officer", "affiliations", "Gestionnaire des affiliations"),
    ("contributions_officer", "cotisations", "Gestionnaire des cotisations"),
    ("payment_officer", "paiements", "Ordonnateur des paiements"),
)


def demo_accounts_reset() -> list[tuple[str, str, str]]:
    """The admin, one staff account per role, a clinic's front desk, an insured person, an
    employer's agent, a broker and a mutuelle agent, with fresh passwords: (label, login, password)."""
    from openamo.portal.roles import Role, roles_sync, user_role_grant

    roles_sync()
    _, password = demo_account_reset(
        username="admin", first_name="Administrateur", last_name="OpenAMO", superuser=True
    )
    out = [("Administrateur", "admin", password)]
    for role, username, label in STAFF:
        user, password = demo_account_reset(username=username, first_name=label, last_name="Démo")
        user.groups.clear()
        user_role_grant(user=user, role=Role(role))
        out.append((label, username, password))
    out += _provider_account()
    out += _insured_account()
    from .portfolio import broker_account, employer_account, mutuelle_account

    out += employer_account()
    out += broker_account()
    out += mutuelle_account()
    return out


def _provider_account() -> list[tuple[str, str, str]]:
    """A user acting for a clinic admitted to direct billing: the one with the most prior
    authorisations in the fund, else the first."""
    from django.db.models import Count

    from openamo.authorizations.models import ProviderAccess
    from openamo.portal.roles import Role, user_role_grant
    from openamo.referentials.models import Provider

    clinic = (
        Provider.objects.filter(kind="clinic", direct_billing=True)
        .annotate(n=Count("authorization_requests"))
        .order_by("-n", "inpe")
        .first()
    )
    if clinic is None:
        return []
    user, password = demo_account_reset(
        username="clinique", first_name="Accueil", last_name=clinic.name[:150]
    )
    ProviderAccess.objects.update_or_create(user=user, defaults={"provider": clinic})
    user.groups.clear()
    user_role_grant(user=user, role=Role.PROVIDER)
    return [(f"Prestataire ({clinic.name})", "clinique", password)]


def insured_demo_member():
    """The insured member the demo account acts for: a family of three or more with at least
    three adjudicated claims and no injected fraud (the first by registration number)."""
    from django.db.models import Count, Q

    from openamo.claims.models import ClaimStatus
    from openamo.members.models import Member
    from openamo.synth.models import FraudLabel

    flagged = FraudLabel.objects.filter(beneficiary__isnull=False).values("beneficiary__member_id")
    return (
        Member.objects.exclude(pk__in=flagged)
        .filter(status="active")
        .annotate(
            claims=Count(
                "beneficiaries__claims",
                filter=Q(
                    beneficiaries__claims__status__in=[ClaimStatus.ADJUDICATED, ClaimStatus.PAID]
                ),
            ),
            persons=Count("beneficiaries", distinct=True),
        )
        .filter(claims__gte=3, persons__gte=3)
        .order_by("registration_number")
        .first()
    )


def _insured_account() -> list[tuple[str, str, str]]:
    """An insured member of the generated fund with a family and adjudicated claims (no
    injected fraud in the family), linked to the portal."""
    from openamo.portal.models import PortalAccess
    from openamo.portal.roles import Role, user_role_grant

    member = insured_demo_member()
    if member is None:
        return []
    user, password = demo_account_reset(
        username="assure", first_name=member.first_name, last_name=member.last_name
    )
    PortalAccess.objects.update_or_create(
        user=user,
        defaults={"role": Role.INSURED.value, "member": member, "employer": None, "mutuelle": None},
    )
    user.groups.clear()
    user_role_grant(user=user, role=Role.INSURED)
    label = f"Assuré ({member.first_name} {member.last_name}, n° {member.registration_number})"
    return [(label, "assure", password)]
