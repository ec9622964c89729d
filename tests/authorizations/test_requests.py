"""Prior-authorisation requests end to end against the database: instant decisions, missing
documents, queues and reviewers, escalation, and the agreements the claims engine reads."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openamo.authorizations import selectors, services
from openamo.authorizations.models import RequestStatus
from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.notifications.models import Notification
from openamo.referentials.models import DocumentType
from tests.authorizations.builders import (
    CLINIC,
    DAY,
    OTHER_CLINIC,
    SURGERY_ACTS,
    docs,
    kind,
    provider,
    staff_user,
)

NOW = timezone.make_aware(timezone.datetime(2025, 3, 3, 9, 0))


def submit(beneficiary, type_code="CHIR", documents=("DEMANDE", "DEVIS", "CR_MED"), **kw):
    kw.setdefault("acts", SURGERY_ACTS)
    kw.setdefault("planned_start", DAY)
    kw.setdefault("planned_end", DAY + timedelta(days=2))
    return services.authorization_submit(
        provider=provider(kw.pop("inpe", CLINIC)),
        beneficiary=beneficiary,
        authorization_type=kind(type_code),
        diagnosis=kw.pop("diagnosis", "K35.8"),
        documents=docs(*documents),
        now=kw.pop("now", NOW),
        **kw,
    )


def test_a_complete_request_is_approved_at_once_with_the_engine_amounts(admitted):
    member, _ = admitted
    request = submit(member)
    assert request.status == RequestStatus.APPROVED
    assert (request.decision_rule, request.decided_by, request.decided_at) == (
        "instant_approval",
        None,
        NOW,
    )
    # forfait 6,000 at 90 % (private surgery) + K 50 = 1,125 at 80 % (technical act)
    assert (
        request.amount_charged,
        request.amount_covered,
        request.copayment,
        request.remaining,
    ) == (
        D("7125.00"),
        D("6300.00"),
        D("825.00"),
        D("825.00"),
    )
    assert request.exemption_applied == ""
    assert [
        (a.quotation, a.rate, a.covered, a.copayment, a.granted_quantity)
        for a in request.acts.all()
    ] == [
        ("CHIR-APP", D("90.000"), D("5400.00"), D("600.00"), D("1.00")),
        ("K 50", D("80.000"), D("900.00"), D("225.00"), D("1.00")),
    ]
    assert (request.valid_from, request.valid_to) == (DAY, DAY + timedelta(days=2))
    assert request.delegation.name == "Rabat"  # the beneficiary's delegation, not the clinic's
    trail = list(request.events.values_list("action", "rule", "by"))
    assert trail == [("dépôt", "", None), ("accord", "instant_approval", None)]
    notice = Notification.objects.get(event="authorization_granted")
    assert notice.beneficiary == member and notice.related == request
    for text in (
        "Hospitalisation chirurgicale",
        "7\u202f125,00 DH",
        "6\u202f300,00 DH",
        "825,00 DH",
    ):
        assert text in notice.body, text


def test_the_claims_engine_accepts_an_approval_only_for_its_beneficiary_dates_and_codes(admitted):
    member, child = admitted
    request = submit(member)
    agreements = selectors.agreements_for_claims(beneficiary_ids=[member.pk, child.pk])
    assert set(agreements) == {request.reference}
    assert agreements[request.reference].codes == frozenset({"CHIR-APP", "K"})

    def claim(ref, day=DAY):
        line = LineInput(
            kind="forfait",
            code="CHIR-APP",
            care_date=day,
            executor_inpe=CLINIC,
            authorization_ref=ref,
        )
        return claim_adjudicate(
            claim=claim_submit(
                beneficiary=member,
                channel="paper",
                deposit_date=DAY + timedelta(days=5),
                lines=[line],
            )
        ).statements.get()

    assert claim(request.reference).lines.get().reimbursed == D("5400.00")
    assert claim("", DAY + timedelta(days=1)).lines.get().rejection_code == "authorization_missing"
    assert (
        claim(request.reference, DAY + timedelta(days=3)).lines.get().rejection_code
        == "authorization_missing"
    )


def test_an_incomplete_request_is_answered_with_exactly_the_missing_documents(admitted):
    member, _ = admitted
    request = submit(member, documents=("DEMANDE",))
    assert request.status == RequestStatus.INCOMPLETE
    assert request.decision_note == (
        "Demande incomplète : pièces obligatoires manquantes : Compte rendu médical, Devis estimatif"
    )
    assert not request.queue and request.due_at is None
    # the optional imaging reports are not asked for; documents outside the list are refused
    with pytest.raises(ValidationError) as error:
        services.authorization_documents_add(request=request, documents=docs("BILAN_RENAL"))
    assert "hors de la nomenclature" in error.value.message_dict["documents"][0]
    later = NOW + timedelta(hours=3)
    request = services.authorization_documents_add(
        request=request, documents=docs("DEVIS", "CR_MED"), now=later
    )
    request.refresh_from_db()
    assert (request.status, request.decision_rule, request.decided_at) == (
        RequestStatus.APPROVED,
        "instant_approval",
        later,
    )


def test_documents_outside_the_nomenclature_are_refused_at_submission(admitted):
    member, _ = admitted
    with pytest.raises(ValidationError) as error:
        submit(member, documents=("DEMANDE", "DEVIS", "CR_MED", "SEROLOGIE"))
    assert error.value.message_dict["documents"] == [
        "pièce(s) hors de la nomenclature de ce type de prise en charge : SEROLOGIE"
    ]


def test_a_request_needing_review_is_queued_and_decided_by_a_reviewer(admitted):
    member, _ = admitted
    request = submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[services.ActInput("forfait", "HOSP-DAY", quantity=D(4), charged=D("3000"))],
        planned_end=DAY + timedelta(days=3),
    )
    assert (request.status, request.queue, request.delegation.code) == ("pending", "medical", "D02")
    assert request.due_at == NOW + timedelta(hours=48)
    assert [r.reference for r in selectors.queue_list(delegation_id=request.delegation_id)] == [
        request.reference
    ]
    reviewer = staff_user()
    # a reviewer may ask for a document of the nomenclature, never for another one
    with pytest.raises(ValidationError) as error:
        services.authorization_document_ask(
            request=request, document_type=DocumentType.objects.get(code="DEVIS"), user=reviewer
        )
    assert "n'est pas dans la nomenclature" in error.value.message_dict["document_type"][0]
    services.authorization_document_ask(
        request=request,
        document_type=DocumentType.objects.get(code="IMAGERIE"),
        user=reviewer,
        now=NOW + timedelta(hours=1),
    )
    request.refresh_from_db()
    assert request.status == "incomplete"
    services.authorization_documents_add(
        request=request, documents=docs("IMAGERIE"), now=NOW + timedelta(hours=2)
    )
    request.refresh_from_db()
    assert (request.status, request.due_at) == ("pending", NOW + timedelta(hours=50))
    decided_at = NOW + timedelta(hours=20)
    request = services.authorization_decide(
        request=request,
        user=reviewer,
        decision="partly_approve",
        granted_quantities={1: D(3)},
        note="trois jours suffisent",
        now=decided_at,
    )
    # 3 days × 750 at 90 %
    assert (request.status, request.amount_covered, request.copayment) == (
        "partly_approved",
        D("2025.00"),
        D("225.00"),
    )
    assert (request.decided_by, request.decision_rule) == (reviewer, "")
    assert request.events.last().by == reviewer
    with pytest.raises(ValidationError):  # definitive: no second decision
        services.authorization_decide(
            request=request, user=reviewer, decision="refuse", refusal_reason="not_covered"
        )


def test_a_reviewer_refuses_with_a_coded_reason(admitted):
    member, _ = admitted
    request = submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[services.ActInput("forfait", "HOSP-DAY", quantity=D(2))],
    )
    reviewer = staff_user()
    with pytest.raises(ValidationError) as error:
        services.authorization_decide(request=request, user=reviewer, decision="refuse")
    assert "refusal_reason" in error.value.message_dict
    request = services.authorization_decide(
        request=request, user=reviewer, decision="refuse", refusal_reason="not_medically_justified"
    )
    assert request.status == "refused"
    assert request.decision_note.startswith("Acte non justifié médicalement")
    assert not Notification.objects.filter(event="authorization_granted").exists()


def test_a_provider_without_agreement_goes_to_the_delegation(fund):
    member, _ = fund
    request = submit(member, inpe=OTHER_CLINIC)
    assert (request.status, request.queue, request.decision_rule) == ("pending", "delegation", "")
    assert request.events.last().rule == "provider_not_agreed"


def test_closed_rights_on_the_planned_dates_go_to_the_delegation(admitted):
    _, child = admitted  # the child's rights end at 21, on 14/03/2031
    start = date(2031, 3, 13)
    request = submit(child, planned_start=start, planned_end=start + timedelta(days=2))
    assert (request.status, request.queue) == ("pending", "delegation")
    assert "le 15/03/2031" in request.decision_note


def test_a_late_decision_is_escalated_once(admitted):
    member, _ = admitted
    request = submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[services.ActInput("forfait", "HOSP-DAY")],
    )
    assert services.authorizations_escalate(now=NOW + timedelta(hours=47)) == 0
    assert services.authorizations_escalate(now=NOW + timedelta(hours=49)) == 1
    assert services.authorizations_escalate(now=NOW + timedelta(hours=50)) == 0
    request.refresh_from_db()
    assert request.escalated_at == NOW + timedelta(hours=49)
    event = request.events.last()
    assert (event.action, event.rule, event.by) == ("escalade", "deadline_missed", None)
    assert "retard 1 h" in event.note
    delays = {
        d.delegation: d for d in selectors.delays_by_delegation(now=NOW + timedelta(hours=50))
    }
    assert (delays["Rabat"].pending, delays["Rabat"].overdue, delays["Rabat"].escalated) == (
        1,
        1,
        1,
    )


def test_a_retry_with_the_same_idempotency_key_returns_the_same_request(admitted):
    member, _ = admitted
    first = submit(member, idempotency_key="clinique-atlas-0001")
    again = submit(member, idempotency_key="clinique-atlas-0001")
    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_biology_below_b60_is_refused_by_rule(admitted):
    from tests.authorizations.builders import LAB

    member, _ = admitted
    request = submit(
        member,
        "BIO",
        documents=("ORDONNANCE",),
        inpe=LAB,
        acts=[services.ActInput("act", "B", coefficient=D(40))],
        planned_end=DAY,
    )
    assert (request.status, request.decision_rule) == ("refused", "biology_below_threshold")
    above = submit(
        member,
        "BIO",
        documents=("ORDONNANCE",),
        inpe=LAB,
        acts=[services.ActInput("act", "B", coefficient=D(120))],
        planned_end=DAY,
    )
    # B 120 × 1.10 = 132 at 80 %
    assert (above.status, above.amount_covered, above.copayment) == (
        "approved",
        D("105.60"),
        D("26.40"),
    )


def test_bad_input_names_the_fields(admitted):
    member, _ = admitted
    with pytest.raises(ValidationError) as error:
        submit(
            member,
            diagnosis="appendicite",
            acts=[services.ActInput("forfait", "", quantity=D(0))],
            planned_end=DAY - timedelta(days=1),
        )
    assert set(error.value.message_dict) == {
        "diagnosis",
        "acts.1.code",
        "acts.1.quantity",
        "planned_end",
    }


def test_the_instant_decision_runs_a_bounded_number_of_queries(
    admitted, django_assert_max_num_queries
):
    member, _ = admitted
    submit(member, idempotency_key="warm")  # loads the tariff snapshot once
    with django_assert_max_num_queries(40):
        request = submit(
            member, planned_start=DAY + timedelta(days=7), planned_end=DAY + timedelta(days=8)
        )
    assert request.status == "approved"


def test_the_escalation_command_for_cron(admitted):
    from io import StringIO

    from django.core.management import call_command

    member, _ = admitted
    submit(
        member,
        "HOSP",
        documents=("DEMANDE", "CR_MED"),
        acts=[services.ActInput("forfait", "HOSP-DAY")],
    )
    out = StringIO()
    call_command("authorizations_escalate", stdout=out)  # NOW + 48 h is long past
    call_command("authorizations_escalate", stdout=out)
    assert out.getvalue() == "1 demande(s) escaladée(s).\n0 demande(s) escaladée(s).\n"
