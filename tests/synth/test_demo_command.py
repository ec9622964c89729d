"""`openamo demo` end to end on a small fund: steps printed with their time, French account
labels with the employer's, the fund kept on a second run the same day, rebuilt up to the new
day with --refresh (nothing duplicated)."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from openamo.claims.models import Claim
from openamo.payments.models import PaymentRun
from openamo.synth.models import SyntheticFund
from tests.clock import noon

DAY = date(2026, 11, 16)


def demo(until, *extra):
    out = StringIO()
    call_command("demo", "--beneficiaries", "300", "--seed", "3", "--until", str(until), *extra,
                 stdout=out)  # fmt: skip
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_demo_builds_keeps_and_refreshes():
    with time_machine.travel(noon(DAY), tick=True):
        out = demo(DAY)
    assert "] Caisse synthétique (300 bénéficiaires, soins du 17/11/2025 au 16/11/2026)" in out
    assert "identifiant : employeur" in out and "Employeur (" in out
    assert "(claim processor)" not in out
    claims, runs = Claim.objects.count(), PaymentRun.objects.count()
    assert claims and runs and not Claim.objects.filter(deposit_date__gt=DAY).exists()

    with time_machine.travel(noon(DAY), tick=True):
        out = demo(DAY)
    assert "Caisse déjà générée (jusqu'au 2026-11-16) : conservée." in out
    assert (Claim.objects.count(), PaymentRun.objects.count()) == (claims, runs)

    later = DAY + timedelta(days=7)
    with time_machine.travel(noon(later), tick=True):
        out = demo(later, "--refresh")
    assert SyntheticFund.objects.get().until == later
    assert Claim.objects.filter(deposit_date__gt=DAY).exists()
    assert not Claim.objects.filter(deposit_date__gt=later).exists()
