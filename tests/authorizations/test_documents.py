"""The nomenclature's documents as real files: the clinic uploads the missing one and the
request completes (and is decided) by itself; the file is the clinic's and the fund's only."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openamo.audit.models import AccessLog
from openamo.authorizations.models import AuthorizationRequest, RequestStatus
from openamo.documents.models import Document
from tests.authorizations.builders import CLINIC, DAY, OTHER_CLINIC, provider_user, staff_user
from tests.documents import files

pytestmark = pytest.mark.django_db


def _file_request(client, member):
    client.post(
        "/prises-en-charge/nouvelle/?type=CHIR",
        {
            "registration_number": member.registration_number,
            "rank": 0,
            "authorization_type": "CHIR",
            "stage": "initial",
            "diagnosis": "K35.8",
            "planned_start": DAY.isoformat(),
            "planned_end": (DAY + timedelta(days=2)).isoformat(),
            "actes-TOTAL_FORMS": 1,
            "actes-INITIAL_FORMS": 0,
            "actes-0-kind": "forfait",
            "actes-0-code": "CHIR-APP",
            "actes-0-charged": "6000",
            "pieces-doc_DEMANDE_file": SimpleUploadedFile("demande.pdf", files.PDF),
            "pieces-doc_DEVIS_file": SimpleUploadedFile("devis.xlsx", files.xlsx()),
        },
    )
    return AuthorizationRequest.objects.get()


def test_the_clinic_uploads_the_missing_document_and_the_request_completes_by_itself(
    client, admitted, document_files
):
    member, _ = admitted
    clinic = provider_user("atlas", CLINIC)
    client.force_login(clinic)
    request = _file_request(client, member)
    assert request.status == RequestStatus.INCOMPLETE  # the medical report is missing
    assert sorted(Document.objects.values_list("name", flat=True)) == ["demande.pdf", "devis.xlsx"]

    refused = client.post(
        f"/prises-en-charge/{request.pk}/pieces/",
        {"pieces-doc_CR_MED_file": SimpleUploadedFile("compte-rendu.pdf", files.EXE)},
        follow=True,
    )
    assert "« compte-rendu.pdf » est refusé : son contenu est un programme exécutable" in (
        refused.content.decode()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.INCOMPLETE and Document.objects.count() == 2

    report = files.PDF + b"% compte rendu operatoire\n"
    client.post(
        f"/prises-en-charge/{request.pk}/pieces/",
        {"pieces-doc_CR_MED_file": SimpleUploadedFile("Compte rendu.pdf", report)},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.decision_rule
    stored = Document.objects.get(name="Compte_rendu.pdf")
    assert stored.sha256 == hashlib.sha256(report).hexdigest()
    assert stored.beneficiary_id == request.beneficiary_id
    row = request.documents.get(document_type__code="CR_MED")
    assert row.file_name == "Compte_rendu.pdf" and stored.owner_id == row.pk

    url = f"/documents/{stored.pk}/"
    assert url in client.get(f"/prises-en-charge/{request.pk}/").content.decode()
    assert b"".join(client.get(url).streaming_content) == report
    client.force_login(staff_user())
    assert client.get(url).status_code == 200
    client.force_login(provider_user("orangers", OTHER_CLINIC))
    assert client.get(url).status_code == 404
    reads = AccessLog.objects.filter(what="document", object_id=str(stored.pk))
    assert reads.count() == 2 and {r.beneficiary_id for r in reads} == {request.beneficiary_id}
