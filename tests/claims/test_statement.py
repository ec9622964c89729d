"""The statement (décompte): every column DOMAIN.md §5 asks for, each deduction and rejection
justified in French, amounts in French format, and a PDF that pulls in no outside asset."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from openamo.claims.services import LineInput, claim_adjudicate
from openamo.claims.statement_pdf import _no_fetching, statement_context, statement_pdf
from tests.claims.db_builders import GP, OPTICIAN, family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import claim_make, consultation, medicine, user_with

COLUMNS = [
    "Prestation",
    "Cotation",
    "Valeur de l'acte",
    "Facturé",
    "Base de remb.",
    "Taux",
    "Remboursé",
    "Ticket modérateur",
    "Au-delà de la base",
]


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


@pytest.fixture
def adjudicated(family):
    member, _ = family
    frame = LineInput(
        kind="device",
        code="OPT-MONTURE",
        care_date=date(2025, 3, 10),
        executor_inpe=OPTICIAN,
        charged=D("650"),
    )
    unknown = LineInput(kind="act", code="Q", care_date=date(2025, 3, 10), executor_inpe=GP)
    return claim_adjudicate(
        claim=claim_make(member, consultation(charged=D("100")), medicine(), frame, unknown)
    )


@pytest.fixture
def viewer(client, django_user_model):
    client.force_login(user_with(django_user_model, "agent", "view_claim"))
    return client


def test_the_statement_page_shows_every_column_amount_and_justification(viewer, adjudicated):
    response = viewer.get(reverse("portal:claims:statement", args=[adjudicated.reference]))
    html = response.content.decode()
    for column in COLUMNS:
        assert column.replace("'", "&#x27;") in html or column in html, column
    assert "Consultation du généraliste" in html and "C 1" in html
    # consultation: 100 charged, 80 base, 80 % → 64,00; 20 beyond the tariff
    assert "Dépassement du tarif national de référence" in html and "20,00\u202fDH" not in html
    assert "20,00 DH" in html and "64,00 DH" in html
    # frame: 650 paid, forfait 400 → base 400 at 100 %
    assert "Base plafonnée au forfait" in html and "250,00 DH" in html
    # medicine: generic base
    assert "PBR 60,00 DH au lieu du PPV 100,00 DH" in html
    # staff read each reason's code, discreetly, after its sentence
    assert '<small class="code-hint" title="Code du motif">generic_base</small>' in html
    # unknown letter key: rejected with its sentence and details (code discreet)
    assert ">unknown_code</small>" in html and "lettre clé Q" in html
    statement = response.context["statement"]
    assert (statement.total_reimbursed, statement.outcome) == (D("548.00"), "partly_accepted")
    assert "548,00 DH" in html  # 64 + 84 + 400
    assert "Alaoui Karim" in html and "Décompte de remboursement" in html


def test_the_amounts_use_the_french_format_with_thousands(viewer, family):
    member, _ = family
    days = LineInput(
        kind="forfait",
        code="HOSP-DAY",
        care_date=date(2025, 3, 10),
        executor_inpe="200000002",
        quantity=D(3),
    )
    claim = claim_adjudicate(claim=claim_make(member, days))
    html = viewer.get(reverse("portal:claims:statement", args=[claim.reference])).content.decode()
    assert "2\u202f250,00 DH" in html  # 3 days × 750 DH


def test_an_earlier_version_is_shown_on_request(viewer, adjudicated):
    from openamo.claims.services import claims_reprocess

    claims_reprocess(
        claim_ids=[adjudicated.pk], user=adjudicated.transitions.first().by or _user(), reason="x"
    )
    url = reverse("portal:claims:statement", args=[adjudicated.reference])
    assert viewer.get(url).context["statement"].version == 2
    assert viewer.get(url, {"version": 1}).context["statement"].version == 1
    assert viewer.get(url, {"version": 9}).status_code == 404


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("batch")


def test_the_pdf_is_a_pdf_named_after_the_claim(viewer, adjudicated):
    response = viewer.get(reverse("portal:claims:statement_pdf", args=[adjudicated.reference]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    assert f"decompte-{adjudicated.reference}-v1.pdf" in response["Content-Disposition"]


def test_the_pdf_source_has_every_column_and_no_outside_asset(adjudicated):
    statement = adjudicated.statements.get()
    html = render_to_string(
        "claims/statement_pdf.html", statement_context(claim=adjudicated, statement=statement)
    )
    for column in COLUMNS:
        assert column in html.replace("&#x27;", "'"), column
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert "<link" not in html and "<img" not in html and "@import" not in html
    assert "Base plafonnée au forfait" in html and "548,00 DH" in html
    with pytest.raises(Exception, match="ressource externe refusée"):
        _no_fetching().fetch("https://cdn.example.com/font.woff2")


def test_a_remote_asset_slipped_into_a_statement_is_not_fetched(adjudicated, monkeypatch):
    """Even if a template linked an outside stylesheet, the PDF would render without it."""
    fetched = []
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: fetched.append(a))
    monkeypatch.setattr(
        "openamo.claims.statement_pdf.render_to_string",
        lambda *a, **k: '<link rel="stylesheet" href="https://cdn.example.com/x.css"><p>x</p>',
    )
    pdf = statement_pdf(claim=adjudicated, statement=adjudicated.statements.get())
    assert pdf.startswith(b"%PDF") and fetched == []


def test_a_late_claim_shows_the_rejection_of_the_whole_file(viewer, family):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member, consultation(), deposit=date(2025, 6, 30)))
    html = viewer.get(reverse("portal:claims:statement", args=[claim.reference])).content.decode()
    assert "Dossier rejeté" in html and ">late_deposit</small>" in html
    assert "Dossier déposé après le délai de dépôt" in html


def test_the_pdf_lays_a_short_claim_on_one_landscape_page_within_its_margins(adjudicated):
    from weasyprint import HTML

    statement = adjudicated.statements.get()
    html = render_to_string(
        "claims/statement_pdf.html", statement_context(claim=adjudicated, statement=statement)
    )
    document = HTML(string=html, url_fetcher=_no_fetching()).render()
    assert len(document.pages) == 1
    page = document.pages[0]
    assert page.width > page.height  # A4 landscape
    right_edge = page.width - page._page_box.margin_right

    def widest(box):
        edge = box.position_x + box.margin_width() if hasattr(box, "margin_width") else 0
        return max([edge, *(widest(child) for child in getattr(box, "children", []))])

    assert widest(page._page_box.children[0]) <= right_edge + 0.5
