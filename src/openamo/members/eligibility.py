"""Eligibility of a beneficiary on a date for a care category. Pure: no Django, no I/O.

In: the candidate beneficiaries the lookup found (their precomputed rights periods and ALD
exemptions), the day, the care category, and the scheme's rates in force that day.
Out: eligible or not, with machine-readable reasons (code + French message).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ALL = "all"
PRIVATE = "private"

MESSAGES = {
    "unknown_beneficiary": "Aucun bénéficiaire ne correspond à ces critères.",
    "ambiguous": "Plusieurs bénéficiaires correspondent : préciser la date de naissance ou le rang.",
    "deceased": "Le bénéficiaire est décédé le {day}.",
    "suspended": "Les droits sont suspendus à cette date.",
    "age_limit_reached": "Limite d'âge atteinte le {day} sans justificatif de scolarité ou de handicap valide.",
    "no_rights": "Aucun droit ouvert à cette date.",
    "care_not_covered": "Aucun taux de remboursement en vigueur pour cette catégorie de soins.",
    "rights_maintained": "Droits maintenus jusqu'au {day}.",
    "ald_only": "Droits limités aux soins de l'affection exonérée (continuité des soins ALD).",
}


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


def reason(code: str, day: date | None = None) -> Reason:
    text = MESSAGES[code]
    return Reason(code, text.format(day=f"{day:%d/%m/%Y}") if day else text)


@dataclass(frozen=True)
class PeriodFact:
    start: date
    end: date | None
    kind: str  # open / maintained / ald_continuity / suspended

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ExemptionFact:
    condition_code: str
    label: str
    start: date
    end: date | None  # None: lifetime

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class BeneficiaryFacts:
    beneficiary_id: int
    registration_number: str
    rank: int
    last_name: str
    first_name: str
    role: str
    birth_date: date
    scheme_id: int
    scheme_code: str
    deceased_on: date | None = None
    age_limit_on: date | None = None
    periods: tuple[PeriodFact, ...] = ()
    exemptions: tuple[ExemptionFact, ...] = ()


@dataclass(frozen=True)
class SchemeRates:
    """The scheme's reimbursement rates in force on a day: (care category, sector) → %."""

    scheme_code: str
    reimbursement: Mapping[tuple[str, str], Decimal]
    ald_rate: Decimal | None = None

    def rate_for(self, category: str, sector: str) -> tuple[Decimal | None, str | None]:
        tried = (sector, ALL) if sector != ALL else (ALL, PRIVATE)
        for candidate in tried:
            rate = self.reimbursement.get((category, candidate))
            if rate is not None:
                return rate, candidate
        return None, None


@dataclass(frozen=True)
class EligibilityAnswer:
    eligible: bool
    day: date
    care_category: str
    reasons: tuple[Reason, ...]
    beneficiary: BeneficiaryFacts | None = None
    scheme_code: str | None = None
    rights_kind: str | None = None
    rights_until: date | None = None
    rate: Decimal | None = None
    rate_sector: str | None = None
    ald_rate: Decimal | None = None
    exemptions: tuple[ExemptionFact, ...] = ()


def eligibility(
    *,
    candidates: Sequence[BeneficiaryFacts],
    day: date,
    care_category: str,
    rates: SchemeRates | None,
    sector: str = ALL,
) -> EligibilityAnswer:
    if not candidates:
        return EligibilityAnswer(False, day, care_category, (reason("unknown_beneficiary"),))
    if len(candidates) > 1:
        return EligibilityAnswer(False, day, care_category, (reason("ambiguous"),))
    facts = candidates[0]

    def refuse(*why: Reason) -> EligibilityAnswer:
        return EligibilityAnswer(
            False, day, care_category, why, facts, facts.scheme_code, exemptions=exemptions
        )

    exemptions = tuple(e for e in facts.exemptions if e.covers(day))
    if facts.deceased_on is not None and day > facts.deceased_on:
        return refuse(reason("deceased", facts.deceased_on))
    period = next((p for p in facts.periods if p.covers(day)), None)
    if period is not None and period.kind == "suspended":
        return refuse(reason("suspended"))
    if period is None or (period.kind == "ald_continuity" and not exemptions):
        if facts.age_limit_on is not None and day >= facts.age_limit_on:
            return refuse(reason("age_limit_reached", facts.age_limit_on))
        return refuse(reason("no_rights"))
    rate, rate_sector = rates.rate_for(care_category, sector) if rates else (None, None)
    if rate is None:
        return refuse(reason("care_not_covered"))
    notes = []
    if period.kind == "maintained":
        notes.append(reason("rights_maintained", period.end))
    if period.kind == "ald_continuity":
        notes.append(reason("ald_only"))
    return EligibilityAnswer(
        eligible=True,
        day=day,
        care_category=care_category,
        reasons=tuple(notes),
        beneficiary=facts,
        scheme_code=facts.scheme_code,
        rights_kind=period.kind,
        rights_until=period.end,
        rate=rate,
        rate_sector=rate_sector,
        ald_rate=rates.ald_rate if exemptions and rates else None,
        exemptions=exemptions,
    )
