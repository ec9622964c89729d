"""A counter-examination on a prior-authorisation request: a no-show refuses the request with
the reason, a reduction grants lower quantities."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from openamo.authorizations import services as pec
from openamo.authorizations.selectors import tariffs_cache_clear
from openamo.medical import counter_exams
from tests.authorizations.builders import (
    DAY,
    OTHER_CLINIC,
    SURGERY_ACTS,
    docs,
    family_create,
    kind,
    provider,
    referential_create,
)
from tests.medical.builders import reviewer_user

NOW = timezone.make_aware(timezone.datetime(2025, 3, 3, 9, 0))


@pytest.fixture
def pending(cnops):
    tariffs_cache_clear()
    member, _ = family_create(cnops, referential_create(cnops))
    request = pec.authorization_submit(
        provider=provider(OTHER_CLINIC),
        beneficiary=member,
        authorization_type=kind("CHIR"),
        diagnosis="K35.8",
        documents=docs("DEMANDE", "DEVIS", "CR_MED"),
        acts=SURGERY_ACTS,
        planned_start=DAY,
        planned_end=DAY + timedelta(days=2),
        now=NOW,
    )
    assert request.status == "pending"
    yield request
    tariffs_cache_clear()


def order(reviewer, request):
    return counter_exams.counter_exam_order(
        reviewer=reviewer,
        motive="indication opératoire à vérifier",
        scheduled_at=NOW + timedelta(days=2),
        place="Délégation",
        practitioner="Dr Benali",
        authorization=request,
        now=NOW,
    )


def test_a_no_show_refuses_the_authorisation_with_the_reason(pending, django_user_model):
    reviewer = reviewer_user(django_user_model)
    exam = order(reviewer, pending)
    counter_exams.counter_exam_no_show(exam=exam, reviewer=reviewer, now=NOW + timedelta(days=3))
    pending.refresh_from_db()
    assert (pending.status, pending.refusal_reason) == ("refused", "not_medically_justified")
    assert f"contre-visite {exam.reference} : Absence à la contre-visite" in pending.decision_note


def test_a_reduction_grants_the_lower_quantities(pending, django_user_model):
    reviewer = reviewer_user(django_user_model)
    exam = counter_exams.counter_exam_attended(
        exam=order(reviewer, pending), reviewer=reviewer, findings="acte technique non indiqué"
    )
    acts = {a.number: a.quantity for a in pending.acts.all()}
    lowered = {1: acts[1], 2: D(0)}  # the K 50 act is not granted
    counter_exams.counter_exam_decide(
        exam=exam,
        reviewer=reviewer,
        outcome="reduce",
        reason="acte technique non justifié",
        granted_quantities=lowered,
    )
    pending.refresh_from_db()
    assert pending.status == "partly_approved"
    assert {a.number: a.granted_quantity for a in pending.acts.all()} == lowered
    assert "acte technique non justifié" in pending.decision_note
