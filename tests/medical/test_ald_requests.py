"""ALD exemption requests: filing with the certificate and the documents of the nomenclature,
routing to the beneficiary's delegation, deadline, decisions, and the exemption's effect on
the claims linked to the ALD: from its start date only, and no longer once it has ended."""

from datetime import date, datetime, time
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from openamo.claims.services import LineInput, claim_adjudicate
from openamo.medical import services
from openamo.medical.documents import Upload
from openamo.medical.models import AldRequest, RequestStatus
from openamo.notifications.models import Notification
from openamo.referentials import models as ref
from tests.claims.db_builders import BRAND, PHARMACY
from tests.claims.ui_helpers import claim_make
from tests.medical.builders import (
    CERTIFICATE_DAY,
    PDF,
    fund_create,
    pdf,
    physician_user,
    reviewer_user,
    uploads,
)

FILED = datetime.combine(date(2019, 3, 3), time(10), tzinfo=ZoneInfo("Africa/Casablanca"))


@pytest.fixture
def world(cnops, django_user_model):
    member, child, condition = fund_create(cnops)
    physician = physician_user(django_user_model)
    reviewer = reviewer_user(django_user_model)
    return member, condition, physician, reviewer


def file_request(world, **kw):
    member, condition, physician, _ = world
    kw.setdefault("uploads", uploads())
    return services.ald_request_file(
        beneficiary=member,
        condition=condition,
        icd10_code=kw.pop("icd10_code", "E10.9"),
        certificate_date=kw.pop("certificate_date", CERTIFICATE_DAY),
        author=physician,
        filed_by="physician",
        provider=physician.provider_access.provider,
        now=kw.pop("now", FILED),
        **kw,
    )


def reimbursed(beneficiary, care_date: date) -> tuple[D, bool]:
    """What the fund pays on two boxes of the brand medicine linked to ALD9 on that day."""
    claim = claim_adjudicate(
        claim=claim_make(
            beneficiary,
            LineInput(
                kind="medicine",
                code=BRAND,
                care_date=care_date,
                executor_inpe=PHARMACY,
                quantity=D(2),
                ald_code="ALD9",
            ),
            deposit=care_date,
        )
    )
    line = claim.statements.order_by("-version").first().lines.get()
    return line.reimbursed, line.rate == D(100)


def test_a_request_is_routed_to_the_delegation_with_its_deadline_and_stored_files(world):
    request = file_request(world)
    assert request.reference == "ALD-2019-000001"
    assert request.delegation == ref.Delegation.objects.get(code="D01")
    assert (request.status, request.due_on) == (RequestStatus.PENDING, date(2019, 3, 18))
    assert request.physician_inpe == "200000001"
    docs = {d.document_type.code: d for d in request.documents.all()}
    assert set(docs) == {"ald_medical_certificate", "ald_identity", "ald_biology"}
    certificate = docs["ald_medical_certificate"]
    assert (certificate.content_type, certificate.size) == ("application/pdf", len(PDF))
    assert certificate.file.read().startswith(b"%PDF-")


def test_missing_documents_wrong_icd10_and_bad_files_are_refused_by_field(world):
    with pytest.raises(ValidationError) as exc:
        file_request(world, uploads=uploads("ald_medical_certificate", "ald_identity"))
    assert "Bilans biologiques" in exc.value.message_dict["documents"][0]
    with pytest.raises(ValidationError) as exc:
        file_request(world, icd10_code="I10")
    assert "ne relève pas de ALD9" in exc.value.message_dict["icd10_code"][0]
    renamed = [*uploads("ald_identity", "ald_biology")]
    renamed.append(Upload("ald_medical_certificate", "cert.pdf", pdf(content=b"MZ\x90\x00exe")))
    with pytest.raises(ValidationError) as exc:
        file_request(world, uploads=renamed)
    assert "ni un PDF" in exc.value.message_dict["documents"][0]
    big = [*uploads("ald_identity", "ald_biology")]
    big.append(
        Upload("ald_medical_certificate", "c.pdf", pdf(content=b"%PDF-" + b"0" * 6 * 1024 * 1024))
    )
    with pytest.raises(ValidationError) as exc:
        file_request(world, uploads=big)
    assert "taille maximale (5 Mo)" in exc.value.message_dict["documents"][0]
    assert not AldRequest.objects.exists()


def test_a_second_open_request_for_the_same_ald_is_refused(world):
    file_request(world)
    with pytest.raises(ValidationError) as exc:
        file_request(world)
    assert "déjà en instruction" in exc.value.message_dict["condition"][0]


def test_the_exemption_applies_from_its_start_date_only(world):
    member, _, _, reviewer = world
    before_grant_day = date(2019, 2, 27)
    request = services.ald_request_grant(request=file_request(world), reviewer=reviewer, now=FILED)
    exemption = request.exemption
    assert (exemption.starts_on, exemption.ends_on) == (date(2019, 3, 1), date(2024, 2, 29))
    assert exemption.decision_ref == request.reference
    # care the day before the certificate: the ordinary 70 % on the generic base (60 × 2)
    assert reimbursed(member, before_grant_day) == (D("84.00"), False)
    # care from the start date: the ALD rate (100 %)
    assert reimbursed(member, date(2019, 3, 1)) == (D("120.00"), True)


def test_an_expired_exemption_stops_applying(world):
    member, _, _, reviewer = world
    request = services.ald_request_grant(request=file_request(world), reviewer=reviewer, now=FILED)
    assert reimbursed(member, date(2024, 2, 29)) == (D("120.00"), True)
    assert reimbursed(member, date(2024, 3, 1)) == (D("84.00"), False)
    assert request.exemption.ends_on == date(2024, 2, 29)


def test_grant_notifies_the_insured_and_records_the_physician_notice(world):
    member, _, _, reviewer = world
    request = services.ald_request_grant(
        request=file_request(world), reviewer=reviewer, note="critères réunis", now=FILED
    )
    notice = Notification.objects.get(event="ald_granted")
    assert notice.beneficiary == member
    assert "du 01/03/2019 au 29/02/2024" in notice.body
    actions = list(request.events.values_list("action", flat=True))
    assert actions == ["dépôt", "exonération accordée", "médecin traitant informé"]
    with pytest.raises(ValidationError):
        services.ald_request_grant(request=request, reviewer=reviewer)


def test_refusal_needs_a_reason_and_tells_the_insured(world):
    _, _, _, reviewer = world
    request = file_request(world)
    with pytest.raises(ValidationError):
        services.ald_request_refuse(request=request, reviewer=reviewer, reason="")
    request = services.ald_request_refuse(
        request=request, reviewer=reviewer, reason="not_severe", note="HbA1c normale"
    )
    assert request.status == RequestStatus.REFUSED
    assert request.decision_note == "Critères de gravité non réunis. HbA1c normale"
    assert request.exemption is None
    assert "Critères de gravité non réunis" in Notification.objects.get(event="ald_refused").body


def test_more_information_then_completion_returns_the_request_to_instruction(world):
    _, _, physician, reviewer = world
    request = services.ald_request_ask_info(
        request=file_request(world), reviewer=reviewer, note="bilan de moins de 3 mois"
    )
    assert request.status == RequestStatus.INFO_REQUESTED
    request = services.ald_request_complete(
        request=request, uploads=uploads("ald_biology"), by=physician, note="bilan joint"
    )
    assert request.status == RequestStatus.PENDING
    assert request.documents.filter(document_type__code="ald_biology").count() == 2


def test_renewal_reminder_once_then_renewal_continues_the_exemption(world):
    member, condition, physician, reviewer = world
    granted = services.ald_request_grant(request=file_request(world), reviewer=reviewer, now=FILED)
    exemption = granted.exemption
    assert services.renewal_reminders_send(today=date(2023, 12, 30)) == 0  # 61 days before
    assert services.renewal_reminders_send(today=date(2023, 12, 31)) == 1
    assert services.renewal_reminders_send(today=date(2024, 1, 15)) == 0  # once
    reminder = Notification.objects.get(event="ald_renewal_reminder")
    assert "prend fin le 29/02/2024" in reminder.body
    renewal = services.ald_request_file(
        beneficiary=member,
        condition=condition,
        icd10_code="E10",
        certificate_date=date(2024, 1, 20),
        uploads=uploads(),
        author=physician,
        filed_by="physician",
        provider=physician.provider_access.provider,
        renewal_of=exemption,
        now=datetime.combine(date(2024, 1, 21), time(9), tzinfo=ZoneInfo("Africa/Casablanca")),
    )
    renewed = services.ald_request_grant(request=renewal, reviewer=reviewer).exemption
    assert (renewed.starts_on, renewed.ends_on, renewed.renewal_of) == (
        date(2024, 3, 1),
        date(2029, 2, 28),
        exemption,
    )
    assert reimbursed(member, date(2024, 3, 2)) == (D("120.00"), True)


def test_the_filing_physician_is_notified_of_each_decision_in_their_inbox(world):
    member, _, physician, reviewer = world
    provider = physician.provider_access.provider
    request = services.ald_request_ask_info(
        request=file_request(world), reviewer=reviewer, note="bilan de moins de 3 mois"
    )
    request = services.ald_request_complete(
        request=request, uploads=uploads("ald_biology"), by=physician, note="bilan joint"
    )
    services.ald_request_grant(request=request, reviewer=reviewer, now=FILED)
    notices = Notification.objects.filter(provider=provider).order_by("pk")
    assert [(n.event, n.beneficiary_id) for n in notices] == [
        ("ald_request_info_physician", None),
        ("ald_granted_physician", None),
    ]
    assert "complément demandé : bilan de moins de 3 mois" in notices[0].body
    assert f"{member.first_name} {member.last_name}" in notices[1].body
    assert "exonération accordée du 01/03/2019 au 29/02/2024" in notices[1].body


def test_a_refusal_reaches_the_physician_and_a_request_filed_by_the_insured_does_not(world):
    member, condition, physician, reviewer = world
    services.ald_request_refuse(
        request=file_request(world), reviewer=reviewer, reason="not_severe", note="HbA1c normale"
    )
    notice = Notification.objects.get(provider=physician.provider_access.provider)
    assert notice.event == "ald_refused_physician"
    assert "refusée : Critères de gravité non réunis. HbA1c normale" in notice.body
    own = services.ald_request_file(
        beneficiary=member,
        condition=condition,
        icd10_code="E10",
        certificate_date=CERTIFICATE_DAY,
        uploads=uploads(),
        author=physician,
        filed_by="insured",
        now=FILED,
    )
    services.ald_request_refuse(request=own, reviewer=reviewer, reason="not_severe")
    assert Notification.objects.filter(provider__isnull=False).count() == 1
