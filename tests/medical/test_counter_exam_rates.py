"""The counter-examinations in the analytics' « Taux clés »: per subject (ALD request,
authorisation, claim line) and outcome, with their rate per decided request / judged line."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from openamo.analytics.dashboards import dashboard_figures
from openamo.analytics.engines import DuckDBEngine
from openamo.analytics.extract import analytics_refresh
from openamo.analytics.queries import Params, Scope
from openamo.claims.services import claim_adjudicate
from openamo.medical import counter_exams, services
from tests.claims.ui_helpers import claim_make
from tests.medical.builders import CERTIFICATE_DAY, fund_create, physician_user, reviewer_user
from tests.medical.builders import uploads as documents

ZONE = ZoneInfo("Africa/Casablanca")
ORDERED = datetime.combine(date(2019, 3, 5), time(9), tzinfo=ZONE)
CONVENED = datetime.combine(date(2019, 3, 12), time(10, 30), tzinfo=ZONE)


@pytest.fixture(autouse=True)
def _copy_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAMO_ANALYTICS_DIR", str(tmp_path / "analytics"))


def order(reviewer, **subject):
    return counter_exams.counter_exam_order(
        reviewer=reviewer,
        motive="vérifier",
        scheduled_at=CONVENED,
        place="Délégation de Casablanca",
        practitioner="Dr Benali",
        now=ORDERED,
        **subject,
    )


def test_counter_exams_per_category_and_outcome_with_their_rate(cnops, django_user_model):
    member, child, condition = fund_create(cnops)
    physician, reviewer = physician_user(django_user_model), reviewer_user(django_user_model)
    requests = [
        services.ald_request_file(
            beneficiary=who,
            condition=condition,
            icd10_code="E10",
            certificate_date=CERTIFICATE_DAY,
            uploads=documents(),
            author=physician,
            filed_by="physician",
            provider=physician.provider_access.provider,
            now=ORDERED - timedelta(days=2),
        )
        for who in (member, child)
    ]
    exam = counter_exams.counter_exam_attended(
        exam=order(reviewer, ald_request=requests[0]), reviewer=reviewer, findings="HbA1c 9 %"
    )
    counter_exams.counter_exam_decide(exam=exam, reviewer=reviewer, outcome="confirm", reason="ok")
    counter_exams.counter_exam_no_show(
        exam=order(reviewer, ald_request=requests[1]),
        reviewer=reviewer,
        now=CONVENED + timedelta(1),
    )
    claim = claim_adjudicate(claim=claim_make(member))
    exam = counter_exams.counter_exam_attended(
        exam=order(reviewer, claim_line=claim.lines.get(number=1)), reviewer=reviewer, findings="x"
    )
    counter_exams.counter_exam_decide(
        exam=exam, reviewer=reviewer, outcome="reduce", reason="suivi", reduced_base=D("40")
    )
    order(reviewer, claim_line=claim.lines.get(number=2))  # convened, not yet examined
    analytics_refresh()
    figures = dashboard_figures("taux", DuckDBEngine(), Scope(), Params(day=date(2019, 3, 31)))
    figure = {f.id: f for f in figures}["contre-visites"]
    assert figure.columns[-1] == "Taux (%)"
    assert figure.rows == [
        ("Demandes ALD", 2, 2, 1, 0, 0, 1, 0, D("100.0")),
        ("Prises en charge", 0, 0, 0, 0, 0, 0, 0, D("0")),
        ("Lignes de dossiers", 2, 2, 0, 1, 0, 0, 1, D("100.0")),
    ]
    assert figure.chart.stacked and [s.data for s in figure.chart.series][1] == [0, 0, 1]
