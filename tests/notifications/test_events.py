"""The events queue their French messages where they happen: claims adjudicated or with
rejected lines (set-wise in the batch), more information needed, payment sent, RIB rejected
by the bank or missing, payroll declaration missing (automatic on the due day, once; manual),
contribution arrears (a legal notice)."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from openamo.claims.models import Claim, ClaimStatus
from openamo.claims.services import LineInput, claim_move, claim_submit, claims_adjudicate_pending
from openamo.contributions.models import ContributionCall, Declaration
from openamo.contributions.reminders import reminders_run
from openamo.members.models import Broker, BrokerMandate, Employer
from openamo.notifications.management.commands.worker import daily_jobs
from openamo.notifications.models import Notification
from openamo.payments import services as payments
from tests.claims.db_builders import GP
from tests.clock import FIXED_DAY
from tests.payments.builders import (
    DAY,
    RIB_A,
    TODAY,
    claim_paid_by_fund,
    officer,
    other_member,
    payer_create,
    rib_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(frozen_day):
    return frozen_day


def _messages(**recipient):
    return list(Notification.objects.filter(**recipient).order_by("id"))


def test_an_adjudicated_claim_tells_the_amount_and_links_the_statement(fund):
    member, _child = fund
    claim = claim_paid_by_fund(member)  # a consultation C: 80,00 DH, 64,00 DH reimbursed
    (message,) = _messages(beneficiary=member, event="claim_adjudicated")
    assert message.subject == f"Votre dossier {claim.reference} est liquidé"
    assert "Frais engagés : 80,00 DH ; montant remboursé par la caisse : 64,00 DH" in message.body
    assert message.link == f"/mon-espace/dossiers/{claim.reference}/"
    assert message.related == claim


def test_a_rejected_line_is_named_with_its_reason(fund):
    member, _child = fund
    claim = claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=DAY + timedelta(days=5),
        lines=[
            LineInput(kind="act", code="C", care_date=DAY - timedelta(days=800), executor_inpe=GP)
        ],
    )
    claims_adjudicate_pending()
    (message,) = _messages(beneficiary=member, event="claim_line_rejected")
    assert claim.reference in message.subject
    assert "montant remboursé : 0,00 DH" in message.body
    assert "- ligne 1, " in message.body and "délai" in message.body.lower()


def test_a_historical_load_tells_nobody(fund):
    member, _child = fund
    claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=DAY + timedelta(days=5),
        lines=[LineInput(kind="act", code="C", care_date=DAY, executor_inpe=GP)],
    )
    run = claims_adjudicate_pending(notify=False)
    assert run.claims == 1 and not Notification.objects.exists()


def test_more_information_needed(fund):
    member, _child = fund
    claim = claim_submit(
        beneficiary=member,
        channel="paper",
        deposit_date=DAY + timedelta(days=5),
        lines=[LineInput(kind="act", code="C", care_date=DAY, executor_inpe=GP)],
    )
    agent = get_user_model().objects.create_user("liquidateur")
    claim_move(claim=claim, to_status=ClaimStatus.IN_ADJUDICATION, user=agent, reason="prise")
    claim_move(
        claim=Claim.objects.get(pk=claim.pk),
        to_status=ClaimStatus.WAITING_DOCUMENTS,
        user=agent,
        reason="ordonnance originale",
    )
    (message,) = _messages(beneficiary=member, event="claim_more_information")
    assert "pièces complémentaires : ordonnance originale" in message.body


def test_payment_sent_then_rejected_by_the_bank(fund, cnops):
    member, _child = fund
    rib_set(member.member, RIB_A)
    other = other_member(cnops)
    claim_paid_by_fund(member)
    claim_paid_by_fund(other.beneficiaries.get(rank=0), coefficient="1.5")
    Notification.objects.all().delete()
    user = officer()
    payer_create()
    run = payments.payment_run_issue(
        run=payments.payment_run_prepare(kind="insured", cut_off=TODAY, by=user), by=user
    )
    sent = {m.beneficiary.member_id: m for m in _messages(event="payment_sent")}
    assert sent[member.member_id].subject == "Paiement envoyé : 64,00 DH"
    assert f"se terminant par {RIB_A[-4:]}" in sent[member.member_id].body
    assert sent[other.pk].subject == "Paiement envoyé : 96,00 DH"
    order = run.orders.get(member=other)
    payments.payment_order_settle(
        order=order, paid=False, reason="compte clôturé", on=TODAY, by=user
    )
    (rejected,) = _messages(event="rib_rejected")
    assert rejected.beneficiary.member_id == other.pk
    assert (
        f"Le virement {order.reference} de 96,00 DH a été rejeté par la banque (compte clôturé)"
        in rejected.body
    )
    assert rejected.link == "/mon-espace/rib/"


def test_a_missing_rib_is_told_once_a_day(fund, cnops):
    member, _child = fund
    rib_set(member.member, RIB_A)
    other = other_member(cnops)
    rib_set(other, "")
    claim_paid_by_fund(member)
    claim_paid_by_fund(other.beneficiaries.get(rank=0), coefficient="1.5")
    payments.payment_run_prepare(kind="insured", cut_off=TODAY, by=None)
    (missing,) = _messages(event="rib_missing")
    assert missing.beneficiary.member_id == other.pk
    assert "Un remboursement de 96,00 DH vous attend" in missing.body


@pytest.fixture
def employers(cnops):
    atlas = Employer.objects.create(name="Atlas SA", kind="company", scheme=cnops)
    rif = Employer.objects.create(name="Rif SARL", kind="company", scheme=cnops)
    broker = Broker.objects.create(name="Courtage Maghreb", acaps_number="ACAPS-1")
    BrokerMandate.objects.create(broker=broker, employer=atlas, valid_from=date(2025, 1, 1))
    for employer in (atlas, rif):
        Declaration.objects.create(
            employer=employer, scheme=cnops, period=date(2026, 9, 1), source="portal"
        )
    Declaration.objects.create(
        employer=rif, scheme=cnops, period=date(2026, 10, 1), source="portal"
    )
    return atlas, rif, broker


def test_a_missing_declaration_is_told_on_its_due_day_once(employers):
    atlas, rif, broker = employers
    assert reminders_run(day=date(2026, 11, 9))["declarations"] == 0  # not due yet
    assert reminders_run(day=FIXED_DAY)["declarations"] == 1
    (to_employer,) = _messages(employer=atlas)
    assert to_employer.subject == "Déclaration de salaires manquante : 10/2026"
    assert "attendue au plus tard le 10/11/2026" in to_employer.body
    assert to_employer.link == "/employeur/declarations/"
    assert [m.event for m in _messages(broker=broker)] == ["declaration_missing"]
    assert not _messages(employer=rif)
    assert reminders_run(day=FIXED_DAY + timedelta(days=1))["declarations"] == 0  # once


def test_staff_send_the_reminder_by_hand(client, employers):
    atlas, _rif, _broker = employers
    from openamo.portal.roles import Role, roles_sync, user_role_grant

    roles_sync()
    staff = get_user_model().objects.create_user("cotisations", is_staff=True)
    user_role_grant(user=staff, role=Role.CONTRIBUTIONS_OFFICER)
    client.force_login(staff)
    page = client.get("/cotisations/relances/").content.decode()
    assert "Atlas SA" in page and "Rif SARL" not in page
    client.post("/cotisations/relances/envoyer/", {"employer": str(atlas.pk)})
    client.post("/cotisations/relances/envoyer/", {"employer": "all"})
    assert len(_messages(employer=atlas, event="declaration_missing")) == 2  # by hand: each time


def test_arrears_are_a_legal_notice_once_a_month(employers):
    atlas, _rif, broker = employers
    ContributionCall.objects.create(
        employer=atlas, period=date(2026, 8, 1), amount_due="1500.00", due_on=date(2026, 9, 10)
    )
    ContributionCall.objects.create(
        employer=atlas, period=date(2026, 10, 1), amount_due="900.00", due_on=date(2026, 11, 10)
    )  # not past the grace period yet
    daily_jobs(FIXED_DAY)
    (notice,) = _messages(employer=atlas, event="contribution_arrears")
    assert notice.legal and notice.subject == "Cotisations impayées : 1\u202f500,00 DH"
    assert "sur 1 appel(s), le plus ancien exigible depuis le 10/09/2026" in notice.body
    assert _messages(broker=broker, event="contribution_arrears")[0].legal
    daily_jobs(FIXED_DAY + timedelta(days=3))
    assert len(_messages(employer=atlas, event="contribution_arrears")) == 1
