"""In-memory tariffs and contexts for engine tests, with DOMAIN.md's figures."""

from datetime import date
from decimal import Decimal as D

from openamo.claims.engine import Claim, Context, Coverage, Line, Period, ProviderFacts
from openamo.claims.tariffs import Dated, DatedTable, Item, MedicinePrice, Tariffs

START = date(2006, 9, 1)
GP, CLINIC, HOSPITAL, PHARMACY, OPTICIAN = (
    "100000001",
    "100000002",
    "100000003",
    "100000004",
    "100000005",
)
BRAND, GENERIC, NOT_REIMBURSED = "6111000000014", "6111000000021", "6111000000038"


def dated(key, value, start=START, end=None):
    return key, Dated(start, end, D(value))


RATES = [
    (("consultation", "all"), "80"),
    (("technical_act", "all"), "80"),
    (("medicine", "all"), "70"),
    (("optics", "all"), "100"),
    (("device", "all"), "100"),
    (("hospitalisation", "private"), "90"),
    (("hospitalisation", "public"), "100"),
]


def tariffs(extra_letter_values=()) -> Tariffs:
    return Tariffs(
        letter_keys={
            "C": Item("Consultation du généraliste", "consultation"),
            "Cs": Item("Consultation du spécialiste", "consultation"),
            "K": Item("Actes de chirurgie et de spécialité", "technical_act"),
        },
        letter_key_values=DatedTable(
            [
                dated(("C", "all"), "80"),
                dated(("Cs", "all"), "150"),
                dated(("K", "all"), "22.50"),
                *extra_letter_values,
            ]
        ),
        forfaits={"HOSP-DAY": Item("Journée d'hospitalisation médicale", "hospitalisation")},
        forfait_values=DatedTable(
            [dated(("HOSP-DAY", "private"), "750"), dated(("HOSP-DAY", "public"), "300")]
        ),
        medicines={
            BRAND: "Amoxil 1 g",
            GENERIC: "Amoxicilline Cooper 1 g",
            NOT_REIMBURSED: "Vitamine C",
        },
        medicine_prices=DatedTable(
            [
                (BRAND, Dated(START, None, MedicinePrice(D("100.00"), D("60.00"), True))),
                (GENERIC, Dated(START, None, MedicinePrice(D("60.00"), D("60.00"), True))),
                (NOT_REIMBURSED, Dated(START, None, MedicinePrice(D("25.00"), None, False))),
            ]
        ),
        devices={
            "OPT-MONTURE": Item("Monture de lunettes", "optics"),
            "PACEMAKER": Item("Stimulateur cardiaque", "device", needs_authorization=True),
        },
        device_forfaits=DatedTable([dated("OPT-MONTURE", "400"), dated("PACEMAKER", "25000")]),
        rates=DatedTable(
            [
                ((("cnops", cat), sector), Dated(START, None, D(rate)))
                for (cat, sector), rate in RATES
            ]
        ),
        parameters=DatedTable(
            [dated(("cnops", "deposit_delay_days"), "60"), dated(("cnops", "ald_rate"), "100")]
        ),
    )


PROVIDERS = {
    GP: ProviderFacts("private"),
    CLINIC: ProviderFacts("private"),
    HOSPITAL: ProviderFacts("public"),
    PHARMACY: ProviderFacts("private"),
    OPTICIAN: ProviderFacts("private"),
}


ALWAYS = (Period(START, None),)


def context(
    rights=ALWAYS,
    exemptions=(),
    paid=frozenset(),
    authorizations=None,
    tariff_table=None,
):
    return Context(
        tariffs=tariff_table or tariffs(),
        coverage=Coverage(tuple(rights), tuple(exemptions)),
        providers=PROVIDERS,
        paid=paid,
        authorizations=authorizations or {},
    )


def line(kind, code, day, inpe, number=1, **kw):
    for name in ("coefficient", "quantity", "charged", "prescribed_quantity"):
        if name in kw and kw[name] is not None:
            kw[name] = D(str(kw[name]))
    return Line(number=number, kind=kind, code=code, care_date=day, executor_inpe=inpe, **kw)


def claim(*lines, deposit=None, beneficiary=1, continuous=False):
    deposit = deposit or max(x.care_date for x in lines)
    return Claim("F-1", beneficiary, "cnops", deposit, tuple(lines), continuous)
