"""The demo's complementary step on a small generated fund: every member of a mutuelle is
covered, one group contract with a broker, the year's batch, payments and waiting work; a
second run adds nothing."""

import pytest

from openamo.claims.services import claims_adjudicate_pending
from openamo.complementary.demo import complementary_demo
from openamo.complementary.models import (
    ComplementaryStatement,
    Contract,
    Enrolment,
    Movement,
    RecourseStatement,
)
from openamo.members.models import Beneficiary
from openamo.synth.services import fund_generate
from tests.clock import FIXED_DAY as TODAY
from tests.synth.conftest import sample_referentials_load

pytestmark = pytest.mark.django_db


def test_the_demo_covers_every_mutuelle_member_and_runs_the_year(frozen_day):
    sample_referentials_load()
    fund_generate(beneficiaries=250, seed=5, until=TODAY)
    claims_adjudicate_pending(source="test")
    said = []
    complementary_demo(today=TODAY, write=said.append)
    with_mutuelle = Beneficiary.objects.filter(member__mutuelle__isnull=False)
    covered = set(Enrolment.objects.values_list("beneficiary_id", flat=True))
    group = Contract.objects.get(kind="group_contract")
    assert group.broker is not None and group.policyholder is not None
    in_group = set(group.enrolments.values_list("beneficiary_id", flat=True))
    assert set(with_mutuelle.values_list("pk", flat=True)) - in_group <= covered
    statements = ComplementaryStatement.objects.count()
    assert statements > 0 and Movement.objects.filter(kind="payment").exists()
    for s in ComplementaryStatement.objects.all()[:50]:
        assert s.total_base + s.total_complementary + s.total_remainder == s.total_charged
    assert RecourseStatement.objects.filter(status="issued").exists()
    assert "décomptes complémentaires" in said[0]
    payments, recourses = Movement.objects.count(), RecourseStatement.objects.count()
    complementary_demo(today=TODAY, write=said.append)
    assert ComplementaryStatement.objects.count() == statements
    assert (Movement.objects.count(), RecourseStatement.objects.count()) == (payments, recourses)
