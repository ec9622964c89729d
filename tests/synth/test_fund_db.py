"""The generated fund in the database: the same rows for the same seed, rights as the services
store them, claims adjudicated by the fund's batch, labels stored apart."""

import hashlib

import pytest
from django.db import transaction

from openamo.authorizations.models import (
    AuthorizationRequest,
    DirectBillingAgreement,
    RequestAct,
    RequestEvent,
    SubmittedDocument,
)
from openamo.authorizations.selectors import agreements_for_claims, queue_list
from openamo.claims.models import Claim, ClaimLine, ClaimStatus, StatementLine
from openamo.claims.services import claims_adjudicate_pending
from openamo.contributions.models import Declaration, DeclarationLine
from openamo.members.models import Beneficiary, Member, RightsPeriod
from openamo.members.services import member_rights_recompute
from openamo.synth.models import FraudLabel
from openamo.synth.services import FundNotEmpty, fund_generate

from .conftest import sample_referentials_load

SIZE = 1000


class _Rollback(Exception):
    pass


def db_digest() -> dict[str, str]:
    out = {}
    for model, fields in (
        (Member, ("registration_number", "cin", "last_name", "first_name", "birth_date", "sex",
                  "status", "employer__administration_code", "registered_on", "city__name")),
        (Beneficiary, ("registration_number", "rank", "role", "cin", "name_key", "birth_date",
                       "deceased_on", "age_limit_on", "rights")),
        (RightsPeriod, ("beneficiary__registration_number", "beneficiary__rank", "kind",
                        "starts_on", "ends_on")),
        (Claim, ("reference", "beneficiary__registration_number", "beneficiary__rank", "channel",
                 "deposit_date", "first_care_date", "last_care_date", "ald_code", "created_at")),
        (ClaimLine, ("claim__reference", "number", "kind", "code", "care_date", "executor_inpe",
                     "prescriber_inpe", "coefficient", "quantity", "charged", "authorization_ref")),
        (DeclarationLine, ("declaration__employer__administration_code", "declaration__period",
                           "member__registration_number", "gross_salary", "days",
                           "contribution_total")),
        (AuthorizationRequest, ("reference", "beneficiary__registration_number",
                                "beneficiary__rank", "provider__inpe", "authorization_type__code",
                                "stage", "status", "queue", "delegation__code", "planned_start",
                                "planned_end", "valid_from", "valid_to", "submitted_at",
                                "due_at", "decided_at", "decision_rule", "amount_covered")),
        (RequestAct, ("request__reference", "number", "code", "quantity", "base", "covered",
                      "granted_quantity")),
        (RequestEvent, ("request__reference", "at", "action", "rule", "to_status")),
        (SubmittedDocument, ("request__reference", "document_type__code", "received_at")),
        (DirectBillingAgreement, ("provider__inpe", "status", "care_categories", "starts_on",
                                  "applied_at", "decided_at")),
        (FraudLabel, ("pattern", "claim__reference", "claim_line__number",
                      "beneficiary__registration_number", "beneficiary__rank", "provider__inpe",
                      "group")),
    ):  # fmt: skip
        h = hashlib.sha256()
        for row in model.objects.order_by(*fields).values_list(*fields):
            h.update(repr(row).encode())
        out[model.__name__] = h.hexdigest()[:12]
    return out


@pytest.mark.django_db(transaction=False)
def test_same_seed_same_rows_and_a_working_fund(db):
    sample_referentials_load()
    digests = []
    for _ in range(2):
        try:
            with transaction.atomic():
                fund = fund_generate(beneficiaries=SIZE, seed=3, year=2025)
                digests.append(db_digest())
                raise _Rollback
        except _Rollback:
            pass
    assert digests[0] == digests[1]

    fund = fund_generate(beneficiaries=SIZE, seed=3, year=2025)
    assert Beneficiary.objects.count() >= SIZE
    assert fund.counts["claims"] == Claim.objects.count() > SIZE
    assert Declaration.objects.filter(line_count__gt=0).exists()
    with pytest.raises(FundNotEmpty):
        fund_generate(beneficiaries=SIZE, seed=3)

    # the rights snapshot is exactly what the members service stores
    for member in Member.objects.order_by("pk")[:40]:
        before = list(
            Beneficiary.objects.filter(member=member)
            .order_by("rank")
            .values_list("rank", "rights", "age_limit_on", "deceased_on")
        )
        periods = list(
            RightsPeriod.objects.filter(beneficiary__member=member)
            .order_by("beneficiary__rank", "starts_on")
            .values_list("beneficiary__rank", "kind", "starts_on", "ends_on", "reason")
        )
        member_rights_recompute(member=member)
        assert before == list(
            Beneficiary.objects.filter(member=member)
            .order_by("rank")
            .values_list("rank", "rights", "age_limit_on", "deceased_on")
        )
        assert periods == list(
            RightsPeriod.objects.filter(beneficiary__member=member)
            .order_by("beneficiary__rank", "starts_on")
            .values_list("beneficiary__rank", "kind", "starts_on", "ends_on", "reason")
        )

    run = claims_adjudicate_pending(source="test synth")
    assert run.claims == Claim.objects.count()
    assert not Claim.objects.filter(status=ClaimStatus.RECEIVED).exists()
    assert run.reimbursed > 0
    patterns = set(FraudLabel.objects.values_list("pattern", flat=True))
    assert {"duplicate_line", "collusion_ring", "fictitious_dependent"} <= patterns
    # a duplicated line is caught by the engine as a duplicate
    dup = FraudLabel.objects.filter(pattern="duplicate_line", claim_line__isnull=False).first()
    results = dup.claim_line.results.values_list("rejection_code", flat=True)
    assert set(results) & {"duplicate", "no_rights", "late_deposit"} or results

    # every line needing a prior approval is accepted on its agreement, unless injected fraud
    needing = StatementLine.objects.exclude(claim_line__authorization_ref="")
    assert needing.filter(rejection_code="").count() > 100
    labelled = set(
        FraudLabel.objects.filter(claim_line__isnull=False).values_list("claim_line_id", flat=True)
    )
    claims_labelled = set(
        FraudLabel.objects.filter(claim_line__isnull=True, claim__isnull=False).values_list(
            "claim_id", flat=True
        )
    )
    missing = StatementLine.objects.filter(rejection_code="authorization_missing").values_list(
        "claim_line_id", "claim_line__claim_id", "claim_line__code", "claim_line__authorization_ref"
    )
    unexplained = [m for m in missing if m[0] not in labelled and m[1] not in claims_labelled]
    assert unexplained == []
    # the claims engine reads the agreements through the authorisations selector
    refs = set(
        ClaimLine.objects.exclude(authorization_ref="").values_list("authorization_ref", flat=True)
    )
    ids = Beneficiary.objects.values_list("pk", flat=True)
    assert refs <= set(agreements_for_claims(beneficiary_ids=list(ids)))
    # requests waiting in the queues, and the clinics admitted to direct billing
    assert queue_list().count() >= 2
    assert DirectBillingAgreement.objects.filter(status="active", provider__kind="clinic").exists()
