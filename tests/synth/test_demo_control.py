"""The demo's control work on a small generated fund: the medical reviewers of each delegation
decided the requests of their queue (delays per delegation are real), the after-payment scan's
alerts are labelled in French, the controller's cases are open from the top alerts (one
provider's payments suspended) and both the audit trail and the read log show it; the
controller and the auditor find their homes filled."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q

from openamo.audit.models import AccessLog, AuditEntry
from openamo.authorizations.models import AuthorizationRequest, RequestEvent
from openamo.authorizations.selectors import delays_by_delegation
from openamo.claims.services import claims_adjudicate_pending
from openamo.fraud.demo import fraud_demo
from openamo.fraud.models import Alert, AlertStatus, Case, CaseStatus, CaseSuspension
from openamo.fraud.templatetags.fraud_tags import CODE_LABELS, code_label
from openamo.payments.models import PaymentHold
from openamo.portal.homes.staff import staff_panels
from openamo.portal.roles import Role
from openamo.synth import authz
from openamo.synth.accounts import demo_accounts_reset
from openamo.synth.services import fund_generate
from tests.clock import FIXED_DAY as TODAY
from tests.clock import noon
from tests.synth.conftest import sample_referentials_load

pytestmark = pytest.mark.django_db(transaction=False)


def test_reviewer_delay_keeps_most_decisions_within_48_hours():
    delays = [authz.reviewer_delay(h) for h in range(3, 45)]
    late = [d for d in delays if d > 48]
    assert late == [50, 60, 70, 80]
    assert authz.reviewer_username("DR-CS") == "medecin.dr-cs"


def test_codes_read_in_french():
    assert code_label("rule:duplicate_line") == "Règle : Acte facturé en double"
    assert code_label("peer_outlier") == "Écart aux pairs"
    assert code_label("sejours_fictifs") == "Sejours fictifs"  # unknown: words, never raw
    assert code_label("") == ""


def test_the_demo_controller_and_auditor_find_work(frozen_day):
    sample_referentials_load()
    fund_generate(beneficiaries=600, seed=3, until=TODAY)

    # the reviewers' decisions carry their decider, and the delays per delegation a mean
    reviewed = AuthorizationRequest.objects.filter(
        status="approved", decision_rule="", decided_at__isnull=False
    )
    assert reviewed.exists() and not reviewed.filter(decided_by__isnull=True).exists()
    deciders = set(reviewed.values_list("decided_by__username", flat=True))
    assert deciders and all(name.startswith(("medecin.", "agent.")) for name in deciders)
    assert not get_user_model().objects.get(username=min(deciders)).has_usable_password()
    agreements = RequestEvent.objects.filter(request__in=reviewed, action="accord")
    assert not agreements.filter(by__isnull=True).exists()
    rows = delays_by_delegation(since=TODAY - timedelta(days=365), now=noon(TODAY))
    assert any(r.average_hours for r in rows)

    claims_adjudicate_pending(source="test")
    done = fraud_demo(today=TODAY)
    assert done.lines > 0 and done.alerts == Alert.objects.count() > 0
    labelled = {
        code for pair in Alert.objects.values_list("detector", "reason_code") for code in pair
    }
    assert {c.removeprefix("rule:") for c in labelled} <= set(CODE_LABELS)
    # the alerts spread over the weekly scans of the last 8 weeks, none after today
    days = {a.date() for a in Alert.objects.values_list("created_at", flat=True)}
    assert len(days) > 7 and max(days) <= TODAY and min(days) > TODAY - timedelta(weeks=8)

    cases = list(Case.objects.order_by("id"))
    assert [c.reference for c in cases] == done.cases and 2 <= len(cases) <= 3
    assert all(c.alerts.exists() and c.amount_at_stake > 0 for c in cases)
    assert cases[0].status == CaseStatus.INVESTIGATING and cases[0].beneficiary_id is None
    suspension = CaseSuspension.objects.get()
    assert suspension.case == cases[0] and suspension.hold.provider == cases[0].provider
    assert PaymentHold.objects.filter(lifted_at__isnull=True).count() == 1
    assert not Alert.objects.filter(status=AlertStatus.NEW, case__isnull=False).exists()
    controller = cases[0].opened_by
    assert controller.username == "controleur"
    assert AuditEntry.objects.filter(
        Q(actor=controller) | Q(actor_label="controleur"), object_type__model="paymenthold"
    ).exists()
    assert AccessLog.objects.filter(user=controller, what="view360").count() == len(cases)

    again = fraud_demo(today=TODAY)  # a second run adds no case
    assert again.cases == [] and Case.objects.count() == len(cases)

    accounts = {username: label for label, username, _ in demo_accounts_reset()}
    assert accounts["controleur"] == "Contrôleur (fraude)" and accounts["auditeur"] == "Auditeur"
    users = get_user_model().objects
    (fraud,) = staff_panels(users.get(username="controleur"), today=TODAY, now=noon(TODAY))
    tiles = {t.label: t.value for t in fraud.tiles}
    assert tiles["Alertes nouvelles"] > 0 and tiles["Dossiers d'enquête ouverts"] == len(cases)
    assert tiles["Oppositions en cours"] == 1
    (audit,) = staff_panels(users.get(username="auditeur"), today=TODAY, now=noon(TODAY))
    assert audit.key == Role.AUDITOR
    tiles = {t.label: t.value for t in audit.tiles}
    assert tiles["Écritures aujourd'hui"] > 0 and tiles["Oppositions aux paiements en cours"] == 1
    assert tiles["Lectures de données médicales ces 7 jours"] == len(cases)
