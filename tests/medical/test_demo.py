"""The medical control's demo step on a small fund: ALD requests waiting in the reviewers'
queue (one late, one taken by the demo reviewer) and a counter-examination convened."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from openamo.medical.demo import ald_queue_fill
from openamo.medical.models import AldRequest, CounterExamination
from openamo.medical.selectors import queue
from openamo.referentials import models as ref
from tests.claims.db_builders import CLINIC
from tests.medical.builders import fund_create
from tests.members.helpers import condition_make, member_make

TODAY = date(2026, 11, 16)


def test_the_demo_fills_the_queue_and_convenes_one_examination(cnops):
    fund_create(cnops)
    for code in ("ALD14", "ALD17"):
        condition_make(code, label=code)
    ref.AldCondition.objects.filter(code="ALD14").update(icd10_codes="I10")
    ref.AldCondition.objects.filter(code="ALD17").update(icd10_codes="N18")
    ref.AldCondition.objects.filter(code="ALD9").update(icd10_codes="E10, E11")
    ref.Provider.objects.filter(inpe=CLINIC).update(
        direct_billing=True, rib="011780000012345678901296"
    )
    for n in range(3):
        member_make(cnops, cin=f"CD{n}12345", first_name=f"P{n}")
    assert ald_queue_fill(today=TODAY, seed=3) == 4
    assert ald_queue_fill(today=TODAY, seed=3) == 0  # once
    waiting = list(queue())
    assert len(waiting) == 4
    assert [r for r in waiting if r.due_on < TODAY] == [waiting[0]]  # filed 20 days ago
    reviewer = get_user_model().objects.get(username="medecin")
    assert AldRequest.objects.filter(assigned_to=reviewer).count() == 1
    exam = CounterExamination.objects.get()
    assert exam.status == "scheduled"
    assert exam.scheduled_at.date() == TODAY + timedelta(days=3)
    assert exam.ald_request.status == "counter_exam"
    assert all(r.documents.count() >= 3 for r in waiting)
    from django.utils import timezone

    from openamo.portal.homes.authorizations import reviewer_panel

    panel = reviewer_panel(user=reviewer, today=TODAY, now=timezone.now())
    tiles = {t.label: (t.value, t.note) for t in panel.tiles}
    assert tiles["Demandes d'exonération ALD à instruire"] == (4, "dont 1 en retard")
    assert tiles["Contre-visites en cours"] == (1, "")
