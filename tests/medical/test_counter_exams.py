"""Counter-examinations: the convocation reaches the insured person, the outcome is applied to
the claim line or the ALD request with its reason on the statement, a no-show refuses."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from openamo.claims.services import claim_adjudicate
from openamo.medical import counter_exams, services
from openamo.medical.models import ExamStatus, RequestStatus
from openamo.notifications.models import Notification
from tests.claims.ui_helpers import claim_make
from tests.medical.builders import CERTIFICATE_DAY, fund_create, physician_user, reviewer_user
from tests.medical.builders import uploads as documents

ZONE = ZoneInfo("Africa/Casablanca")
ORDERED = datetime.combine(date(2019, 3, 5), time(9), tzinfo=ZONE)
CONVENED = datetime.combine(date(2019, 3, 12), time(10, 30), tzinfo=ZONE)


@pytest.fixture
def world(cnops, django_user_model):
    member, _, condition = fund_create(cnops)
    return member, condition, physician_user(django_user_model), reviewer_user(django_user_model)


@pytest.fixture
def ald_request(world):
    member, condition, physician, _ = world
    return services.ald_request_file(
        beneficiary=member,
        condition=condition,
        icd10_code="E10",
        certificate_date=CERTIFICATE_DAY,
        uploads=documents(),
        author=physician,
        filed_by="physician",
        provider=physician.provider_access.provider,
        now=ORDERED - timedelta(days=2),
    )


def order(reviewer, **subject):
    return counter_exams.counter_exam_order(
        reviewer=reviewer,
        motive="vérifier le diagnostic",
        scheduled_at=CONVENED,
        place="Délégation de Casablanca, bureau 4",
        practitioner="Dr Benali",
        now=ORDERED,
        **subject,
    )


def test_the_convocation_is_sent_and_the_request_waits_for_the_examination(world, ald_request):
    member, _, _, reviewer = world
    exam = order(reviewer, ald_request=ald_request)
    assert exam.reference == "CV-2019-000001"
    ald_request.refresh_from_db()
    assert ald_request.status == RequestStatus.COUNTER_EXAM
    notice = Notification.objects.get(event="counter_exam_convocation")
    assert notice.beneficiary == member
    assert "le 12/03/2019 à 10:30, Délégation de Casablanca, bureau 4" in notice.body
    physician = Notification.objects.get(provider=ald_request.provider)
    assert physician.event == "ald_counter_exam_physician"
    assert "contre-visite ordonnée (CV-2019-000001)" in physician.body
    with pytest.raises(ValidationError) as exc:
        services.ald_request_grant(request=ald_request, reviewer=reviewer)
    assert "pas encore eu lieu" in exc.value.message_dict["decision"][0]


def test_a_no_show_refuses_the_ald_request_with_the_reason(world, ald_request):
    _, _, _, reviewer = world
    exam = order(reviewer, ald_request=ald_request)
    with pytest.raises(ValidationError):  # before the appointment
        counter_exams.counter_exam_no_show(exam=exam, reviewer=reviewer, now=ORDERED)
    exam = counter_exams.counter_exam_no_show(
        exam=exam, reviewer=reviewer, now=CONVENED + timedelta(hours=2)
    )
    assert (exam.status, exam.outcome) == (ExamStatus.NO_SHOW, "refuse")
    ald_request.refresh_from_db()
    assert (ald_request.status, ald_request.refusal_reason) == (RequestStatus.REFUSED, "no_show")
    assert ald_request.decision_note.startswith("Absence à la contre-visite.")
    assert "Absence à la contre-visite" in Notification.objects.get(event="ald_refused").body
    assert ald_request.exemption is None


def test_findings_then_confirmation_grant_the_exemption(world, ald_request):
    _, _, _, reviewer = world
    exam = order(reviewer, ald_request=ald_request)
    exam = counter_exams.counter_exam_attended(
        exam=exam, reviewer=reviewer, findings="HbA1c 9 %, insulinothérapie"
    )
    with pytest.raises(ValidationError):  # an exemption is granted or refused, never reduced
        counter_exams.counter_exam_decide(
            exam=exam, reviewer=reviewer, outcome="reduce", reason="x"
        )
    counter_exams.counter_exam_decide(
        exam=exam, reviewer=reviewer, outcome="confirm", reason="diagnostic confirmé"
    )
    ald_request.refresh_from_db()
    assert ald_request.status == RequestStatus.GRANTED
    assert ald_request.exemption.starts_on == CERTIFICATE_DAY


def _statement_line(claim, number):
    return claim.statements.order_by("-version").first().lines.get(number=number)


def test_a_reduced_claim_line_shows_the_reason_on_the_statement(world):
    member, _, _, reviewer = world
    claim = claim_adjudicate(claim=claim_make(member))
    exam = order(reviewer, claim_line=claim.lines.get(number=1))
    exam = counter_exams.counter_exam_attended(exam=exam, reviewer=reviewer, findings="examen")
    counter_exams.counter_exam_decide(
        exam=exam,
        reviewer=reviewer,
        outcome="reduce",
        reason="consultation de suivi",
        reduced_base=D("40"),
    )
    line = _statement_line(claim, 1)
    assert (line.base, line.reimbursed) == (D("40.00"), D("32.00"))
    assert line.deductions[0]["message"] == (
        "Ajustement du médecin contrôleur : base ramenée à 40,00 DH "
        "(contre-visite CV-2019-000001 : consultation de suivi)"
    )


def test_a_no_show_on_a_claim_line_rejects_it_with_the_reason(world):
    member, _, _, reviewer = world
    claim = claim_adjudicate(claim=claim_make(member))
    exam = order(reviewer, claim_line=claim.lines.get(number=2))
    counter_exams.counter_exam_no_show(exam=exam, reviewer=reviewer, now=CONVENED + timedelta(1))
    line = _statement_line(claim, 2)
    assert (line.reimbursed, line.rejection_code) == (D("0.00"), "reviewer_adjustment")
    assert "Absence à la contre-visite" in line.rejection_message
    assert _statement_line(claim, 1).reimbursed == D("64.00")  # the other line untouched


def test_an_order_names_one_subject_and_a_future_date(world, ald_request):
    _, _, _, reviewer = world
    with pytest.raises(ValidationError) as exc:
        order(reviewer)
    assert "subject" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        counter_exams.counter_exam_order(
            reviewer=reviewer,
            motive="x",
            scheduled_at=ORDERED,
            place="y",
            practitioner="z",
            ald_request=ald_request,
            now=ORDERED,
        )
    assert "scheduled_at" in exc.value.message_dict
