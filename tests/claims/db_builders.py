"""A small fund in the database for the claims tests: tariffs, providers, one family."""

from datetime import date
from decimal import Decimal as D

from openamo.referentials import models as ref
from tests.members.helpers import child_add, member_make

START = date(2006, 9, 1)
GP, CLINIC, HOSPITAL, PHARMACY, OPTICIAN = (
    "200000001",
    "200000002",
    "200000003",
    "200000004",
    "200000005",
)
BRAND, GENERIC = "6111000000014", "6111000000021"


def tariffs_create():
    for code, label, category, value in [
        ("C", "Consultation du généraliste", "consultation", "80"),
        ("Cs", "Consultation du spécialiste", "consultation", "150"),
        ("K", "Actes techniques", "technical_act", "22.50"),
    ]:
        key = ref.LetterKey.objects.create(code=code, label=label, care_category=category)
        ref.LetterKeyValue.objects.create(letter_key=key, value=D(value), valid_from=START)
    day = ref.TariffForfait.objects.create(
        code="HOSP-DAY",
        label="Journée d'hospitalisation",
        grid=3,
        care_category="hospitalisation",
        unit="day",
    )
    ref.TariffForfaitValue.objects.create(
        forfait=day, sector="private", amount=D("750"), valid_from=START
    )
    ref.TariffForfaitValue.objects.create(
        forfait=day, sector="public", amount=D("300"), valid_from=START
    )
    for ean, brand, generic, ppv in [
        (BRAND, "Amoxil", False, "100"),
        (GENERIC, "Amoxicilline Cooper", True, "60"),
    ]:
        medicine = ref.Medicine.objects.create(
            ean13=ean,
            brand=brand,
            inn="amoxicilline",
            dosage="1 g",
            form="comprimé",
            generic_group="AMOX-1G",
            is_generic=generic,
        )
        ref.MedicinePrice.objects.create(
            medicine=medicine, ppv=D(ppv), pbr=D("60"), valid_from=START
        )
    frame = ref.Device.objects.create(code="OPT-MONTURE", label="Monture", category="optics")
    ref.DeviceForfait.objects.create(device=frame, amount=D("400"), valid_from=START)


def providers_create():
    region = ref.Region.objects.create(code="R06", name="Casablanca-Settat")
    delegation = ref.Delegation.objects.create(
        code="D01", name="Casablanca", region=region, seat="Casablanca"
    )
    city = ref.City.objects.create(name="Casablanca", region=region, delegation=delegation)
    for inpe, kind, sector in [
        (GP, "gp", "private"),
        (CLINIC, "clinic", "private"),
        (HOSPITAL, "public_hospital", "public"),
        (PHARMACY, "pharmacy", "private"),
        (OPTICIAN, "optician", "private"),
    ]:
        ref.Provider.objects.create(
            inpe=inpe, name=f"Prestataire {inpe}", kind=kind, sector=sector, city=city
        )


def family_create(scheme):
    member = member_make(scheme, registered_on=date(2010, 1, 1))
    child = child_add(member, birth_date=date(2010, 3, 15))
    return member.beneficiaries.get(rank=0), child.beneficiary
