"""The staff pages: who may see them, the work queue, intake by form and by file, the workflow
steps, medical review and reprocessing, end to end through the views."""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from openamo.claims.models import Claim, ClaimStatus, LineReview
from openamo.claims.services import claim_adjudicate
from openamo.referentials.models import LetterKey, LetterKeyValue
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.claims.ui_helpers import (
    PROCESSOR_PERMS,
    claim_make,
    consultation,
    user_with,
)

QUEUE = reverse("portal:claims:queue")


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)


@pytest.fixture
def processor(django_user_model):
    return user_with(django_user_model, "liquidateur", *PROCESSOR_PERMS, first_name="Samir")


@pytest.fixture
def staff(client, processor):
    client.force_login(processor)
    return client


def detail_url(claim):
    return reverse("portal:claims:detail", args=[claim.reference])


def test_anonymous_users_are_sent_to_the_login_page(client, family):
    claim = claim_make(family[0])
    for url in (
        QUEUE,
        detail_url(claim),
        reverse("portal:claims:intake"),
        reverse("portal:claims:upload"),
        reverse("portal:claims:statement_pdf", args=[claim.reference]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/connexion/"), url


def test_users_without_the_permissions_get_403(client, family, django_user_model):
    claim = claim_make(family[0])
    client.force_login(user_with(django_user_model, "guichet"))
    assert client.get(QUEUE).status_code == 403
    assert client.get(detail_url(claim)).status_code == 403
    reader = user_with(django_user_model, "lecteur", "view_claim")
    client.force_login(reader)
    assert client.get(QUEUE).status_code == 200
    assert client.get(reverse("portal:claims:intake")).status_code == 403
    take = reverse("portal:claims:take", args=[claim.reference])
    assert client.post(take).status_code == 403
    review = reverse("portal:claims:review", args=[claim.reference])
    refused = client.post(review, {"line": 1, "decision": "reject", "justification": "x"})
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RECEIVED and not LineReview.objects.exists()


def test_the_menu_shows_the_claims_entry_to_whoever_may_see_claims(staff, client, family):
    assert f'href="{QUEUE}"' in staff.get("/").content.decode()


def test_the_queue_counts_filters_sorts_and_paginates(staff, family):
    member, child = family
    first = claim_adjudicate(claim=claim_make(member))
    second = claim_make(child, consultation(), channel="electronic")
    claim_make(member, consultation(), deposit=date(2025, 4, 2))

    page = staff.get(QUEUE)
    counts = {c["value"]: c["count"] for c in page.context["counts"]}
    assert (counts["received"], counts["adjudicated"], page.context["counts_total"]) == (2, 1, 3)
    assert [c.reference for c in page.context["page"]][0].startswith("DM2025")

    adjudicated = staff.get(QUEUE, {"statut": "adjudicated"})
    assert [c.reference for c in adjudicated.context["page"]] == [first.reference]
    assert "148,00" in adjudicated.content.decode()
    assert [c.reference for c in staff.get(QUEUE, {"canal": "electronic"}).context["page"]] == [
        second.reference
    ]
    window = staff.get(QUEUE, {"du": "2025-04-01", "au": "2025-04-30"}).context["page"]
    assert [c.deposit_date for c in window] == [date(2025, 4, 2)]
    assert [c.reference for c in staff.get(QUEUE, {"resultat": "accepted"}).context["page"]] == [
        first.reference
    ]
    by_regno = staff.get(QUEUE, {"q": child.registration_number}).context["page"]
    assert len(by_regno) == 3  # the family shares the registration number
    assert [c.reference for c in staff.get(QUEUE, {"q": second.reference}).context["page"]] == [
        second.reference
    ]
    ascending = staff.get(QUEUE, {"tri": "reference"}).context["page"]
    assert [c.reference for c in ascending] == sorted(c.reference for c in ascending)
    by_amount = staff.get(QUEUE, {"tri": "-rembourse"}).context["page"]
    assert by_amount[0].reference == first.reference


def test_the_queue_paginates(staff, family, settings):
    member, _ = family
    for _ in range(27):
        claim_make(member, consultation())
    first, second = staff.get(QUEUE), staff.get(QUEUE, {"page": 2})
    assert (len(first.context["page"]), len(second.context["page"])) == (25, 2)
    assert "Page 1 sur 2" in first.content.decode()


def test_the_filtered_list_exports_as_csv_and_xlsx(staff, family):
    member, child = family
    done = claim_adjudicate(claim=claim_make(member))
    claim_make(child, consultation())
    page = staff.get(QUEUE, {"statut": "adjudicated"}).content.decode()
    assert "?statut=adjudicated&amp;export=csv" in page
    response = staff.get(QUEUE, {"statut": "adjudicated", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("reference;beneficiaire;immatriculation;depot;canal;statut")
    assert len(rows) == 2
    cells = dict(zip(rows[0].split(";"), rows[1].split(";"), strict=True))
    assert (cells["reference"], cells["statut"], cells["resultat"]) == (
        done.reference,
        "Liquidé",
        "Accepté",
    )
    assert (cells["facture"], cells["rembourse"]) == ("280,00", "148,00")
    assert cells["depot"] == done.deposit_date.isoformat()
    # the former address still answers, with the same filters
    former = staff.get(reverse("portal:claims:queue_csv"), {"statut": "adjudicated"})
    assert former.status_code == 302 and former.url == f"{QUEUE}?statut=adjudicated&export=csv"
    book = load_workbook(io.BytesIO(staff.get(QUEUE, {"export": "xlsx"}).content))
    sheet = book["Dossiers"]
    assert sheet.max_row == 3
    by_reference = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    adjudicated = by_reference[done.reference]
    assert D(str(adjudicated[10].value)) == D("148.00")
    assert adjudicated[10].number_format == "#,##0.00"
    assert adjudicated[3].value.date() == done.deposit_date


def test_queue_sort_whitelist_and_export_amounts_are_decimal(staff, family):
    from openamo.claims.listings import QUEUE as LISTING
    from openamo.claims.selectors import QueueFilters, claim_queue

    member, _ = family
    claim_adjudicate(claim=claim_make(member))
    claim_make(member, consultation())
    fallback = staff.get(QUEUE, {"tri": "beneficiary__member__rib"})
    assert fallback.status_code == 200 and fallback.context["sort"] == "-depot"
    rows = list(LISTING.sorted(claim_queue(filters=QueueFilters()), "-rembourse"))
    amounts = [LISTING.column("rembourse").value(c) for c in rows]
    assert isinstance(amounts[0], D) and amounts[1] is None  # no statement: last


def test_a_processor_takes_adjudicates_and_routes_a_claim(staff, processor, family):
    member, _ = family
    claim = claim_make(member)
    response = staff.post(reverse("portal:claims:take", args=[claim.reference]), follow=True)
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == (ClaimStatus.IN_ADJUDICATION, processor)
    assert "il vous est attribué" in response.content.decode()

    response = staff.post(
        reverse("portal:claims:move", args=[claim.reference]),
        {"to_status": "medical_review", "reason": "ordonnance illisible, avis médical"},
        follow=True,
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.MEDICAL_REVIEW
    page = response.content.decode()
    assert "ordonnance illisible, avis médical" in page and "Samir" in page

    response = staff.post(reverse("portal:claims:adjudicate", args=[claim.reference]), follow=True)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ADJUDICATED
    assert "148,00" in response.content.decode()
    steps = list(claim.transitions.values_list("to_status", "by__username"))
    assert steps == [
        ("received", None),
        ("in_adjudication", "liquidateur"),
        ("medical_review", "liquidateur"),
        ("adjudicated", "liquidateur"),
    ]


def test_a_move_without_reason_or_not_allowed_changes_nothing(staff, family):
    claim = claim_adjudicate(claim=claim_make(family[0]))
    url = reverse("portal:claims:move", args=[claim.reference])
    response = staff.post(url, {"to_status": "received", "reason": "retour"}, follow=True)
    assert "passage impossible" in response.content.decode()
    staff.post(url, {"to_status": "medical_review", "reason": ""})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ADJUDICATED and claim.transitions.count() == 2


def test_the_detail_page_shows_lines_statements_versions_and_history(staff, family):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member))
    LetterKeyValue.objects.create(
        letter_key=LetterKey.objects.get(code="C"), value=D("100"), valid_from=date(2025, 3, 1)
    )
    staff.post(
        reverse("portal:claims:reprocess"),
        {"claim": [claim.pk], "reason": "revalorisation du C au 1er mars"},
    )
    page = staff.get(detail_url(claim))
    html = page.content.decode()
    assert page.context["latest"].version == 2
    assert [s.version for s in page.context["previous"]] == [1]
    assert "Décompte en vigueur (version 2)" in html
    assert "revalorisation du C au 1er mars" in html
    assert "164,00" in html  # the consultation now 80 % of 100 DH, plus 84,00 for the medicine
    assert "Remboursement sur la base du prix du générique (PBR)" in html
    assert member.full_name in html


def test_a_reviewer_changes_a_line_from_the_detail_page(client, family, django_user_model):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member))
    doctor = user_with(django_user_model, "dr.alami", "view_claim", "add_linereview")
    client.force_login(doctor)
    assert "Avis du médecin contrôleur" in client.get(detail_url(claim)).content.decode()
    response = client.post(
        reverse("portal:claims:review", args=[claim.reference]),
        {
            "line": 2,
            "decision": "adjust_base",
            "base": "60,00",
            "justification": "une boîte suffit",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "dossier reliquidé" in html and "106,00" in html  # 64 + 70 % of 60
    review = LineReview.objects.get()
    assert (review.reviewer, review.base, review.claim_line.number) == (doctor, D("60.00"), 2)
    bad = client.post(
        reverse("portal:claims:review", args=[claim.reference]),
        {"line": 1, "decision": "adjust_base", "justification": "sans montant"},
        follow=True,
    )
    assert "indiquer la base retenue" in bad.content.decode()
    assert LineReview.objects.count() == 1


def header(member, **kw):
    data = {
        "identifier": member.registration_number,
        "rank": "",
        "deposit_date": "2025-03-20",
        "channel": "paper",
        "ald_code": "",
        "idempotency_key": "form-test-1",
        "lignes-TOTAL_FORMS": "3",
        "lignes-INITIAL_FORMS": "0",
        "lignes-MIN_NUM_FORMS": "0",
        "lignes-MAX_NUM_FORMS": "60",
    }
    data.update(kw)
    return data


def form_line(n, **values):
    return {f"lignes-{n}-{k}": v for k, v in values.items()}


def test_a_claim_is_entered_by_form(staff, processor, family):
    member, child = family
    data = header(child, identifier=child.registration_number, rank="1")
    data |= form_line(0, kind="act", code="C", care_date="2025-03-10", executor_inpe=GP)
    data |= form_line(
        2, kind="act", code="K", care_date="2025-03-10", executor_inpe=GP, coefficient="50"
    )
    response = staff.post(reverse("portal:claims:intake"), data)
    claim = Claim.objects.get()
    assert response.status_code == 302 and response.url == detail_url(claim)
    assert (claim.beneficiary, claim.channel, claim.status) == (child, "paper", "received")
    assert list(claim.lines.values_list("number", "code", "coefficient")) == [
        (1, "C", D("1.00")),
        (2, "K", D("50.00")),
    ]
    again = staff.post(reverse("portal:claims:intake"), data)  # a double click
    assert again.url == detail_url(claim) and Claim.objects.count() == 1
    assert claim.transitions.get().by == processor


def test_intake_errors_are_shown_on_the_line_and_field(staff, family):
    member, _ = family
    data = header(member)
    data |= form_line(0, kind="act", code="C", care_date="2025-03-10", executor_inpe=GP)
    data |= form_line(2, kind="act", code="C", care_date="2025-03-25", executor_inpe="12")
    response = staff.post(reverse("portal:claims:intake"), data)
    assert response.status_code == 200 and not Claim.objects.exists()
    third = response.context["formset"].forms[2]
    assert "executor_inpe" in third.errors and "care_date" in third.errors
    assert "postérieure à la date de dépôt" in response.content.decode()
    unknown = staff.post(reverse("portal:claims:intake"), header(member, identifier="999"))
    assert "Aucun bénéficiaire" in unknown.content.decode()
    by_cin = header(member, identifier=member.cin, idempotency_key="form-test-2")
    by_cin |= form_line(0, kind="act", code="C", care_date="2025-03-10", executor_inpe=GP)
    assert staff.post(reverse("portal:claims:intake"), by_cin).status_code == 302
    assert Claim.objects.get().beneficiary == member


def record(member, **kw):
    raw = {
        "registration_number": member.registration_number,
        "rank": member.rank,
        "deposit_date": "2025-03-20",
        "channel": "electronic",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}],
    }
    raw.update(kw)
    return json.dumps(raw)


def upload(client, text, name="lot.jsonl"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("portal:claims:upload"),
        {"file": SimpleUploadedFile(name, text.encode(), "application/jsonl")},
    )


def test_a_file_with_bad_records_is_refused_whole_with_every_error(staff, family):
    member, _ = family
    bad_line = {"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": "x"}
    text = "\n".join(
        [
            record(member),
            record(member, registration_number="000"),
            record(member, lines=[bad_line]),
            "{not json",
        ]
    )
    response = upload(staff, text)
    errors = [(e.line, e.column) for e in response.context["result"].errors]
    assert errors == [(2, "registration_number"), (3, "lines.1.executor_inpe"), (4, "")]
    assert "aucun dossier n'a été enregistré" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_good_file_is_registered_once(staff, family):
    member, child = family
    text = record(member, idempotency_key="lot-1") + "\n" + record(child, idempotency_key="lot-2")
    response = upload(staff, text)
    assert response.status_code == 302 and Claim.objects.count() == 2
    page = staff.get(response.url)
    assert "2 dossier(s) enregistré(s)" in page.content.decode()
    upload(staff, text)
    assert Claim.objects.count() == 2


def test_reprocessing_from_the_queue_needs_a_reason_and_keeps_versions(staff, family):
    member, _ = family
    claim = claim_adjudicate(claim=claim_make(member, consultation()))
    url = reverse("portal:claims:reprocess")
    staff.post(url, {"claim": [claim.pk], "reason": ""})
    assert claim.statements.count() == 1
    LetterKeyValue.objects.create(
        letter_key=LetterKey.objects.get(code="C"), value=D("100"), valid_from=date(2025, 1, 1)
    )
    response = staff.post(url, {"claim": [claim.pk], "reason": "tarif C corrigé"}, follow=True)
    assert "1 dossier(s) reliquidé(s)" in response.content.decode()
    latest = claim.statements.order_by("-version").first()
    assert (latest.version, latest.total_reimbursed, latest.reason) == (
        2,
        D("80.00"),
        "tarif C corrigé",
    )
    assert latest.run.started_by.username == "liquidateur"
