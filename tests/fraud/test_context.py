"""The rules read the control referentials in force on the scan's date."""

from datetime import date
from decimal import Decimal

import pytest

from openamo.fraud.context import hold_scores, rules_context
from openamo.fraud.rules import rules_run
from openamo.referentials import models as ref
from openamo.referentials.services import sample_referentials_load
from tests.fraud.facts_builders import line

pytestmark = pytest.mark.django_db


def test_sample_referentials_give_the_rules_their_context():
    assert all(r.ok for r in sample_referentials_load())
    ctx = rules_context(date(2026, 3, 2))
    assert ctx.threshold("max_boxes_per_line", 0) == Decimal(6)
    assert {r.code for r in ctx.restrictions} >= {"ACC-*", "OPT-MONTURE-ENF"}
    holds = hold_scores(date(2026, 3, 2))
    assert holds["duplicate_line"] == 0.95 and "doctor_shopping" not in holds
    man = line(kind="forfait", code="ACC-CESAR", sex="M")
    assert [h.reason for h in rules_run([man], ctx, only=["restrictions"])] == ["sex_incompatible"]


def test_a_threshold_change_applies_from_its_date():
    ref.ControlParameter.objects.create(
        code="max_boxes_per_line", value=6, valid_from=date(2020, 1, 1)
    )
    ref.ControlParameter.objects.create(
        code="max_boxes_per_line", value=4, valid_from=date(2026, 6, 1)
    )
    five = line(kind="medicine", code="6111111111111", quantity=Decimal(5))
    before, after = rules_context(date(2026, 5, 31)), rules_context(date(2026, 6, 1))
    assert rules_run([five], before, only=["quantity_beyond_duration"]) == []
    assert len(rules_run([five], after, only=["quantity_beyond_duration"])) == 1
