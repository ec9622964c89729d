"""`openamo demo` a week later brings a small fund forward instead of rebuilding it: the
claims deposited during the missing days, adjudicated as the batch would have (the morning's
mail left received), the new declarations' calls, the prepared run issued and this week's runs,
this morning's run prepared; nothing written twice, and the days before left as they were."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count

from openamo.claims.models import Claim, ClaimStatus, Statement
from openamo.contributions.models import ContributionCall, Declaration
from openamo.fraud.models import Alert, ScanRun
from openamo.members.models import Beneficiary
from openamo.payments.models import PaymentItem, PaymentRun, RunStatus
from openamo.synth.forward import FORWARD_MAX_DAYS, forward_days
from openamo.synth.models import SyntheticFund
from tests.clock import FIXED_DAY as DAY
from tests.clock import noon


def demo(until, *extra):
    out = StringIO()
    with time_machine.travel(noon(until), tick=True):
        call_command("demo", "--beneficiaries", "300", "--seed", "3", "--until", str(until),
                     *extra, stdout=out)  # fmt: skip
    return out.getvalue()


def test_forward_days_bound():
    fund = SyntheticFund(until=DAY)
    assert forward_days(fund, DAY) is None
    assert forward_days(fund, DAY + timedelta(days=1)) == 1
    assert forward_days(fund, DAY + timedelta(days=FORWARD_MAX_DAYS)) == FORWARD_MAX_DAYS
    assert forward_days(fund, DAY + timedelta(days=FORWARD_MAX_DAYS + 1)) is None
    assert forward_days(SyntheticFund(until=None), DAY) is None and forward_days(None, DAY) is None


@pytest.mark.django_db(transaction=True)
def test_a_week_later_the_demo_fund_moves_forward():
    demo(DAY)
    before = {
        "claims": set(Claim.objects.filter(deposit_date__lte=DAY).values_list("id", "reference")),
        "people": Beneficiary.objects.count(),
        "declarations": Declaration.objects.count(),
        "runs": PaymentRun.objects.count(),
        "scans": ScanRun.objects.count(),
    }
    prepared = PaymentRun.objects.get(status=RunStatus.PREPARED)
    assert prepared.cut_off == DAY - timedelta(days=1)

    later = DAY + timedelta(days=21)  # past the 5th: the month of November declared
    out = demo(later)
    assert "Caisse avancée du 16/11/2026 au 07/12/2026 (jours manquants)" in out
    assert "Caisse synthétique (" not in out  # not rebuilt
    assert SyntheticFund.objects.get().until == later
    # the days before as they were, the new days' claims added, none after the day
    old = set(Claim.objects.filter(deposit_date__lte=DAY).values_list("id", "reference"))
    assert old == before["claims"] and Beneficiary.objects.count() == before["people"]
    new = Claim.objects.filter(deposit_date__gt=DAY)
    assert new.count() > 10 and not new.filter(deposit_date__gt=later).exists()
    assert new.filter(status=ClaimStatus.RECEIVED, deposit_date__gt=later - timedelta(3)).exists()
    assert Statement.objects.filter(claim__in=new).exists()
    latest = Statement.objects.filter(claim__in=new).order_by("-adjudicated_at").first()
    assert latest.adjudicated_at.date() <= later
    # the month declared since: its declarations and calls, once per employer and month
    assert Declaration.objects.count() > before["declarations"]
    dup = ContributionCall.objects.values("employer", "period").annotate(n=Count("id"))
    assert not dup.filter(n__gt=1).exists()
    # the prepared run issued, the week's runs, this morning's run prepared; no statement twice
    prepared.refresh_from_db()
    assert prepared.status != RunStatus.PREPARED and prepared.issued_at.date() == DAY
    (today_run,) = PaymentRun.objects.filter(status=RunStatus.PREPARED)
    assert today_run.cut_off == later - timedelta(days=1)
    assert PaymentRun.objects.count() >= before["runs"] + 2
    paid = Counter(
        PaymentItem.objects.filter(active=True, claim__isnull=False).values_list(
            "claim_id", flat=True
        )
    )
    assert max(paid.values()) == 1
    assert PaymentItem.objects.filter(claim__in=new, order__run__cut_off__gt=DAY).exists()
    # the fraud scan ran again on the new lines; its alerts stay one per key
    assert ScanRun.objects.count() == before["scans"] + 1
    assert Alert.objects.values("dedup_key").distinct().count() == Alert.objects.count()

    counts = (Claim.objects.count(), PaymentRun.objects.count(), Declaration.objects.count())
    out = demo(later)  # the same day again: kept
    assert "Caisse déjà générée (jusqu'au 2026-12-07) : conservée." in out
    assert (Claim.objects.count(), PaymentRun.objects.count(), Declaration.objects.count()) == (
        counts
    )
