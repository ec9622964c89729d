"""Referential rows for tests, built from DOMAIN.md's figures (independent of the sample files)."""

from datetime import date
from decimal import Decimal as D

from openamo.referentials.models import (
    ContributionRate,
    ParameterCode,
    ReimbursementRate,
    Scheme,
    SchemeParameter,
)

AMO_START = date(2005, 9, 1)

COMMON_PARAMETERS = {
    ParameterCode.DEPOSIT_DELAY_DAYS: 60,
    ParameterCode.BILLING_DELAY_DAYS: 90,
    ParameterCode.BILLING_BATCH_MAX: 30,
    ParameterCode.CHILD_AGE_LIMIT: 21,
    ParameterCode.STUDENT_AGE_LIMIT: 26,
    ParameterCode.RIGHTS_MAINTENANCE_MONTHS: 6,
    ParameterCode.RIGHTS_MAINTENANCE_DIVORCE_MONTHS: 12,
    ParameterCode.RIGHTS_MAINTENANCE_SURVIVOR_MONTHS: 24,
    ParameterCode.ALD_EXEMPTION_YEARS: 5,
    ParameterCode.ALD_RATE: 100,
}

# (population, component, base, rate, floor, ceiling, yearly ceiling, from, to)
CNOPS_RATES = [
    ("active", "employee", "salary", "2.5", "70", "400", None, AMO_START, None),
    ("active", "employer", "salary", "2.5", "70", "400", None, AMO_START, None),
    ("retired", "member", "pension", "2.5", "70", "400", None, AMO_START, None),
    ("voluntary", "member", "last_salary", "5", None, None, None, AMO_START, None),
    ("active", "complementary", "salary", "1.8", None, None, "600", AMO_START, None),
]
CNSS_RATES = [
    ("active", "employee", "salary", "2", None, None, None, AMO_START, date(2015, 12, 31)),
    ("active", "employer", "salary", "2", None, None, None, AMO_START, date(2015, 12, 31)),
    ("active", "solidarity", "salary", "1", None, None, None, AMO_START, date(2012, 12, 31)),
    (
        "active",
        "solidarity",
        "salary",
        "1.5",
        None,
        None,
        None,
        date(2013, 1, 1),
        date(2015, 12, 31),
    ),
    ("active", "employee", "salary", "2.26", None, None, None, date(2016, 1, 1), None),
    ("active", "employer", "salary", "2.26", None, None, None, date(2016, 1, 1), None),
    ("active", "solidarity", "salary", "1.85", None, None, None, date(2016, 1, 1), None),
]

CNOPS_REIMBURSEMENT = [
    ("consultation", "all", 80),
    ("technical_act", "all", 80),
    ("biology", "all", 80),
    ("radiology", "all", 80),
    ("dental", "all", 80),
    ("paramedical", "all", 80),
    ("medicine", "all", 70),
    ("device", "all", 100),
    ("optics", "all", 100),
    ("hospitalisation", "private", 90),
    ("hospitalisation", "public", 100),
    ("surgery", "private", 90),
    ("surgery", "public", 100),
]


def _d(value):
    return None if value is None else D(value)


def scheme_create(code="cnops", *, opening_days=None, opening_window_months=None) -> Scheme:
    scheme = Scheme.objects.create(code=code, name=code.upper(), fund=code.split("-")[0].upper())
    parameters = dict(COMMON_PARAMETERS)
    if opening_days is not None:
        parameters[ParameterCode.RIGHTS_OPENING_DAYS] = opening_days
        parameters[ParameterCode.RIGHTS_OPENING_WINDOW_MONTHS] = opening_window_months or 6
    for param, value in parameters.items():
        SchemeParameter.objects.create(
            scheme=scheme, code=param, value=D(value), valid_from=AMO_START
        )
    rates = CNOPS_RATES if code == "cnops" else CNSS_RATES
    for population, component, base, rate, floor, ceiling, yearly, start, end in rates:
        ContributionRate.objects.create(
            scheme=scheme,
            population=population,
            component=component,
            base=base,
            rate=D(rate),
            floor_monthly=_d(floor),
            ceiling_monthly=_d(ceiling),
            ceiling_yearly=_d(yearly),
            valid_from=start,
            valid_to=end,
        )
    for category, sector, rate in CNOPS_REIMBURSEMENT:
        ReimbursementRate.objects.create(
            scheme=scheme, care_category=category, sector=sector, rate=D(rate), valid_from=AMO_START
        )
    return scheme


def cnss_create() -> Scheme:
    return scheme_create("cnss-salaries", opening_days=54, opening_window_months=6)
