"""The provider pages (scoped to the establishment) and the staff pages (queue, decision,
delays, invoices)."""

from datetime import timedelta
from decimal import Decimal as D

import pytest

from openamo.authorizations.invoicing import InvoiceInput, InvoiceLineInput, invoice_batch_submit
from openamo.authorizations.models import AuthorizationRequest
from openamo.authorizations.services import ActInput
from tests.authorizations.builders import (
    CLINIC,
    DAY,
    OTHER_CLINIC,
    provider,
    provider_user,
    staff_user,
)
from tests.authorizations.test_requests import NOW, submit


@pytest.fixture
def atlas(client, admitted):
    client.force_login(provider_user("atlas", CLINIC))
    return client


def test_a_provider_files_a_request_with_the_checklist_and_sees_it_approved(atlas, admitted):
    member, _ = admitted
    html = atlas.get("/prises-en-charge/nouvelle/", {"type": "CHIR"}).content.decode()
    for text in ("Devis estimatif", "obligatoire", "Comptes rendus d&#x27;imagerie", "facultative"):
        assert text in html, text
    assert "Bilan rénal" not in html  # not in this type's nomenclature
    response = atlas.post(
        "/prises-en-charge/nouvelle/?type=CHIR",
        {
            "registration_number": member.registration_number,
            "rank": 0,
            "authorization_type": "CHIR",
            "stage": "initial",
            "diagnosis": "k35.8",
            "planned_start": DAY.isoformat(),
            "planned_end": (DAY + timedelta(days=2)).isoformat(),
            "actes-TOTAL_FORMS": 2,
            "actes-INITIAL_FORMS": 0,
            "actes-0-kind": "forfait",
            "actes-0-code": "CHIR-APP",
            "actes-0-charged": "6000",
            "actes-1-kind": "act",
            "actes-1-code": "K",
            "actes-1-coefficient": "50",
            "actes-1-charged": "1125",
            "pieces-doc_DEMANDE": "on",
            "pieces-doc_DEVIS": "on",
            "pieces-doc_DEVIS_file": "devis.pdf",
        },
    )
    request = AuthorizationRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{request.pk}/")
    html = atlas.get(response["Location"]).content.decode()
    assert "Pièces manquantes" in html and "Compte rendu médical" in html
    response = atlas.post(
        f"/prises-en-charge/{request.pk}/pieces/",
        {"pieces-doc_CR_MED": "on", "pieces-doc_CR_MED_file": "crm.pdf"},
    )
    html = atlas.get(f"/prises-en-charge/{request.pk}/").content.decode()
    for text in (
        "Accordée",
        "6\u202f300,00 DH",
        "825,00 DH",
        "décision automatique : Accord immédiat",
    ):
        assert text in html, text
    assert request.reference in atlas.get("/prises-en-charge/").content.decode()


def test_another_clinic_gets_404_on_requests_and_invoices(client, admitted):
    member, _ = admitted
    request = submit(member)
    batch = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=5),
        invoices=[
            InvoiceInput(
                request.reference,
                "FAC-ATLAS-001",
                DAY,
                [InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000"))],
            )
        ],
    )
    client.force_login(provider_user("orangers", OTHER_CLINIC))
    assert client.get(f"/prises-en-charge/{request.pk}/").status_code == 404
    assert client.get(f"/prises-en-charge/factures/{batch.invoices.get().pk}/").status_code == 404
    assert request.reference not in client.get("/prises-en-charge/").content.decode()
    assert "FAC-ATLAS-001" not in client.get("/prises-en-charge/factures/").content.decode()
    assert client.get("/prises-en-charge/file/").status_code == 403
    client.force_login(provider_user("atlas", CLINIC))
    assert client.get(f"/prises-en-charge/factures/{batch.invoices.get().pk}/").status_code == 200
    assert "FAC-ATLAS-001" in client.get("/prises-en-charge/factures/").content.decode()


def test_a_user_without_access_is_refused(client, admitted):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("plain", password="x"))
    assert client.get("/prises-en-charge/").status_code == 403
    assert client.get("/prises-en-charge/nouvelle/").status_code == 403


def test_staff_queue_shows_deadlines_and_overdue_and_decides(client, admitted):
    member, _ = admitted
    request = submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[ActInput("forfait", "HOSP-DAY", quantity=D(2))],
        now=NOW,  # long past: overdue today
    )
    reviewer = staff_user()
    client.force_login(reviewer)
    html = client.get("/prises-en-charge/file/", {"file": "medical"}).content.decode()
    assert request.reference in html and "en retard" in html and "05/03/2025" in html
    html = client.get(f"/prises-en-charge/{request.pk}/").content.decode()
    assert "Enregistrer la décision" in html and "Comptes rendus d&#x27;imagerie" in html
    response = client.post(
        f"/prises-en-charge/{request.pk}/decision/",
        {"decision": "approve", "granted_1": "2", "note": "justifié"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.amount_covered) == (
        "approved",
        reviewer,
        D("1350.00"),
    )
    html = client.get("/prises-en-charge/delais/", {"depuis": "2025-01-01"}).content.decode()
    assert "Rabat" in html and '<td class="num">1</td>' in html


def test_provider_sends_a_batch_from_the_page(atlas, admitted):
    member, _ = admitted
    request = submit(member)
    content = "\n".join(
        [
            "prise_en_charge;facture;emise_le;type;code;date_soins;coefficient;quantite;montant",
            f"{request.reference};F-9;2025-03-15;forfait;CHIR-APP;2025-03-10;1;1;6000",
            f"{request.reference};F-9;2025-03-15;act;K;2025-03-10;50;1;1125",
        ]
    )
    response = atlas.post(
        "/prises-en-charge/factures/bordereau/", {"received_on": "2025-03-20", "content": content}
    )
    assert response.status_code == 302
    html = atlas.get("/prises-en-charge/factures/").content.decode()
    assert "F-9" in html and "6\u202f300,00 DH" in html and "19/04/2025" in html


def test_the_provider_menu_leads_to_requests_and_invoices(atlas):
    html = atlas.get("/").content.decode()
    assert 'href="/prises-en-charge/"' in html and 'href="/prises-en-charge/factures/"' in html


def _csv_rows(response):
    import csv
    import io

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_request_and_invoice_lists_export_only_what_the_user_may_see(client, admitted):
    member, child = admitted
    mine = submit(member)
    theirs = submit(child, inpe=OTHER_CLINIC)
    invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=DAY + timedelta(days=5),
        invoices=[
            InvoiceInput(
                mine.reference,
                "FAC-ATLAS-9",
                DAY,
                [InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000"))],
            )
        ],
    )
    client.force_login(provider_user("atlas", CLINIC))
    rows = _csv_rows(client.get("/prises-en-charge/", {"export": "csv"}))
    assert "prestataire" not in rows[0]  # its own establishment only: no provider column
    assert [r[0] for r in rows[1:]] == [mine.reference]
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["part_caisse"] == f"{mine.amount_covered:.2f}".replace(".", ",")
    assert cells["statut"] == mine.get_status_display() and cells["debut_soins"] == "2025-03-10"
    invoices = _csv_rows(client.get("/prises-en-charge/factures/", {"export": "csv"}))
    assert [r[1] for r in invoices[1:]] == ["FAC-ATLAS-9"]
    client.force_login(provider_user("orangers", OTHER_CLINIC))
    assert [r[0] for r in _csv_rows(client.get("/prises-en-charge/", {"export": "csv"}))[1:]] == [
        theirs.reference
    ]
    assert len(_csv_rows(client.get("/prises-en-charge/factures/", {"export": "csv"}))) == 1
    client.force_login(staff_user())
    rows = _csv_rows(client.get("/prises-en-charge/", {"export": "csv", "tri": "reference"}))
    assert "prestataire" in rows[0]
    assert [r[0] for r in rows[1:]] == sorted([mine.reference, theirs.reference])
    status = client.get("/prises-en-charge/", {"export": "csv", "statut": theirs.status})
    assert theirs.reference in {r[0] for r in _csv_rows(status)[1:]}


def test_queue_and_delays_sort_and_export(client, admitted):
    member, _ = admitted
    request = submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[ActInput("forfait", "HOSP-DAY", quantity=D(2))],
        now=NOW,
    )
    client.force_login(staff_user())
    page = client.get("/prises-en-charge/file/", {"file": "medical", "tri": "-echeance"})
    assert page.status_code == 200 and page.context["sort"] == "-echeance"
    assert "file=medical&amp;tri=-echeance&amp;export=csv" in page.content.decode()
    rows = _csv_rows(client.get("/prises-en-charge/file/", {"file": "medical", "export": "csv"}))
    assert [r[0] for r in rows[1:]] == [request.reference]
    assert rows[1][rows[0].index("file")] == request.get_queue_display()
    delays = client.get("/prises-en-charge/delais/", {"depuis": "2025-01-01", "export": "xlsx"})
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(delays.content))["Délais"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Délégation", "En instruction", "En retard"]
    assert sheet.max_row >= 2 and isinstance(sheet.cell(row=2, column=2).value, int)
    assert client.get("/prises-en-charge/delais/", {"tri": "-en_retard"}).status_code == 200
    client.force_login(provider_user("atlas", CLINIC))
    assert client.get("/prises-en-charge/file/", {"export": "csv"}).status_code == 403
    assert client.get("/prises-en-charge/delais/", {"export": "csv"}).status_code == 403
