"""A clinic's authorisation request waits for the surgeon's report: the clinic opens it in the
provider portal, uploads the missing document, and the request, now complete, is decided by
itself (the service-level version: tests/authorizations/test_documents.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from openamo.authorizations.models import AuthorizationRequest, ProviderAccess, RequestStatus
from openamo.documents.models import Document
from tests.authorizations.builders import CLINIC, DAY, provider
from tests.authorizations.conftest import _fresh_tariffs, admitted, fund  # noqa: F401
from tests.documents import files
from tests.documents.conftest import document_files  # noqa: F401 (files under tmp_path)

pytestmark = pytest.mark.django_db(transaction=True)


def _request_without_the_report(clinic, member) -> AuthorizationRequest:
    """Filed with the request form and the quote, not the medical report (mandatory)."""
    client = Client()
    client.force_login(clinic)
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


def test_the_clinic_uploads_the_missing_document_and_the_request_is_decided(
    live_server,
    page,
    screenshot,
    admitted,  # noqa: F811 (the imported fixture)
    document_files,  # noqa: F811 (the imported fixture)
):
    member, _child = admitted
    clinic = get_user_model().objects.create_user("atlas", password="Clinique-pw-2026")
    ProviderAccess.objects.create(user=clinic, provider=provider(CLINIC))
    request = _request_without_the_report(clinic, member)
    assert request.status == RequestStatus.INCOMPLETE

    page.goto(f"{live_server.url}/connexion/")
    page.fill("#id_username", "atlas")
    page.fill("#id_password", "Clinique-pw-2026")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/prises-en-charge/")
    page.get_by_role("link", name=request.reference).click()
    expect(page.get_by_text("Pièces manquantes :")).to_be_visible()
    expect(page.get_by_role("heading", name="Envoyer les pièces manquantes")).to_be_visible()
    screenshot("authorization-missing-document")

    form = page.locator("form[action$='/pieces/']")
    form.locator("input[name=pieces-doc_CR_MED_file]").set_input_files(
        {"name": "compte-rendu.pdf", "mimeType": "application/pdf", "buffer": files.EXE}
    )
    form.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_text("son contenu est un programme exécutable")).to_be_visible()
    request.refresh_from_db()
    assert request.status == RequestStatus.INCOMPLETE

    report = files.PDF + b"% compte rendu operatoire\n"
    form = page.locator("form[action$='/pieces/']")
    form.locator("input[name=pieces-doc_CR_MED_file]").set_input_files(
        {"name": "Compte rendu.pdf", "mimeType": "application/pdf", "buffer": report}
    )
    form.get_by_role("button", name="Envoyer").click()
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and request.decision_rule
    expect(page.get_by_text(f"Statut : {request.get_status_display()}")).to_be_visible()
    expect(page.get_by_text("Pièces manquantes :")).to_have_count(0)
    expect(page.get_by_text("décision automatique")).to_be_visible()
    stored = Document.objects.get(name="Compte_rendu.pdf")
    with page.expect_download() as download:
        page.get_by_role("link", name="Compte_rendu.pdf").click()
    assert download.value.path().read_bytes() == report
    assert stored.beneficiary_id == request.beneficiary_id
    screenshot("authorization-decided")
