"""The analytical copy: a full extract equals the tables; a refresh reads only what changed
(new rows, rows still open, rows the audit journal or history names) and drops deleted rows."""

from datetime import date, timedelta

import polars as pl

from openamo.analytics import store
from openamo.analytics.extract import analytics_refresh
from openamo.claims.models import Claim, ClaimTransition
from openamo.members.models import Member, RightsPeriod
from openamo.payments import services
from tests.payments.builders import DAY, TODAY, claim_paid_by_fund, officer, payer_create


def table(name) -> pl.DataFrame:
    return store.scan(name).collect().sort("id")


def modes(results):
    return {r.name: r.mode for r in results}


def test_full_extract_holds_the_rows_in_centimes_and_dates(families):
    member, other, claims = families
    results = analytics_refresh()
    assert set(modes(results).values()) == {"full"}
    statements = table("statements")
    assert statements["reimbursed_cents"].to_list() == [6400, 19200, 9600]
    lines = table("lines")
    assert lines["reimbursed_cents"].sum() == 35200 and lines["rejected"].sum() == 0
    assert lines["care_category"].to_list() == ["consultation"] * 3
    claims_copy = table("claims")
    assert claims_copy["status"].to_list() == ["adjudicated"] * 3
    assert claims_copy.schema["deposit_date"] == pl.Date
    first = Claim.objects.get(pk=claims[0].pk)
    assert claims_copy["deposit_date"][0] == first.deposit_date
    assert claims_copy["deposit_date_day"][0] == (first.deposit_date - date(1970, 1, 1)).days
    members = table("members")
    assert members["id"].to_list() == sorted([member.pk, other.pk])
    assert table("beneficiaries").height == 3 and table("payments").height == 0


def test_a_refresh_reads_new_rows_and_follows_open_rows_to_their_end(families):
    member, other, claims = families
    analytics_refresh()
    again = modes(analytics_refresh())
    assert again["statements"] == "unchanged" and again["members"] == "unchanged"
    # a new claim is appended; paying the claims changes rows still open in the copy
    claim_paid_by_fund(member.beneficiaries.get(rank=0), day=DAY + timedelta(days=9), coefficient=2)
    user = officer()
    payer_create()
    run = services.payment_run_issue(
        run=services.payment_run_prepare(kind="insured", cut_off=TODAY, by=user), by=user
    )
    services.payment_run_settle_all(run=run, on=TODAY, by=user)
    results = modes(analytics_refresh())
    assert results["statements"] == "append" and results["claims"] == "merge"
    statuses = dict(table("claims").select("id", "status").rows())
    assert statuses == dict(Claim.objects.values_list("id", "status"))
    assert table("statements")["reimbursed_cents"].sum() == 35200 + 12800
    payments = table("payments")
    assert payments["status"].unique().to_list() == ["paid"]
    assert payments["settled_on"].unique().to_list() == [TODAY]


def test_closed_rows_changed_or_deleted_are_caught(families):
    member, other, claims = families
    analytics_refresh()
    row = Member.objects.get(pk=other.pk)
    row.status = "retired"
    row.save()  # kept in the member's history: the copy reads it again
    RightsPeriod.objects.filter(beneficiary__member=member).delete()
    results = modes(analytics_refresh())
    assert results["members"] == "merge" and results["rights"] == "merge"
    members = table("members")
    assert members.filter(pl.col("id") == other.pk)["status"].to_list() == ["retired"]
    assert table("rights")["id"].to_list() == sorted(
        RightsPeriod.objects.values_list("id", flat=True)
    )
    assert table("members").height == 2


def test_full_rebuild_on_demand_and_watermarks_kept(families):
    analytics_refresh()
    results = analytics_refresh(full=True)
    assert set(modes(results).values()) == {"full"}
    marks = store.table_state("claims")
    assert marks["max_id"] == max(Claim.objects.values_list("id", flat=True))
    assert marks["window"] is None  # claims are followed by their transitions' log
    assert marks["changes"] == max(ClaimTransition.objects.values_list("id", flat=True))
    assert store.refreshed_at() is not None
