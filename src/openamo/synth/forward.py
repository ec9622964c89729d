"""Bringing a recent demo fund forward to a later day, instead of rebuilding it.

The generator is deterministic: run again with the same seed over the twelve months up to the
new day, it draws the same population (same families, same people, same registration numbers,
their dates moved by the days between the two spans), and with other care draws (named after
the new day) a new year of care. Of that, `fund_forward` writes only what the fund lacks,
set-wise: the claims deposited after the fund's last day (for the people the fund has, matched
by registration number, rank, first name and birth date), the prior authorisations they refer
to and the requests submitted since, the declarations of the months declared since (with their
contribution calls). The living
steps of the demo then run on the new days (`demo._living`: the morning's mail, the batch,
receipts, payment runs, the fraud scan), each written to add only what is missing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from openamo.authorizations.models import AuthorizationRequest, DirectBillingAgreement
from openamo.contributions.models import Declaration
from openamo.members.models import Beneficiary, Employer, Mutuelle
from openamo.referentials import models as ref
from openamo.referentials.models import Provider

from . import fraud, shape
from .fund import chunks_generate, plan
from .models import SyntheticFund
from .payroll import declared_months
from .services import catalogue_load
from .span import Span
from .writer import FundWriter

FORWARD_MAX_DAYS = 60  # a fund older than this is rebuilt (its year has moved too far) [I]


@dataclass
class Forward:
    since: date
    until: date
    counts: dict = field(default_factory=dict)


def forward_days(fund: SyntheticFund | None, today: date) -> int | None:
    """How many days `fund` is behind `today` when it can be brought forward (1 to
    FORWARD_MAX_DAYS), else None (no fund, a calendar-year fund, up to date, or too old)."""
    if fund is None or fund.until is None:
        return None
    days = (today - fund.until).days
    return days if 0 < days <= FORWARD_MAX_DAYS else None


class _ForwardWriter(FundWriter):
    """The fund's writer on the existing fund: its providers, employers, mutuelles and
    people already written; only the declarations of the months declared after `since` open."""

    def attach(self, since: date) -> set[date]:
        self.providers = dict(Provider.objects.values_list("inpe", "id"))
        self.employers = dict(Employer.objects.values_list("administration_code", "id"))
        self.mutuelles = dict(Mutuelle.objects.values_list("code", "id"))
        self._authz_context()
        self.applied = set(DirectBillingAgreement.objects.values_list("provider_id", flat=True))
        known = set(Declaration.objects.values_list("employer_id", "period"))
        declared = set(declared_months(Span.until(since)))
        months = [m for m in declared_months(self.span) if m not in declared]
        with transaction.atomic():
            for code, employer_id in self.employers.items():
                for month in months:
                    if (employer_id, month) in known:
                        continue
                    decl = Declaration.objects.create(
                        employer_id=employer_id,
                        period=month,
                        scheme=self.scheme,
                        source="file",
                        file_name=f"synth-{code}-{month:%Y%m}.csv",
                    )
                    self.declarations[(code, month)] = decl.pk
        return {month for code, month in self.declarations}


def _people() -> dict[tuple[str, int], tuple[int, int, object, str]]:
    """(registration number, rank) → (member id, beneficiary id, birth date, first name)."""
    return {
        (regno, rank): (mid, bid, born, first)
        for regno, rank, mid, bid, born, first in Beneficiary.objects.values_list(
            "registration_number", "rank", "member_id", "id", "birth_date", "first_name"
        )
    }


def fund_forward(*, today: date, progress=None) -> Forward:
    """Write the fund's missing days up to `today` (see the module's docstring)."""
    fund = SyntheticFund.objects.get()
    since = fund.until
    span = Span.until(today)
    scheme = ref.Scheme.objects.get(code=shape.SCHEME)
    catalogue = catalogue_load(scheme)
    rates = fraud.default_rates(fund.fraud_rates)
    _, args = plan(catalogue, fund.beneficiaries, fund.seed, span, rates, 0)
    ald = {
        code: (pk, label)
        for pk, code, label in ref.AldCondition.objects.values_list("pk", "code", "label")
    }
    writer = _ForwardWriter(scheme=scheme, year=span, fund=fund, ald=ald, rates=rates)
    writer.attach(since)
    people = _people()
    references = set(AuthorizationRequest.objects.values_list("reference", flat=True))
    families_total = 0
    shift = today - since  # the population drawn over the new span: its dates moved as much
    for result in chunks_generate(*args, care=f"/{today.isoformat()}"):
        families_total = result.families[-1].index + 1
        members, beneficiaries = {}, {}
        for f in result.families:
            for p in f.persons:
                found = people.get((f.registration_number, p.rank))
                if found and found[2] == p.birth_date - shift and found[3] == p.first_name:
                    members[f.index] = found[0]
                    beneficiaries[(f.index, p.rank)] = found[1]
        keys = {"members": members, "beneficiaries": beneficiaries}
        claims = [
            c
            for c in result.claims
            if since < c.deposit_date <= today and (c.family, c.rank) in beneficiaries
        ]
        cited = {x.authorization_ref for c in claims for x in c.lines if x.authorization_ref}
        requests = [
            r
            for r in result.requests
            if r.reference not in references
            and (r.family, r.rank) in beneficiaries
            and (r.reference in cited or r.submitted_at.date() > since)
        ]
        references |= {r.reference for r in requests}
        pay = [
            p
            for p in result.pay
            if (p.employer, p.month) in writer.declarations and p.family in members
        ]
        with transaction.atomic():
            writer._claims(claims, keys)
            writer._requests(result.families, requests, keys)
            writer._payroll(pay, keys)
        if progress:
            progress(sum(len(f.persons) for f in result.families))
    writer.finish(families_total, 0)
    counts = dict(writer.counts)
    with transaction.atomic():
        fund.until = today
        fund.counts = {k: fund.counts.get(k, 0) + counts.get(k, 0) for k in {*fund.counts, *counts}}
        fund.save(update_fields=["until", "counts"])
    return Forward(since, today, counts)
