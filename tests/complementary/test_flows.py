"""The four flows: anticipation and regularisation both ways, the remainder, the base fund's
flow file (all or nothing, the same file twice pays once, the drop folder), the single
window's recourse statement reconciled to the centime."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from openamo.claims.selectors import statement_get
from openamo.complementary.flows import (
    advance_pay,
    flow_file_import,
    recourse_issue,
    recourse_reconcile,
    remainder_pay,
    settle,
)
from openamo.complementary.models import Movement
from openamo.complementary.services import complementary_statement_compute
from tests.claims.db_builders import family_create, providers_create, tariffs_create
from tests.complementary.builders import consultation_claim, enrol, mutuelle_cover

pytestmark = pytest.mark.django_db
HEADER = "dossier;ligne;immatriculation;rang;date_soins;facture;rembourse_amo\n"


@pytest.fixture
def family(cnops):
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    contract = mutuelle_cover()
    enrol(contract, member, child)
    return member, child, contract


def _settle(claim, contract):
    amc = complementary_statement_compute(statement=statement_get(claim=claim), contract=contract)
    return settle(statement=amc, flow="anticipated")


def test_anticipation_then_the_difference_is_paid(family):
    member, _, contract = family
    claim = consultation_claim(member)  # the complementary share will be 16,00
    advance_pay(claim=claim, contract=contract, amount=D("10.00"))
    top_up = _settle(claim, contract)
    assert (top_up.kind, top_up.amount) == ("top_up", D("6.00"))
    assert _settle(claim, contract) is None  # settled once


def test_anticipation_then_what_was_paid_too_much_is_a_receivable(family):
    member, _, contract = family
    claim = consultation_claim(member)
    advance_pay(claim=claim, contract=contract, amount=D("25.00"))
    receivable = _settle(claim, contract)
    assert (receivable.kind, receivable.amount) == ("receivable", D("9.00"))
    paid = Movement.objects.filter(claim=claim, kind__in=["advance", "top_up"]).aggregate(
        s=Sum("amount")
    )["s"]
    assert paid - receivable.amount == D("16.00")


def test_remainder_pays_the_complementary_statement_once(family):
    member, _, _ = family
    claim = consultation_claim(member)
    movement = remainder_pay(claim=claim)
    assert (movement.kind, movement.flow, movement.amount) == ("payment", "remainder", D("16.00"))
    assert remainder_pay(claim=claim) is None


def _flow_line(claim) -> str:
    line = statement_get(claim=claim).lines.get()
    b = claim.beneficiary
    return (
        f"{claim.reference};{line.number};{b.registration_number};{b.rank};"
        f"{line.claim_line.care_date.isoformat()};{line.charged};{line.reimbursed}\n"
    )


def test_the_same_flow_file_twice_pays_once(family):
    member, child, contract = family
    first, second = consultation_claim(member), consultation_claim(child)
    content = (HEADER + _flow_line(first) + _flow_line(second)).encode()
    record, new = flow_file_import(insurer=contract.insurer, name="flux.csv", content=content)
    assert new and record.status == "done" and record.paid == D("32.00")
    again, new = flow_file_import(insurer=contract.insurer, name="flux-bis.csv", content=content)
    assert not new and again.pk == record.pk
    assert Movement.objects.aggregate(s=Sum("amount"))["s"] == D("32.00")
    assert Movement.objects.count() == 2


def test_a_flow_file_with_one_wrong_line_is_rejected_whole(family):
    member, child, contract = family
    first, second = consultation_claim(member), consultation_claim(child)
    wrong = _flow_line(second).replace(";64.00", ";70.00")
    content = (HEADER + _flow_line(first) + wrong).encode()
    record, _ = flow_file_import(insurer=contract.insurer, name="flux.csv", content=content)
    assert record.status == "rejected"
    assert "ligne 3 : montants différents du décompte AMO en vigueur" in record.report
    assert not Movement.objects.exists()


def test_the_drop_folder_moves_files_to_done_and_rejected_with_a_report(family, tmp_path):
    member, _, contract = family
    claim = consultation_claim(member)
    (tmp_path / "a.csv").write_text(HEADER + _flow_line(claim))
    (tmp_path / "b.csv").write_text("pas un fichier de flux\n")
    call_command("amc_import", str(tmp_path), insurer=contract.insurer.code)
    assert (tmp_path / "done" / "a.csv").exists() and (tmp_path / "rejected" / "b.csv").exists()
    report = (tmp_path / "done" / "a.csv.rapport.txt").read_text()
    assert "Montant réglé : 16.00 DH." in report
    assert "en-tête attendu" in (tmp_path / "rejected" / "b.csv.rapport.txt").read_text()
    (tmp_path / "c.csv").write_text(HEADER + _flow_line(claim))  # the same content again
    call_command("amc_import", str(tmp_path), insurer=contract.insurer.code)
    assert "Déjà intégré" in (tmp_path / "done" / "c.csv.rapport.txt").read_text()
    assert Movement.objects.get().amount == D("16.00")


def test_single_window_recourse_statement_reconciles_to_the_centime(family):
    member, child, contract = family
    contract.flow = "single_window"
    contract.save(update_fields=["flow"])
    claims = [
        consultation_claim(member, day=date(2025, 3, 10)),
        consultation_claim(child, day=date(2025, 3, 11), charged=D("80")),
        consultation_claim(member, day=date(2025, 3, 12)),
    ]
    for claim in claims:
        complementary_statement_compute(statement=statement_get(claim=claim))
    today = timezone.localdate()
    recourse = recourse_issue(insurer=contract.insurer, start=today, end=today)
    assert recourse.total == D("48.00") and recourse.lines.count() == 3
    assert recourse_issue(insurer=contract.insurer, start=today, end=today) is None  # once
    answers = {(c.reference, 1): D("16.00") for c in claims}
    answers[(claims[1].reference, 1)] = D("15.99")
    done = recourse_reconcile(recourse=recourse, answers=answers)
    assert (done.status, done.matched, done.disputed) == ("disputed", D("32.00"), D("16.00"))
    assert done.matched + done.disputed == done.total
    disputed = done.lines.get(matched=False)
    assert disputed.dispute == "montant de l'organisme 15.99 au lieu de 16.00"
    answers[(claims[1].reference, 1)] = D("16.00")
    again = recourse_reconcile(recourse=recourse, answers=answers)
    assert (again.status, again.matched, again.disputed) == ("reconciled", D("48.00"), D("0.00"))


def test_staff_upload_page_and_rest_upload_pay_once(client, family, django_user_model):
    from django.contrib.auth.models import Permission
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openamo.api.auth import api_token_create

    member, _, contract = family
    claim = consultation_claim(member)
    officer = django_user_model.objects.create_user("ordonnateur", password="Ordo-pw-2026")
    officer.user_permissions.add(*Permission.objects.filter(codename__endswith="_flowfile"))
    client.force_login(officer)
    content = (HEADER + _flow_line(claim)).encode()
    page = client.post(
        "/complementaire/flux/",
        {"insurer": contract.insurer.pk, "file": SimpleUploadedFile("flux.csv", content)},
        follow=True,
    )
    assert "Fichier intégré." in page.content.decode()
    _, raw = api_token_create(user=officer, name="flux")
    answer = client.post(
        "/api/v1/complementary/flow-files",
        {"insurer": contract.insurer.code, "file": SimpleUploadedFile("f.csv", content)},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert answer.status_code == 200 and answer.json()["new"] is False
    assert Movement.objects.get().amount == D("16.00")
    _, other = api_token_create(user=django_user_model.objects.create_user("x"), name="x")
    refused = client.post(
        "/api/v1/complementary/flow-files",
        {"insurer": contract.insurer.code, "file": SimpleUploadedFile("f.csv", content)},
        HTTP_AUTHORIZATION=f"Bearer {other}",
    )
    assert refused.status_code == 403
