from datetime import date
from decimal import Decimal

from openamo.referentials.models import ContributionRate


def test_cnss_rate_history_is_dated(cnss):
    def employee_rate(day):
        return ContributionRate.in_force(
            day, scheme=cnss, population="active", component="employee"
        ).rate

    assert employee_rate(date(2015, 12, 31)) == Decimal("2.000")
    assert employee_rate(date(2016, 1, 1)) == Decimal("2.260")
