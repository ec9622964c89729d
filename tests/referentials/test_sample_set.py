"""The sample referential set loads completely, twice, with DOMAIN.md's figures."""

from datetime import date
from decimal import Decimal

import pytest

from openamo.referentials import models as m
from openamo.referentials.services import sample_referentials_load

pytestmark = pytest.mark.django_db


def test_sample_set_loads_with_domain_figures_and_reloads_without_changes():
    first = sample_referentials_load()
    assert all(r.ok for r in first), [str(e) for r in first for e in r.errors]
    assert len(first) == 20

    def letter(code, day):
        return m.LetterKeyValue.in_force(day, letter_key__code=code, sector="all").value

    assert (letter("C", date(2010, 1, 1)), letter("C", date(2020, 1, 1))) == (
        Decimal("15.00"),
        Decimal("80.00"),
    )
    assert letter("K", date(2020, 1, 1)) == Decimal("22.50")
    cnops = m.Scheme.objects.get(code="cnops")
    assert (
        m.SchemeParameter.in_force(date(2025, 1, 1), scheme=cnops, code="deposit_delay_days").value
        == 60
    )
    assert (
        m.ReimbursementRate.in_force(
            date(2025, 1, 1), scheme=cnops, care_category="medicine", sector="all"
        ).rate
        == 70
    )
    employee = m.ContributionRate.in_force(
        date(2025, 1, 1), scheme=cnops, population="active", component="employee"
    )
    assert (employee.rate, employee.floor_monthly, employee.ceiling_monthly) == (
        Decimal("2.5"),
        70,
        400,
    )
    assert m.AldCondition.objects.filter(kind="ALD").count() == 41
    assert m.Delegation.objects.count() == 16
    assert m.Medicine.objects.count() > 300 and m.Provider.objects.count() > 50
    histories = m.MedicinePrice.history.count()

    second = sample_referentials_load()
    assert all(r.ok and r.created == 0 and r.updated == 0 for r in second)
    assert m.MedicinePrice.history.count() == histories
