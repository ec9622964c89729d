"""The pages: a physician files through the provider portal, the reviewer works the queue and
decides with a template, the insured person follows their request; medical findings are shown
to medical staff only, and every read is logged."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from openamo.audit.models import AccessLog
from openamo.medical import counter_exams, services
from openamo.medical.models import AldRequest, RequestStatus
from openamo.portal.models import PortalAccess
from tests.medical.builders import (
    CERTIFICATE_DAY,
    fund_create,
    pdf,
    physician_user,
    reviewer_user,
    uploads,
)

PASSWORD = "Secret-pw-2026"


@pytest.fixture
def world(cnops, django_user_model):
    member, child, condition = fund_create(cnops)
    return member, child, condition, physician_user(django_user_model)


def _filed(world):
    member, _, condition, physician = world
    return services.ald_request_file(
        beneficiary=member,
        condition=condition,
        icd10_code="E10",
        certificate_date=CERTIFICATE_DAY,
        uploads=uploads(),
        author=physician,
        filed_by="physician",
        provider=physician.provider_access.provider,
    )


def test_a_physician_files_a_request_with_the_certificate(client, world):
    member, _, _, physician = world
    client.force_login(physician)
    url = reverse("portal:medical:provider_file")
    page = client.get(url, {"ald": "ALD9"})
    assert "Certificat médical détaillé du médecin traitant" in page.text
    response = client.post(
        url + "?ald=ALD9",
        {
            "ald": "ALD9",
            "registration_number": member.registration_number,
            "rank": 0,
            "icd10_code": "E10.9",
            "certificate_date": CERTIFICATE_DAY.isoformat(),
            "clinical_summary": "Diabète de type 1",
            "doc_ald_medical_certificate": pdf("certificat.pdf"),
            "doc_ald_identity": pdf("cin.pdf"),
            "doc_ald_biology": pdf("bilan.pdf"),
        },
    )
    created = AldRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:medical:provider_detail", args=[created.reference])
    assert (created.beneficiary, created.filed_by, created.delegation.code) == (
        member,
        "physician",
        "D01",
    )
    listing = client.get(reverse("portal:medical:provider_list"))
    assert created.reference in listing.text


def test_a_missing_document_is_reported_on_the_form(client, world):
    member, _, _, physician = world
    client.force_login(physician)
    response = client.post(
        reverse("portal:medical:provider_file") + "?ald=ALD9",
        {
            "ald": "ALD9",
            "registration_number": member.registration_number,
            "rank": 0,
            "icd10_code": "E10",
            "certificate_date": CERTIFICATE_DAY.isoformat(),
            "doc_ald_medical_certificate": pdf(),
        },
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.text
    assert not AldRequest.objects.exists()


def test_the_reviewer_decides_with_a_template_and_the_insured_sees_the_outcome(
    client, world, django_user_model
):
    member, _, _, _ = world
    request = _filed(world)
    reviewer = reviewer_user(django_user_model)
    client.force_login(reviewer)
    queue = client.get(reverse("portal:medical:queue"), {"delegation": request.delegation_id})
    assert request.reference in queue.text
    detail = client.get(reverse("portal:medical:detail", args=[request.reference]))
    assert "Certificat médical détaillé du médecin traitant" in detail.text
    client.post(reverse("portal:medical:assign", args=[request.reference]))
    assert request.reference in client.get(reverse("portal:medical:queue"), {"mes": "1"}).text
    client.post(
        reverse("portal:medical:decide", args=[request.reference]),
        {"decision": "grant", "template": "grant_standard", "note": ""},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED
    assert request.decision_note.startswith("Les pièces établissent l'affection")
    assert AccessLog.objects.filter(what="ald_request", user=reviewer).exists()
    insured = django_user_model.objects.create_user("assure", password=PASSWORD)
    PortalAccess.objects.create(user=insured, role="insured", member=member.member)
    client.force_login(insured)
    page = client.get(reverse("portal:medical:insured_detail", args=[request.reference]))
    assert "Exonération accordée" in page.text
    assert "du 01/03/2019 au 29/02/2024" in page.text.replace("\n", " ")


def test_findings_are_shown_to_medical_staff_only(client, world, django_user_model):
    member, _, _, physician = world
    request = _filed(world)
    reviewer = reviewer_user(django_user_model)
    exam = counter_exams.counter_exam_order(
        reviewer=reviewer,
        motive="vérifier",
        scheduled_at=timezone.now() + timedelta(days=1),
        place="Délégation",
        practitioner="Dr Benali",
        ald_request=request,
    )
    counter_exams.counter_exam_attended(
        exam=exam, reviewer=reviewer, findings="Rétinopathie débutante au fond d'œil"
    )
    client.force_login(reviewer)
    assert (
        "Rétinopathie débutante"
        in client.get(reverse("portal:medical:exam", args=[exam.reference])).text
    )
    # a claims processor reads claims, never the medical control's findings
    processor = django_user_model.objects.create_user("liquidateur", password=PASSWORD)
    processor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="claims", codename="view_claim")
    )
    client.force_login(processor)
    for url in (
        reverse("portal:medical:exam", args=[exam.reference]),
        reverse("portal:medical:detail", args=[request.reference]),
        reverse("portal:medical:history", args=[member.pk]),
    ):
        assert client.get(url).status_code == 403
    # the physician and the insured person see the convocation, not the findings
    client.force_login(physician)
    page = client.get(reverse("portal:medical:provider_detail", args=[request.reference]))
    assert page.status_code == 200
    assert "Contre-visite" in page.text
    assert "Rétinopathie" not in page.text


def test_a_family_sees_its_requests_only(client, world, django_user_model, cnops):
    request = _filed(world)
    from tests.members.helpers import member_make

    stranger = member_make(cnops, cin="ZZ999999", last_name="Tazi")
    user = django_user_model.objects.create_user("autre", password=PASSWORD)
    PortalAccess.objects.create(user=user, role="insured", member=stranger)
    client.force_login(user)
    url = reverse("portal:medical:insured_detail", args=[request.reference])
    assert client.get(url).status_code == 404
    assert request.reference not in client.get(reverse("portal:medical:insured_list")).text


def test_the_insured_files_for_a_child_and_only_medical_staff_open_the_files(
    client, world, django_user_model
):
    member, child, _, _ = world
    insured = django_user_model.objects.create_user("assure", password=PASSWORD)
    PortalAccess.objects.create(user=insured, role="insured", member=member.member)
    client.force_login(insured)
    response = client.post(
        reverse("portal:medical:insured_file") + "?ald=ALD9",
        {
            "ald": "ALD9",
            "beneficiary": child.pk,
            "icd10_code": "E10",
            "certificate_date": CERTIFICATE_DAY.isoformat(),
            "doc_ald_medical_certificate": pdf("certificat.pdf"),
            "doc_ald_identity": pdf("acte.pdf"),
            "doc_ald_biology": pdf("bilan.pdf"),
        },
    )
    created = AldRequest.objects.get()
    assert response.url == reverse("portal:medical:insured_detail", args=[created.reference])
    assert (created.beneficiary, created.filed_by, created.provider) == (child, "insured", None)
    document = created.documents.get(document_type__code="ald_medical_certificate")
    url = reverse("portal:medical:document", args=[document.pk])
    assert client.get(url).status_code == 403
    client.force_login(reviewer_user(django_user_model))
    opened = client.get(url)
    assert opened["Content-Type"] == "application/pdf"
    assert b"".join(opened.streaming_content).startswith(b"%PDF-")
    assert AccessLog.objects.filter(what="ald_document", beneficiary_id=child.pk).exists()
