"""Hand-made claim lines for the rule tests."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from openamo.fraud.rules import Bundle, Context, LineFact, Restriction

_ids = count(1)
D0 = date(2026, 3, 2)  # a Monday


def line(**kw) -> LineFact:
    n = next(_ids)
    values = {
        "line_id": n,
        "claim_id": kw.pop("claim_id", n),
        "beneficiary_id": 1,
        "family_id": 1,
        "sex": "F",
        "birth_date": date(1980, 5, 1),
        "kind": "act",
        "code": "C",
        "care_date": D0,
        "executor": "100000001",
        "amount": Decimal("64.00"),
    }
    values.update(kw)
    return LineFact(**values)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


CTX = Context(
    restrictions=(
        Restriction("ACC-*", sex="F", min_age=12, max_age=55, label="Accouchement"),
        Restriction("CHIR-PROSTATE", sex="M", min_age=18, label="Chirurgie de la prostate"),
        Restriction("OPT-MONTURE-ENF", max_age=15, label="Monture enfant"),
    ),
    bundles=(
        Bundle("CHIR-*", ("HOSP-MED", "K"), days=3, label="Forfait chirurgical"),
        Bundle("ACC-*", ("HOSP-MED", "K"), days=3, label="Forfait accouchement"),
        Bundle("Cs", ("K",), max_coefficient=Decimal(10), label="Consultation avec ECG (CsC)"),
    ),
)
