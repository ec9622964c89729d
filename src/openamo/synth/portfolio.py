"""Demo accounts of the portfolio portals: a broker (intermédiaire) with mandates over a few
of the demo's administrations (one of them ended, kept as history) and an agent of the
largest mutuelle. Idempotent: a second demo run keeps the broker and its mandates."""

from datetime import date

from .accounts import demo_account_reset
from .shape import PENSION_FUNDS

BROKER = {
    "acaps_number": "ACAPS-IC-2019-0142",
    "name": "Atlas Courtage et Conseil",
    "ice": "002145879000031",
    "email": "contact@atlas-courtage.ma",
    "phone": "0522 48 17 30",
}
CLIENTS = 4  # administrations under a mandate in force
MANDATES_FROM = date(2024, 1, 1)
ENDED_ON = date(2025, 6, 30)


def broker_demo_reset():
    """The demo broker and its mandates, created once."""
    from openamo.members.models import Broker, BrokerMandate, Employer
    from openamo.referentials.models import City

    pension_funds = [code for code, _name, _weight in PENSION_FUNDS]
    employers = list(
        Employer.objects.exclude(administration_code__in=pension_funds)
        .filter(broker_mandates__isnull=True)
        .order_by("name")[: CLIENTS + 1]
    )
    if not employers:
        return None
    broker, created = Broker.objects.get_or_create(
        acaps_number=BROKER["acaps_number"],
        defaults={**BROKER, "city": City.objects.filter(name="Casablanca").first()},
    )
    if created or not broker.mandates.exists():
        for number, employer in enumerate(employers, start=1):
            BrokerMandate.objects.create(
                broker=broker,
                employer=employer,
                reference=f"MDT-{MANDATES_FROM.year}-{number:03d}",
                valid_from=MANDATES_FROM,
                valid_to=ENDED_ON if number > CLIENTS else None,
            )
    _clients_identify(broker)
    return broker


def _clients_identify(broker) -> None:
    """The broker's clients carry what its lists show: an ICE (15 digits, derived from the
    employer's id so a second run gives the same) and the city of their seat (Rabat for the
    administrations). Only blanks are filled."""
    from openamo.members.models import Employer
    from openamo.referentials.models import City

    seat = City.objects.filter(name="Rabat").first()
    for employer in Employer.objects.filter(broker_mandates__broker=broker).distinct():
        changed = []
        if not employer.ice:
            employer.ice = f"{employer.pk:09d}000{employer.pk % 97 + 1:03d}"
            changed.append("ice")
        if employer.city_id is None and seat is not None:
            employer.city = seat
            changed.append("city")
        if changed:
            employer.save(update_fields=changed)


def broker_account() -> list[tuple[str, str, str]]:
    from openamo.portal.models import PortalAccess
    from openamo.portal.roles import Role, user_role_grant

    broker = broker_demo_reset()
    if broker is None:
        return []
    user, password = demo_account_reset(
        username="courtier", first_name="Karim", last_name="Benjelloun"
    )
    PortalAccess.objects.update_or_create(
        user=user,
        defaults={
            "role": Role.BROKER.value,
            "broker": broker,
            "member": None,
            "employer": None,
            "mutuelle": None,
        },
    )
    user.groups.clear()
    user_role_grant(user=user, role=Role.BROKER)
    return [(f"Intermédiaire ({broker.name})", "courtier", password)]


EMPLOYER = "MS"  # the health ministry: a mid-sized administration of the generated fund


def employer_demo():
    """The employer the demo account acts for: the demo administration, else the first."""
    from openamo.members.models import Employer

    return (
        Employer.objects.filter(administration_code=EMPLOYER).first()
        or Employer.objects.exclude(administration_code__in=[c for c, _n, _w in PENSION_FUNDS])
        .order_by("name")
        .first()
    )


def employer_account() -> list[tuple[str, str, str]]:
    """An agent of an administration of the fund (its members, declarations and calls)."""
    from openamo.portal.models import PortalAccess
    from openamo.portal.roles import Role, user_role_grant

    employer = employer_demo()
    if employer is None:
        return []
    user, password = demo_account_reset(
        username="employeur", first_name="Nadia", last_name="Berrada"
    )
    PortalAccess.objects.update_or_create(
        user=user,
        defaults={
            "role": Role.EMPLOYER.value,
            "employer": employer,
            "member": None,
            "mutuelle": None,
            "broker": None,
        },
    )
    user.groups.clear()
    user_role_grant(user=user, role=Role.EMPLOYER)
    return [(f"Employeur ({employer.name})", "employeur", password)]


def mutuelle_account() -> list[tuple[str, str, str]]:
    """An agent of the mutuelle with the most members."""
    from django.db.models import Count

    from openamo.members.models import Mutuelle
    from openamo.portal.models import PortalAccess
    from openamo.portal.roles import Role, user_role_grant

    mutuelle = Mutuelle.objects.annotate(n=Count("members")).order_by("-n", "code").first()
    if mutuelle is None:
        return []
    user, password = demo_account_reset(username="mutuelle", first_name="Samira", last_name="Alami")
    PortalAccess.objects.update_or_create(
        user=user,
        defaults={
            "role": Role.MUTUELLE_AGENT.value,
            "mutuelle": mutuelle,
            "member": None,
            "employer": None,
            "broker": None,
        },
    )
    user.groups.clear()
    user_role_grant(user=user, role=Role.MUTUELLE_AGENT)
    return [(f"Agent de mutuelle ({mutuelle.code.upper()})", "mutuelle", password)]
