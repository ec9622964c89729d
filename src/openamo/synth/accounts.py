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


# Staff roles of DOMAIN.md §1 that have screens so far: group, permissions (app_label, model
# codenames, actions), the demo account.
ROLES = (
    ("Liquidateurs", "liquidateur", "Liquidateur (claim processor)",
     {"claims": ("claim", "claimline", "statement", "statementline", "claimtransition",
                 "adjudicationrun"), "members": ("beneficiary", "member", "dependent")},
     ("view", "change", "add")),
    ("Médecins contrôleurs", "medecin", "Médecin contrôleur (medical reviewer)",
     {"claims": ("claim", "claimline", "statement", "statementline", "linereview"),
      "members": ("beneficiary", "aldexemption")},
     ("view", "change", "add")),
    ("Gestionnaires des affiliations", "affiliations", "Gestionnaire des affiliations",
     {"members": ("member", "dependent", "beneficiary", "employer", "lifeevent", "aldexemption",
                  "rightsperiod", "rightssuspension", "mutuelle")},
     ("view", "change", "add")),
    ("Gestionnaires des cotisations", "cotisations", "Gestionnaire des cotisations",
     {"contributions": ("declaration", "declarationline", "contributioncall", "receipt",
                        "receiptallocation", "payroll", "contributionshare"),
      "members": ("employer", "member")},
     ("view", "change", "add")),
)  # fmt: skip


def _group(name: str, models: dict, actions):
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=name)
    codenames = [f"{a}_{m}" for names in models.values() for m in names for a in actions]
    perms = Permission.objects.filter(
        content_type__app_label__in=list(models), codename__in=codenames
    )
    group.permissions.set(perms)
    return group


def demo_accounts_reset() -> list[tuple[str, str, str]]:
    """The admin and one staff account per role, with fresh passwords: (role, login, password)."""
    _, password = demo_account_reset(
        username="admin", first_name="Administrateur", last_name="OpenAMO", superuser=True
    )
    out = [("Administrateur", "admin", password)]
    for group_name, username, label, models, actions in ROLES:
        group = _group(group_name, models, actions)
        user, password = demo_account_reset(
            username=username, first_name=label.split(" (")[0], last_name="Démo"
        )
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.set([group])
        out.append((label, username, password))
    out += _provider_account()
    return out


def _provider_account() -> list[tuple[str, str, str]]:
    """A user acting for a clinic, when the authorisations app provides provider access."""
    from django.apps import apps

    if not apps.is_installed("openamo.authorizations"):
        return []
    try:
        from openamo.authorizations.models import ProviderAccess
        from openamo.referentials.models import Provider
    except ImportError:
        return []
    clinic = Provider.objects.filter(kind="clinic", direct_billing=True).order_by("inpe").first()
    if clinic is None:
        return []
    user, password = demo_account_reset(
        username="clinique", first_name="Accueil", last_name=clinic.name[:150]
    )
    ProviderAccess.objects.update_or_create(user=user, defaults={"provider": clinic})
    return [(f"Prestataire ({clinic.name})", "clinique", password)]
