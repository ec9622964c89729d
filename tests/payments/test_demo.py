"""The demo's payments on a small generated fund: two runs, settled, a few rejected."""

import pytest

from openamo.claims.models import Claim
from openamo.claims.services import claims_adjudicate_pending
from openamo.payments.models import OrderStatus, PaymentRun, RunStatus
from openamo.synth.payments import demo_payments
from openamo.synth.services import fund_generate
from tests.synth.conftest import sample_referentials_load

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_pays_insured_and_providers_with_a_few_rejections():
    sample_referentials_load()
    fund_generate(beneficiaries=600, seed=3, year=2025)
    claims_adjudicate_pending(source="test")
    runs = demo_payments()
    assert [r.kind for r in runs] == ["insured", "provider"]
    insured = runs[0]
    assert insured.status == RunStatus.CLOSED and insured.order_count > 30
    assert insured.orders.filter(status=OrderStatus.REJECTED).exists()
    paid = insured.orders.filter(status=OrderStatus.PAID)
    assert Claim.objects.filter(status="paid").count() == sum(o.items.count() for o in paid)
    assert runs[1].orders.filter(status=OrderStatus.PAID).exists()
    assert demo_payments() == [] and PaymentRun.objects.count() == 2
