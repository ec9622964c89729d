"""Opening by contribution days read through the contributions app's selector (contract)."""

from datetime import date
from decimal import Decimal

from openamo.contributions.models import Declaration, DeclarationLine
from openamo.members import services
from openamo.members.models import Beneficiary

from .helpers import member_make


def declare(employer, member, days_by_month):
    for n, (period, days) in enumerate(days_by_month.items()):
        declaration = Declaration.objects.create(
            employer=employer, scheme_id=employer.scheme_id, period=period, source="manual"
        )
        DeclarationLine.objects.create(
            declaration=declaration,
            line_number=n + 1,
            member=member,
            population="active",
            gross_salary=Decimal("5000"),
            days=days,
            base=Decimal("5000"),
            contribution_total=Decimal("318.50"),
        )


def test_cnss_rights_open_from_declared_days(cnss):
    employer = services.employer_create(name="Atlas SA", kind="company", scheme=cnss)
    member = member_make(cnss, employer=employer, registered_on=date(2023, 1, 10))
    own = Beneficiary.objects.get(member=member, rank=0)
    assert own.rights["p"] == []
    months = [date(2023, m, 1) for m in range(1, 7)]
    declare(employer, member, dict(zip(months, [10, 10, 10, 10, 10, 3], strict=True)))
    services.member_rights_recompute(member=member)
    own.refresh_from_db()
    assert own.rights["p"] == []  # 53 days within 6 months
    DeclarationLine.objects.filter(declaration__period=date(2023, 6, 1)).update(days=4)
    services.member_rights_recompute(member=member)
    own.refresh_from_db()
    assert own.rights["p"] == [["2023-07-01", "2023-12-31", "maintained"]]
