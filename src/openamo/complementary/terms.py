"""Loading contract terms and yearly consumption from the database into the pure core's
dataclasses, set-wise: one query per kind of row for any number of beneficiaries."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from openamo.referentials.fields import split_codes

from . import remainder as core
from .models import ComplementaryLine, Enrolment, Guarantee, NetworkProvider


def guarantee_terms(row: Guarantee) -> core.Guarantee:
    return core.Guarantee(
        id=row.pk,
        category=row.care_category,
        label=row.get_care_category_display(),
        basis=row.basis,
        rate=row.rate,
        flat=row.flat,
        network_rate=row.network_rate,
        network_flat=row.network_flat,
        per_act_ceiling=row.per_act_ceiling,
        person_year_ceiling=row.person_year_ceiling,
        family_year_ceiling=row.family_year_ceiling,
        waiting_days=row.waiting_days,
        excluded=row.excluded,
        excluded_codes=frozenset(split_codes(row.excluded_codes)),
    )


def _in_force(rows, day: date):
    for row in rows:
        if row.valid_from <= day and (row.valid_to is None or row.valid_to >= day):
            return row
    return None


class ContractTerms:
    """A contract's guarantees and network over a period, looked up in memory."""

    def __init__(self, contract_id: int, start: date, end: date):
        overlap = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        self.guarantees: dict[str, list[core.Guarantee]] = defaultdict(list)
        self._periods: dict[str, list] = defaultdict(list)
        for row in Guarantee.objects.filter(overlap, contract_id=contract_id).order_by(
            "valid_from"
        ):
            self._periods[row.care_category].append((row, guarantee_terms(row)))
        self._network = list(
            NetworkProvider.objects.filter(overlap, contract_id=contract_id).values_list(
                "inpe", "valid_from", "valid_to"
            )
        )

    def guarantee_for(self, category: str, day: date) -> core.Guarantee | None:
        for row, terms in self._periods.get(category, ()):
            if row.valid_from <= day and (row.valid_to is None or row.valid_to >= day):
                return terms
        return None

    def network_on(self, day: date) -> frozenset[str]:
        return frozenset(
            inpe
            for inpe, start, end in self._network
            if start <= day and (end is None or end >= day)
        )


def enrolments(contract_id: int, beneficiaries: Iterable[int]) -> dict[int, list[Enrolment]]:
    found: dict[int, list[Enrolment]] = defaultdict(list)
    for row in Enrolment.objects.filter(
        contract_id=contract_id, beneficiary_id__in=list(beneficiaries)
    ).order_by("valid_from"):
        found[row.beneficiary_id].append(row)
    return found


def cover_on(terms: ContractTerms, rows: list[Enrolment], day: date) -> core.Cover:
    row = _in_force(rows, day)
    if row is None:
        return core.Cover(enrolled_on=None, guarantee_for=terms.guarantee_for)
    # the waiting periods run from the first enrolment of an unbroken cover
    return core.Cover(
        enrolled_on=rows[0].valid_from if rows else row.valid_from,
        guarantee_for=terms.guarantee_for,
        network=terms.network_on(day),
        covered_until=row.valid_to,
    )


def ledger_for(
    *, contract_id: int, families: Iterable[int] | None, years: Iterable[int], exclude_claim=None
) -> core.Ledger:
    """What earlier complementary statements consumed, per person and per family."""
    qs = ComplementaryLine.objects.filter(
        statement__contract_id=contract_id,
        statement__superseded=False,
        care_date__year__in=list(years),
    )
    if families is not None:
        qs = qs.filter(member_id__in=list(families))
    if exclude_claim is not None:
        qs = qs.exclude(statement__claim_id=exclude_claim)
    ledger = core.Ledger()
    rows = qs.values("care_date__year", "beneficiary_id", "member_id", "care_category").annotate(
        used=Sum("complementary")
    )
    for row in rows:
        year, used = row["care_date__year"], Decimal(row["used"])
        pk = (year, row["beneficiary_id"], row["care_category"])
        fk = (year, row["member_id"], row["care_category"])
        ledger.person[pk] = ledger.person.get(pk, Decimal("0")) + used
        ledger.family[fk] = ledger.family.get(fk, Decimal("0")) + used
    return ledger
