"""What the rules read and what they return: plain dataclasses, no Django, no I/O.

A `LineFact` is one adjudicated claim line with what the rules need about its beneficiary and
its providers; a `Hit` is one finding with its evidence and a French explanation. The service
side (`fraud/scan.py`) builds the facts set-wise from the database or a columnar extract.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LineFact:
    line_id: int
    claim_id: int
    beneficiary_id: int
    family_id: int
    sex: str  # "M" / "F"
    birth_date: date
    kind: str  # act, medicine, device, forfait
    code: str  # letter key, EAN-13, device or forfait code
    care_date: date
    executor: str  # INPE
    prescriber: str = ""
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    amount: Decimal = Decimal(0)  # what the fund pays for the line (the amount at stake)
    prescription_date: date | None = None
    death_date: date | None = None
    molecule: str = ""  # medicines: the generic group or INN
    authorization_ref: str = ""

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass(frozen=True)
class Restriction:
    """Who may receive a code: a code or a code prefix ending in '*' (e.g. 'ACC-*')."""

    code: str
    sex: str = ""  # "M", "F" or "" for both
    min_age: int | None = None
    max_age: int | None = None
    label: str = ""

    def matches(self, code: str) -> bool:
        if self.code.endswith("*"):
            return code.startswith(self.code[:-1])
        return code == self.code


@dataclass(frozen=True)
class Bundle:
    """A code that includes others billed by the same executor around the same day: a surgical
    forfait includes its stay and its acts; a cardiology consultation includes its ECG."""

    code: str  # the including code or prefix ('CHIR-*')
    included: tuple[str, ...]  # codes billed apart that the bundle already pays
    days: int = 0  # how many days after the bundle's date the included codes are looked for
    max_coefficient: Decimal | None = None  # e.g. the ECG is a K of at most 10
    requires_code: str = ""  # 'Cs' + 'K' (no 'CsC') is an unbundled 'CsC'
    label: str = ""

    def including(self, code: str) -> bool:
        if self.code.endswith("*"):
            return code.startswith(self.code[:-1])
        return code == self.code


@dataclass(frozen=True)
class Context:
    """The referential side of the rules: thresholds (dated rows read by the service for the
    scan's date), restrictions, bundles and code families."""

    thresholds: Mapping[str, Decimal] = field(default_factory=dict)
    restrictions: tuple[Restriction, ...] = ()
    bundles: tuple[Bundle, ...] = ()
    stay_codes: frozenset[str] = frozenset({"HOSP-MED"})
    surgery_prefixes: tuple[str, ...] = ("CHIR-", "ACC-")
    dialysis_codes: frozenset[str] = frozenset({"DIAL", "DIAL-HP"})
    consultation_codes: frozenset[str] = frozenset({"C", "Cs", "CsC", "V", "Vs", "CNPSY", "VNPSY"})

    def threshold(self, code: str, default: int | str) -> Decimal:
        return Decimal(str(self.thresholds.get(code, default)))


@dataclass(frozen=True)
class Hit:
    rule: str
    reason: str  # coded reason, labelled in French by fraud/reasons.py
    explanation: str  # French, for the controller (and the insured where a line is held)
    line_ids: tuple[int, ...]
    beneficiary_id: int | None = None
    provider: str = ""
    score: float = 1.0
    amount: Decimal = Decimal(0)
    evidence: dict = field(default_factory=dict)
    key: str = ""  # stable identity of the finding, for deduplication across runs


def amount_of(lines) -> Decimal:
    return sum((x.amount for x in lines), Decimal(0))


def fr_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"
