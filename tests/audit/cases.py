"""One case per write service of the audited apps: `prepare(world)` builds what the write
needs, `act(world, state)` performs it as the agent and returns (object, field, old, new): the
entry the write must leave. Used by test_write_paths."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from openamo.audit.context import acting_as
from openamo.authorizations import invoicing
from openamo.authorizations import services as pec
from openamo.claims import intake
from openamo.claims import services as claims
from openamo.claims.models import AdjudicationRun
from openamo.members import rib as ribs
from openamo.members import services as members
from openamo.members.models import Member, RibChangeRequest, RightsSuspension
from openamo.payments import services as pay
from openamo.payments.services import settle as settling
from openamo.referentials.models import DocumentType
from tests.authorizations.builders import DAY, OTHER_CLINIC, docs, provider
from tests.authorizations.test_requests import NOW, submit
from tests.claims.db_builders import GP
from tests.members.helpers import condition_make
from tests.payments.builders import RIB_A, TODAY, clinic_invoices, payer_create, valid_rib


@dataclass
class World:
    member: object  # the member's beneficiary (rank 0)
    child: object  # a child's beneficiary
    user: object  # the agent every write is made by

    @classmethod
    def make(cls, admitted):
        member, child = admitted
        user = get_user_model().objects.create_user("agent", password="x")
        return cls(member, child, user)

    @property
    def main(self) -> Member:
        return self.member.member


def claim_received(world, day=DAY, who=None):
    return claims.claim_submit(
        beneficiary=who or world.member,
        channel="paper",
        deposit_date=day + timedelta(days=5),
        lines=[claims.LineInput(kind="act", code="C", care_date=day, executor_inpe=GP)],
    )


def _adjudicated(world):
    return claims.claim_adjudicate(claim=claim_received(world))


def _pending(world):
    return submit(
        world.member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[pec.ActInput("forfait", "HOSP-DAY", quantity=D(2))],
    )


def _status(obj, old, new):
    obj.refresh_from_db()
    return obj, "status", old, new


# ---- claims ----------------------------------------------------------------------------------


def claim_submit(world, _):
    claim = claims.claim_submit(
        beneficiary=world.member,
        channel="paper",
        deposit_date=DAY + timedelta(days=5),
        lines=[claims.LineInput(kind="act", code="C", care_date=DAY, executor_inpe=GP)],
        user=world.user,
    )
    return claim, "status", None, "received"


def claim_adjudicate(world, claim):
    return _status(claims.claim_adjudicate(claim=claim, user=world.user), "received", "adjudicated")


def partition_run(world, claim):
    run = AdjudicationRun.objects.create(source="test")
    claims.adjudication_partition_run(run_id=run.pk, user=world.user)
    return _status(claim, "received", "adjudicated")


def adjudicate_pending(world, claim):
    claims.claims_adjudicate_pending(user=world.user, source="test")
    return _status(claim, "received", "adjudicated")


def claim_move(world, claim):
    claims.claim_move(claim=claim, to_status="medical_review", user=world.user, reason="avis")
    return _status(claim, "received", "medical_review")


def reprocess(world, claim):
    claims.claims_reprocess(claim_ids=[claim.pk], user=world.user, reason="tarif corrigé")
    return claim, "statement_version", 1, 2


def line_review(world, claim):
    line = claim.lines.get()
    claims.line_review(claim_line=line, reviewer=world.user, decision="reject", justification="x")
    return line.reviews.get(), "decision", None, "reject"


def claims_intake(world, _):
    record = {
        "registration_number": world.member.registration_number,
        "rank": 0,
        "channel": "mutuelle",
        "deposit_date": "2025-03-20",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}],
    }
    result = intake.claims_intake(content=json.dumps(record).encode(), user=world.user)
    assert result.registered == 1
    return world.member.claims.get(), "status", None, "received"


# ---- authorisations and invoices -------------------------------------------------------------


def _applied(world):
    return pec.agreement_apply(
        provider=provider(OTHER_CLINIC),
        care_categories=["surgery"],
        starts_on=date(2024, 1, 1),
        rib=RIB_A,
        anam_registration="ANAM-X",
        user=world.user,
    )


def agreement_apply(world, _):
    return _applied(world), "status", None, "applied"


def agreement_decide(world, agreement):
    pec.agreement_decide(agreement=agreement, approve=True, user=world.user)
    return _status(agreement, "applied", "active")


def authorization_submit(world, _):
    return submit(world.member, user=world.user), "status", None, "approved"


def documents_add(world, request):
    pec.authorization_documents_add(
        request=request, documents=docs("DEVIS", "CR_MED"), now=NOW, user=world.user
    )
    return _status(request, "incomplete", "approved")


def document_ask(world, request):
    imaging = DocumentType.objects.get(code="IMAGERIE")
    pec.authorization_document_ask(request=request, document_type=imaging, user=world.user)
    return _status(request, "pending", "incomplete")


def decide(world, request):
    pec.authorization_decide(
        request=request, user=world.user, decision="refuse", refusal_reason="not_covered"
    )
    return _status(request, "pending", "refused")


def escalate(world, request):
    late = NOW + timedelta(hours=49)
    assert pec.authorizations_escalate(now=late) == 1
    return request, "escalated_at", None, late


def invoice_batch_submit(world, request):
    batch = invoicing.invoice_batch_submit(
        provider=provider(request.provider.inpe),
        received_on=DAY + timedelta(days=20),
        invoices=[
            invoicing.InvoiceInput(
                request.reference,
                "FAC-9",
                DAY + timedelta(days=10),
                [invoicing.InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000"))],
            )
        ],
        user=world.user,
    )
    return batch.invoices.get(), "status", None, "accepted"


def invoice_mark_paid(world, invoice):
    invoicing.invoice_mark_paid(invoice=invoice, paid_on=TODAY, user=world.user)
    return _status(invoice, "accepted", "paid")


# ---- payments --------------------------------------------------------------------------------


def _payable(world):
    Member.objects.filter(pk=world.main.pk).update(rib=RIB_A)
    payer_create()
    return _adjudicated(world)


def _prepared(world):
    _payable(world)
    return pay.payment_run_prepare(kind="insured", cut_off=TODAY, by=world.user)


def _issued(world):
    return pay.payment_run_issue(run=_prepared(world), by=world.user)


def hold_set(world, _):
    hold = pay.payment_hold_set(member=world.main, reason="enquête", starts_on=TODAY, by=world.user)
    return hold, "reason", None, "enquête"


def _hold(world):
    return pay.payment_hold_set(member=world.main, reason="enquête", starts_on=TODAY, by=None)


def hold_lift(world, hold):
    pay.payment_hold_lift(hold=hold, by=world.user, reason="levée")
    return hold, "lift_reason", "", "levée"


def run_prepare(world, _):
    _payable(world)
    return (
        pay.payment_run_prepare(kind="insured", cut_off=TODAY, by=world.user),
        "status",
        None,
        "prepared",
    )


def run_issue(world, run):
    return _status(pay.payment_run_issue(run=run, by=world.user), "prepared", "issued")


def order_settle(world, run):
    order = run.orders.get()
    pay.payment_order_settle(order=order, paid=True, on=TODAY, by=world.user)
    return _status(order, "sent", "paid")


def run_settle_all(world, run):
    assert pay.payment_run_settle_all(run=run, on=TODAY, by=world.user) == 1
    return _status(run.orders.get(), "sent", "paid")


def returns_import(world, run):
    order = run.orders.get()
    content = f"reference_ordre;statut;motif;reference_banque\n{order.reference};rejeté;RIB clos;\n"
    pay.payment_returns_import(
        run=run, name="r.csv", content=content.encode(), on=TODAY, by=world.user
    )
    return _status(order, "sent", "rejected")


def settle(world, run):
    order = run.orders.get()
    settling.settle([order], {order.pk: settling.Answer(True)}, on=TODAY, by=world.user)
    return _status(order, "sent", "paid")


def run_close(world, run):
    order = run.orders.get()
    settling.settle([order], {order.pk: settling.Answer(True)}, on=TODAY, by=None)
    settling.run_close_if_done(run)
    return _status(run, "issued", "closed")


# ---- members and rights ----------------------------------------------------------------------


def employer_create(world, _):
    employer = members.employer_create(name="Atlas SARL", kind="company", scheme=world.main.scheme)
    return employer, "name", None, "Atlas SARL"


def member_register(world, _):
    member = members.member_register(
        scheme=world.main.scheme,
        cin="ZT998877",
        last_name="Tazi",
        first_name="Omar",
        birth_date=date(1975, 2, 2),
        sex="M",
        registered_on=date(2015, 1, 1),
    )
    return member, "cin", None, "ZT998877"


def dependent_add(world, _):
    spouse = members.dependent_add(
        member=world.main,
        relationship="spouse",
        last_name="Bennani",
        first_name="Nadia",
        birth_date=date(1982, 1, 1),
        sex="F",
        linked_on=date(2008, 6, 1),
    )
    return spouse, "first_name", None, "Nadia"


def dependent_update(world, _):
    dependent = world.child.dependent
    members.dependent_update(dependent=dependent, disabled=True)
    return dependent, "disabled", False, True


def life_event(world, _):
    event = members.life_event_record(
        member=world.main, kind="retire", occurred_on=date(2024, 6, 30)
    )
    return event, "kind", None, "retire"


def rights_suspend(world, _):
    suspension = members.rights_suspend(
        member=world.main, starts_on=date(2024, 1, 1), ends_on=date(2024, 3, 31), reason="fraude"
    )
    return suspension, "reason", None, "fraude"


def exemption_grant(world, _):
    exemption = members.ald_exemption_grant(
        beneficiary=world.child, condition=condition_make(), starts_on=date(2022, 1, 1)
    )
    return exemption, "starts_on", None, date(2022, 1, 1)


def _exemption(world):
    return members.ald_exemption_grant(
        beneficiary=world.child, condition=condition_make(), starts_on=date(2022, 1, 1)
    )


def exemption_renew(world, exemption):
    renewal = members.ald_exemption_renew(exemption=exemption, decision_ref="D-2")
    return renewal, "starts_on", None, exemption.ends_on + timedelta(days=1)


def _suspended_silently(world):
    """A suspension written behind the services' back: the next recompute moves the rights."""
    RightsSuspension.objects.create(
        member=world.main, starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 31), reason="x"
    )
    world.member.refresh_from_db()
    return world.member.rights["p"]


def rights_recompute(world, before):
    members.member_rights_recompute(member=world.main)
    world.member.refresh_from_db()
    assert world.member.rights["p"] != before
    return world.member, "rights", before, world.member.rights["p"]


NEW_RIB = valid_rib("0077800000998877665544")


def rib_request(world, _):
    request = ribs.rib_change_request(member=world.main, new_rib=NEW_RIB, requested_by=world.user)
    return request, "new_rib", None, NEW_RIB


def _rib_requested(world):
    request = ribs.rib_change_request(member=world.main, new_rib=NEW_RIB)
    RibChangeRequest.objects.filter(pk=request.pk).update(code_hash=make_password("123456"))
    return request


def rib_confirm(world, request):
    old = Member.objects.get(pk=world.main.pk).rib
    member = ribs.rib_change_confirm(request=request, code="123456")
    return member, "rib", old, NEW_RIB


def _none(world):
    return None


def _as_agent(act):
    def run(world, state):
        with acting_as(world.user):
            return act(world, state)

    return run


C, P, M = "openamo.claims.services.", "openamo.authorizations.", "openamo.members."
PAY = "openamo.payments.services."
CASES = {
    f"{C}claim_submit": (_none, claim_submit),
    f"{C}claim_adjudicate": (claim_received, claim_adjudicate),
    f"{C}adjudication_partition_run": (claim_received, partition_run),
    f"{C}claims_adjudicate_pending": (claim_received, adjudicate_pending),
    f"{C}claim_move": (claim_received, claim_move),
    f"{C}claims_reprocess": (_adjudicated, reprocess),
    f"{C}line_review": (_adjudicated, line_review),
    "openamo.claims.intake.claims_intake": (_none, claims_intake),
    f"{P}services.agreement_apply": (_none, agreement_apply),
    f"{P}services.agreement_decide": (_applied, agreement_decide),
    f"{P}services.authorization_submit": (_none, authorization_submit),
    f"{P}services.authorization_documents_add": (
        lambda w: submit(w.member, documents=("DEMANDE",)),
        documents_add,
    ),
    f"{P}services.authorization_document_ask": (_pending, document_ask),
    f"{P}services.authorization_decide": (_pending, decide),
    f"{P}services.authorizations_escalate": (_pending, escalate),
    f"{P}invoicing.invoice_batch_submit": (lambda w: submit(w.member), invoice_batch_submit),
    f"{P}invoicing.invoice_mark_paid": (
        lambda w: clinic_invoices(w.member, count=1)[0],
        invoice_mark_paid,
    ),
    f"{PAY}holds.payment_hold_set": (_none, hold_set),
    f"{PAY}holds.payment_hold_lift": (_hold, hold_lift),
    f"{PAY}runs.payment_run_prepare": (_none, run_prepare),
    f"{PAY}runs.payment_run_issue": (_prepared, run_issue),
    f"{PAY}settle.payment_order_settle": (_issued, order_settle),
    f"{PAY}settle.payment_run_settle_all": (_issued, run_settle_all),
    f"{PAY}returns.payment_returns_import": (_issued, returns_import),
    f"{PAY}settle.settle": (_issued, settle),
    f"{PAY}settle.run_close_if_done": (_issued, run_close),
    f"{M}services.employer_create": (_none, _as_agent(employer_create)),
    f"{M}services.member_register": (_none, _as_agent(member_register)),
    f"{M}services.dependent_add": (_none, _as_agent(dependent_add)),
    f"{M}services.dependent_update": (_none, _as_agent(dependent_update)),
    f"{M}services.life_event_record": (_none, _as_agent(life_event)),
    f"{M}services.rights_suspend": (_none, _as_agent(rights_suspend)),
    f"{M}services.ald_exemption_grant": (_none, _as_agent(exemption_grant)),
    f"{M}services.ald_exemption_renew": (_exemption, _as_agent(exemption_renew)),
    f"{M}services.member_rights_recompute": (_suspended_silently, _as_agent(rights_recompute)),
    f"{M}rib.rib_change_request": (_none, rib_request),
    f"{M}rib.rib_change_confirm": (_rib_requested, _as_agent(rib_confirm)),
}
# Writes made by a batch or on its own behalf, not by the agent: their expected author.
AUTHORS = {
    f"{P}services.authorizations_escalate": "traitement automatique",
    f"{PAY}settle.run_close_if_done": "clôture automatique du lot",
}
