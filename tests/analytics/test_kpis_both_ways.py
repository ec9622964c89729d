"""A sample of KPIs computed on the analytical copy equals the same KPIs computed by SQL on
the operational tables (the ORM), on the same small fund."""

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum

from openamo.analytics.engines import DuckDBEngine
from openamo.analytics.extract import analytics_refresh
from openamo.analytics.queries import Params, Scope, run
from openamo.claims.models import Statement, StatementLine
from openamo.members.models import Beneficiary
from tests.contributions.helpers import employer_make
from tests.contributions.helpers import member_make as declared_member_make
from tests.payments.builders import TODAY


def operational(day):
    open_rights = Q(periods__starts_on__lte=day) & (
        Q(periods__ends_on__isnull=True) | Q(periods__ends_on__gte=day)
    )
    covered = (
        Beneficiary.objects.filter(open_rights)
        .filter(Q(deceased_on__isnull=True) | Q(deceased_on__gt=day))
        .distinct()
    )
    latest = Statement.objects.filter(claim=OuterRef("statement__claim")).values("claim")
    latest = latest.annotate(v=Max("version")).values("v")
    lines = StatementLine.objects.filter(statement__version=Subquery(latest))
    accepted = lines.filter(rejection_code="")
    return {
        "covered": covered.count(),
        "by_role": dict(
            Beneficiary.objects.filter(pk__in=covered.values("pk"))
            .values("role")
            .annotate(n=Count("id"))
            .values_list("role", "n")
        ),
        "reimbursed_cents": int(accepted.aggregate(s=Sum("reimbursed"))["s"] * 100),
        "lines": lines.count(),
        "rejected": lines.exclude(rejection_code="").count(),
        "consumers": accepted.values("statement__claim__beneficiary").distinct().count(),
    }


def test_kpis_on_the_copy_equal_sql_on_the_operational_tables(families, cnops):
    employer = employer_make(cnops)
    declared_member_make(cnops, employer, "AB100001")
    analytics_refresh()
    duck, p, scope = DuckDBEngine(), Params(day=TODAY), Scope()
    expected = operational(TODAY)
    reimbursed, covered, consumers = run(duck, "cost_per_beneficiary", scope, p)[0]
    assert (reimbursed, covered, consumers) == (
        expected["reimbursed_cents"],
        expected["covered"],
        expected["consumers"],
    )
    assert dict(run(duck, "membership_role", scope, p)) == expected["by_role"]
    rates = run(duck, "key_rates", scope, p)[0]
    assert rates[:2] == (expected["lines"], expected["rejected"])
    by_category = run(duck, "consumption_care_category", scope, p)
    assert sum(r[3] for r in by_category) == expected["reimbursed_cents"]
