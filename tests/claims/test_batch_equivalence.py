"""The batch gives exactly what the single-claim path gives, and never adjudicates twice."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openamo.claims.models import AdjudicationRun, Claim, ClaimStatus, Statement, StatementLine
from openamo.claims.services import (
    LineInput,
    claim_adjudicate,
    claim_submit,
    claims_adjudicate_pending,
)
from tests.claims.db_builders import (
    BRAND,
    CLINIC,
    GENERIC,
    GP,
    HOSPITAL,
    OPTICIAN,
    PHARMACY,
    family_create,
    providers_create,
    tariffs_create,
)

pytestmark = pytest.mark.django_db

CODES = [
    ("act", "C", GP),
    ("act", "Cs", GP),
    ("act", "K", CLINIC),
    ("act", "Z", GP),
    ("medicine", BRAND, PHARMACY),
    ("medicine", GENERIC, PHARMACY),
    ("device", "OPT-MONTURE", OPTICIAN),
    ("forfait", "HOSP-DAY", HOSPITAL),
    ("forfait", "HOSP-DAY", CLINIC),
    ("act", "C", "299999999"),
]
line_strategy = st.tuples(
    st.sampled_from(CODES),
    st.integers(0, 20),
    st.integers(1, 4),
    st.one_of(st.none(), st.decimals(D("1"), D("3000"), places=2)),
)
claim_strategy = st.tuples(
    st.integers(0, 1),  # which family member
    st.lists(line_strategy, min_size=1, max_size=5),
    st.integers(0, 75),  # deposit delay
)


@pytest.fixture
def world(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


def _submit(beneficiaries, drawn):
    first = date(2025, 2, 1)
    for who, lines, delay in drawn:
        built = [
            LineInput(
                kind=kind,
                code=code,
                care_date=first + timedelta(days=offset),
                executor_inpe=inpe,
                **({"coefficient": D(n)} if kind == "act" else {"quantity": D(n)}),
                charged=charged,
            )
            for (kind, code, inpe), offset, n, charged in lines
        ]
        deposit = max(x.care_date for x in built) + timedelta(days=delay)
        claim_submit(
            beneficiary=beneficiaries[who], channel="paper", deposit_date=deposit, lines=built
        )


def _results():
    rows = StatementLine.objects.order_by("statement__claim__reference", "number").values_list(
        "statement__claim__reference",
        "number",
        "base",
        "rate",
        "reimbursed",
        "copayment",
        "beyond_base",
        "rejection_code",
        "deductions",
        "statement__outcome",
    )
    return list(rows)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(claim_strategy, min_size=1, max_size=8), st.integers(1, 4))
def test_batch_equals_single_claim_path(world, drawn, chunk):
    with transaction.atomic():
        _submit(world, drawn)
        with transaction.atomic():
            for claim in Claim.objects.order_by("id"):
                claim_adjudicate(claim=claim)
            single = _results()
            transaction.set_rollback(True)
        run = claims_adjudicate_pending(chunk=chunk)
        batch = _results()
        assert run.claims == len(drawn)
        assert batch == single
        transaction.set_rollback(True)


def test_an_interrupted_batch_finishes_without_adjudicating_twice(world):
    member, child = world
    for day in range(1, 8):
        claim_submit(
            beneficiary=member if day % 2 else child,
            channel="paper",
            deposit_date=date(2025, 3, 20),
            lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, day), executor_inpe=GP)],
        )
    first = claims_adjudicate_pending(chunk=3, limit=3)  # stopped after its first chunk
    assert first.claims == 3 and Claim.objects.filter(status=ClaimStatus.RECEIVED).count() == 4
    second = claims_adjudicate_pending(chunk=3)
    assert second.claims == 4 and Claim.objects.filter(status=ClaimStatus.ADJUDICATED).count() == 7
    assert Statement.objects.count() == 7 and AdjudicationRun.objects.count() == 2
    assert claims_adjudicate_pending().claims == 0
    total = sum(s.total_reimbursed for s in Statement.objects.all())
    assert total == D("448.00")  # 7 consultations at 64.00
