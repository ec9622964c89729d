"""Every dashboard query gives the same figures on DuckDB and on Spark (local mode).

One module, one Spark session for it (Spark takes seconds to start): kept to the minimum."""

import pytest

from openamo.analytics.engines import DuckDBEngine, SparkEngine, spark_session
from openamo.analytics.extract import analytics_refresh
from openamo.analytics.queries import QUERIES, Params, Scope, run
from openamo.members.models import Member
from tests.payments.builders import TODAY


@pytest.fixture(scope="module")
def spark():
    session = spark_session()
    yield session
    session.stop()


def test_every_query_gives_the_same_figures_on_duckdb_and_spark(families, spark):
    member, other, claims = families
    analytics_refresh()
    duck, sparkling = DuckDBEngine(), SparkEngine(spark)
    params = Params(day=TODAY)
    delegation = Member.objects.filter(pk=member.pk).values_list("city__delegation_id", flat=True)
    for name in QUERIES:
        expected = run(duck, name, Scope(), params)
        assert run(sparkling, name, Scope(), params) == expected, name
    for scope in (Scope(delegation_id=delegation[0]), Scope(employer_ids=())):
        for name in ("membership_sex", "consumption_care_category", "key_rates"):
            assert run(sparkling, name, scope, params) == run(duck, name, scope, params)
    cost = run(duck, "cost_per_beneficiary", Scope(), params)
    assert cost == [(35200, 3, 3)]
    assert run(duck, "membership_role", Scope(), params) == [("child", 1), ("member", 2)]
    assert run(duck, "membership_role", Scope(employer_ids=()), params) == []
