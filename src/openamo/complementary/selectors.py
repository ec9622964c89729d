"""Reads: complementary statements, ceilings left this year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from openamo.core.money import ZERO

from .models import ComplementaryLine, ComplementaryStatement, Enrolment, Guarantee


def statement_current(*, claim) -> ComplementaryStatement | None:
    """The complementary statement in force for a claim (not superseded)."""
    return (
        ComplementaryStatement.objects.filter(claim=claim, superseded=False)
        .select_related("contract__insurer", "base_statement")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ComplementaryLine.objects.select_related(
                    "base_line__claim_line", "guarantee"
                ).order_by("number"),
            )
        )
        .order_by("-computed_at", "-id")
        .first()
    )


def statements_for_claims(claim_ids) -> dict[int, ComplementaryStatement]:
    rows = ComplementaryStatement.objects.filter(claim_id__in=list(claim_ids), superseded=False)
    return {row.claim_id: row for row in rows}


@dataclass(frozen=True)
class CeilingLeft:
    contract: str
    category: str
    scope: str  # "person" or "family"
    who: str
    ceiling: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return max(self.ceiling - self.used, ZERO)


def ceilings_left(*, beneficiaries, day: date) -> list[CeilingLeft]:
    """Every yearly ceiling of the contracts covering these beneficiaries on `day`, with what
    this calendar year's statements consumed (per person, and per family)."""
    beneficiaries = list(beneficiaries)
    enrolments = list(
        Enrolment.objects.in_force_on(day)
        .filter(beneficiary__in=beneficiaries)
        .select_related("contract", "beneficiary")
    )
    if not enrolments:
        return []
    used = (
        ComplementaryLine.objects.filter(
            statement__superseded=False,
            statement__contract__in={e.contract_id for e in enrolments},
            beneficiary__in=beneficiaries,
            care_date__year=day.year,
        )
        .values("statement__contract_id", "beneficiary_id", "member_id", "care_category")
        .annotate(total=Sum("complementary"))
    )
    person: dict = {}
    family: dict = {}
    for row in used:
        contract, category = row["statement__contract_id"], row["care_category"]
        key = (contract, row["beneficiary_id"], category)
        person[key] = person.get(key, ZERO) + row["total"]
        fkey = (contract, row["member_id"], category)
        family[fkey] = family.get(fkey, ZERO) + row["total"]
    found: list[CeilingLeft] = []
    seen_family: set = set()
    guarantees = Guarantee.objects.in_force_on(day).filter(
        contract__in={e.contract_id for e in enrolments}
    )
    by_contract: dict = {}
    for g in guarantees:
        by_contract.setdefault(g.contract_id, []).append(g)
    for e in enrolments:
        b = e.beneficiary
        for g in by_contract.get(e.contract_id, ()):
            label = g.get_care_category_display()
            if g.person_year_ceiling is not None:
                got = person.get((e.contract_id, b.pk, g.care_category), ZERO)
                found.append(
                    CeilingLeft(
                        e.contract.reference,
                        label,
                        "person",
                        b.full_name,
                        g.person_year_ceiling,
                        got,
                    )
                )
            fkey = (e.contract_id, b.member_id, g.care_category)
            if g.family_year_ceiling is not None and fkey not in seen_family:
                seen_family.add(fkey)
                found.append(
                    CeilingLeft(
                        e.contract.reference,
                        label,
                        "family",
                        "",
                        g.family_year_ceiling,
                        family.get(fkey, ZERO),
                    )
                )
    return found


def contract_statements(contract) -> QuerySet[ComplementaryStatement]:
    return ComplementaryStatement.objects.filter(contract=contract, superseded=False)
