"""Alerts, cases and preventive suspensions: a suspended payee is never paid, the run names the
case, and the suspension is lifted only by a decision recorded on the case."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openamo.authorizations.models import Invoice
from openamo.fraud import services
from openamo.fraud.models import AlertStatus, CaseEventKind, CaseStatus, Verdict
from openamo.payments import services as payments
from openamo.payments.models import PaymentItem, PaymentSkip, Receivable
from tests.authorizations.builders import CLINIC, OTHER_CLINIC, provider
from tests.fraud.builders import alert_make, clinic_admit, controller, invoices_of
from tests.payments.builders import RIB_B, TODAY, officer, payer_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(frozen_day):
    """The payments builders work on the fixed test day, whatever the wall clock says."""
    return frozen_day


@pytest.fixture
def clinics(admitted):
    member, _ = admitted
    clinic_admit(OTHER_CLINIC, RIB_B)
    held = invoices_of(member, CLINIC, count=2)
    paid = invoices_of(member, OTHER_CLINIC, count=1, first_day=20)
    payer_create()
    return member, held, paid


@pytest.fixture
def case(clinics):
    user = controller()
    alert = alert_make(provider=provider(CLINIC), amount="7500.00")
    return services.case_open(title="Séjours fictifs", alerts=[alert], by=user), user


def test_opening_a_case_from_an_alert_takes_its_subject_and_amount(case):
    case, user = case
    alert = case.alerts.get()
    assert (case.provider, case.assigned_to, case.status) == (provider(CLINIC), user, "open")
    assert case.reference.startswith("ENQ-") and case.amount_at_stake == D("7500.00")
    assert (alert.status, alert.case) == (AlertStatus.IN_CASE, case)


def test_a_suspended_provider_is_never_paid_and_the_run_names_the_case(clinics, case):
    member, held, paid = clinics
    case, user = case
    services.case_suspend(case=case, provider=provider(CLINIC), by=user)
    run = payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=officer())
    order = run.orders.get()
    assert (order.provider, order.amount) == (provider(OTHER_CLINIC), paid[0].amount_accepted)
    skips = PaymentSkip.objects.filter(run=run)
    assert {s.invoice for s in skips} == set(held)
    assert {s.message for s in skips} == {
        f"opposition au paiement en cours : dossier d'investigation {case.reference}"
    }
    assert run.skipped_total == sum(i.amount_accepted for i in held)
    assert not PaymentItem.objects.filter(invoice__in=held).exists()
    with pytest.raises(ValidationError):  # nothing else to pay: the clinic stays unpaid
        payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=None)
    assert set(
        Invoice.objects.filter(pk__in=[i.pk for i in held]).values_list("paid_on", flat=True)
    ) == {None}


def test_the_suspension_cannot_be_lifted_without_a_decision_on_the_case(clinics, case):
    case, user = case
    suspension = services.case_suspend(case=case, provider=provider(CLINIC), by=user)
    with pytest.raises(ValidationError) as error:  # from the payments pages
        payments.payment_hold_lift(hold=suspension.hold, by=user, reason="levée")
    assert case.reference in error.value.message_dict["lift_reason"][0]
    with pytest.raises(ValidationError):
        services.case_suspension_lift(suspension=suspension, decision=None, by=user)
    other = services.case_open(title="Autre", provider=provider(OTHER_CLINIC), by=user)
    foreign = services.case_decision_record(case=other, text="lever", by=user)
    with pytest.raises(ValidationError):
        services.case_suspension_lift(suspension=suspension, decision=foreign, by=user)
    with pytest.raises(ValidationError):
        services.case_suspension_lift_decide(suspension=suspension, text="  ", by=user)
    suspension.hold.refresh_from_db()
    assert suspension.hold.lifted_at is None

    decision = services.case_decision_record(
        case=case, text="Pièces justificatives reçues", by=user
    )
    services.case_suspension_lift(suspension=suspension, decision=decision, by=user)
    suspension.refresh_from_db()
    suspension.hold.refresh_from_db()
    assert suspension.lift_decision == decision and suspension.hold.lifted_by == user
    assert "Pièces justificatives reçues" in suspension.hold.lift_reason
    with pytest.raises(ValidationError):  # one decision lifts one suspension
        services.case_suspension_lift(suspension=suspension, decision=decision, by=user)
    run = payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=None)
    assert {o.provider.inpe for o in run.orders.all()} == {CLINIC, OTHER_CLINIC}


def test_status_flow_records_who_and_when_and_stores_verdicts(case):
    case, user = case
    with pytest.raises(ValidationError):
        services.case_move(case=case, to=CaseStatus.OPEN, by=user)
    services.case_move(case=case, to=CaseStatus.INVESTIGATING, by=user)
    with pytest.raises(ValidationError) as error:
        services.case_move(case=case, to=CaseStatus.CLOSED_COURT, by=user)
    assert "note" in error.value.message_dict
    closed = services.case_move(
        case=case, to=CaseStatus.CLOSED_COURT, note="Transmis au parquet", by=user
    )
    assert closed.closed_at is not None
    assert list(closed.alerts.values_list("verdict", flat=True)) == [Verdict.CONFIRMED]
    moves = list(closed.events.filter(kind=CaseEventKind.STATUS).values_list("to_status", "by"))
    assert moves == [("open", user.pk), ("investigating", user.pk), ("closed_court", user.pk)]
    with pytest.raises(ValidationError):
        services.case_move(case=closed, to=CaseStatus.INVESTIGATING, by=user)


def test_unfounded_case_dismisses_its_alerts_and_bulk_dismiss_needs_a_reason(case):
    case, user = case
    services.case_move(case=case, to=CaseStatus.CLOSED_UNFOUNDED, note="RAS", by=user)
    assert case.alerts.get().verdict == Verdict.DISMISSED
    other = alert_make(provider=provider(OTHER_CLINIC), key="b")
    with pytest.raises(ValidationError):
        services.alerts_dismiss(alerts=[other], reason="", by=user)
    assert services.alerts_dismiss(alerts=[other], reason="doublon", by=user) == 1
    other.refresh_from_db()
    assert (other.status, other.verdict, other.dismiss_reason) == (
        "dismissed",
        "dismissed",
        "doublon",
    )


def test_documents_are_checked_for_type_and_size(case, client):
    from openamo.documents.services import documents_of

    case, user = case
    # the type is told by the content, not by what the browser claims
    pdf = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 test", content_type="image/png")
    document = services.case_document_add(case=case, upload=pdf, label="PV d'audition", by=user)
    assert (document.size, document.content_type) == (13, "application/pdf")
    stored = documents_of(document).get()
    assert stored.name == "pv.pdf" and stored.beneficiary_id == case.beneficiary_id
    client.force_login(user)
    url = f"/controle/dossiers/{case.reference}/piece/{document.pk}/"
    response = client.get(url, follow=True)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.case_document_add(case=case, upload=exe, label="", by=user)
    assert "programme exécutable" in error.value.message_dict["file"][0]
    big = SimpleUploadedFile("big.txt", b"x" * (10 * 1024 * 1024 + 1), content_type="text/plain")
    with pytest.raises(ValidationError):
        services.case_document_add(case=case, upload=big, label="", by=user)
    assert case.documents.count() == 1


def test_a_suspended_family_is_never_paid(fund, cnops):
    from tests.payments.builders import RIB_A, claim_paid_by_fund, other_member, rib_set

    member, child = fund
    rib_set(member.member, RIB_A)
    other = other_member(cnops)
    claim_paid_by_fund(member)
    claim_paid_by_fund(other.beneficiaries.get(rank=0))
    user = controller()
    case = services.case_open(title="Conjoint fictif", member=member.member, by=user)
    services.case_suspend(case=case, member=member.member, by=user, starts_on=date(2020, 1, 1))
    run = payments.payment_run_prepare(kind="insured", cut_off=TODAY, by=None)
    assert [o.member for o in run.orders.all()] == [other]
    assert PaymentSkip.objects.get(run=run).message.endswith(case.reference)


def test_a_recovery_is_netted_on_the_payees_next_order_to_the_centime(clinics, case):
    member, held, paid = clinics
    case, user = case
    gross = sum(i.amount_accepted for i in held)
    services.case_recovery_record(case=case, amount="1234.56", payee="provider", by=user)
    case.refresh_from_db()
    assert case.amount_recovered == D("1234.56")
    with pytest.raises(ValidationError):
        services.case_recovery_record(case=case, amount="-1", payee="provider", by=user)
    run = payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=None)
    orders = {o.provider.inpe: o for o in run.orders.all()}
    assert orders[CLINIC].amount == gross - D("1234.56")
    assert orders[OTHER_CLINIC].amount == paid[0].amount_accepted  # nothing owed: untouched
    assert run.total == gross - D("1234.56") + paid[0].amount_accepted
    receivable = Receivable.objects.get()
    assert (receivable.amount, receivable.remaining) == (D("1234.56"), D("0.00"))
    assert receivable.offsets.get().amount == D("1234.56")


def test_a_receivable_larger_than_the_order_settles_it_by_offset(clinics, case):
    member, held, paid = clinics
    case, user = case
    gross = sum(i.amount_accepted for i in held)
    services.case_recovery_record(case=case, amount=gross + D("100.01"), payee="provider", by=user)
    officer_user = officer()
    run = payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=officer_user)
    netted = run.orders.get(provider__inpe=CLINIC)
    assert netted.amount == D("0.00")
    assert Receivable.objects.get().remaining == D("100.01")
    run = payments.payment_run_issue(run=run, by=officer_user)
    assert netted.reference not in run.bank_file
    netted.refresh_from_db()
    assert (netted.status, netted.bank_reference) == ("paid", "compensation")
    assert {i.paid_on for i in Invoice.objects.filter(pk__in=[i.pk for i in held])} == {
        date.today()
    }
    assert run.total == paid[0].amount_accepted


def test_an_order_rejected_by_the_bank_gives_back_what_it_kept(clinics, case):
    member, held, paid = clinics
    case, user = case
    services.case_recovery_record(case=case, amount="500.00", payee="provider", by=user)
    officer_user = officer()
    run = payments.payment_run_prepare(kind="provider", cut_off=TODAY, by=officer_user)
    payments.payment_run_issue(run=run, by=officer_user)
    order = run.orders.get(provider__inpe=CLINIC)
    payments.payment_order_settle(
        order=order, paid=False, reason="compte clos", on=TODAY, by=officer_user
    )
    receivable = Receivable.objects.get()
    assert receivable.remaining == D("500.00")
    assert receivable.offsets.get().reversed is True
