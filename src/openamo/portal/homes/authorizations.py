"""The homes of those who decide prior authorisations: the medical reviewer (medical queue and
claims in medical review) and the delegation agent (the delegation queue)."""

from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from openamo.authorizations.models import AuthorizationRequest, Queue, RequestStatus
from openamo.authorizations.selectors import QUEUE_LATE, QUEUE_TODAY, queue_deadline_q
from openamo.claims.models import Claim, ClaimStatus

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, link

QUEUE = "portal:authorizations:queue"
TREND_WEEKS = 8


def queue_counts(*, queue: str, now) -> dict:
    """One query: the queue's requests waiting, by status and deadline."""
    return AuthorizationRequest.objects.filter(
        queue=queue, status__in=[RequestStatus.PENDING, RequestStatus.INCOMPLETE]
    ).aggregate(
        pending=Count("id", filter=Q(status=RequestStatus.PENDING)),
        incomplete=Count("id", filter=Q(status=RequestStatus.INCOMPLETE)),
        due_today=Count("id", filter=queue_deadline_q(deadline=QUEUE_TODAY, now=now)),
        late=Count("id", filter=queue_deadline_q(deadline=QUEUE_LATE, now=now)),
    )


def decided_on_time(*, queue: str, today, weeks: int = TREND_WEEKS) -> Chart:
    """Requests of the queue decided by a person, per week (Monday first), within their
    decision deadline (48 h by the scheme's parameter) or past it."""
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    since = timezone.make_aware(datetime.combine(starts[0], time.min))
    rows = (
        AuthorizationRequest.objects.filter(
            queue=queue, decided_at__gte=since, decided_by__isnull=False
        )
        .annotate(day=TruncDate("decided_at"))
        .values("day")
        .annotate(
            on_time=Count("id", filter=Q(due_at__isnull=True) | Q(decided_at__lte=F("due_at"))),
            late=Count("id", filter=Q(decided_at__gt=F("due_at"))),
        )
        .order_by()
    )
    on_time, late = [0] * weeks, [0] * weeks
    for row in rows:
        index = (row["day"] - starts[0]).days // 7
        if 0 <= index < weeks:
            on_time[index] += row["on_time"]
            late[index] += row["late"]
    return Chart(
        id=f"chart-decisions-{queue}",
        title="Demandes décidées par semaine, dans le délai de décision ou hors délai",
        labels=[f"sem. du {d.strftime('%d/%m')}" for d in starts],
        series=[
            Series("Dans le délai", on_time, "#3c8d5a"),
            Series("Hors délai", late, "#b8433f"),
        ],
        stacked=True,
        height=220,
    )


def _queue_tiles(queue: str, counts: dict) -> list[Tile]:
    return [
        Tile(
            "Demandes en instruction", counts["pending"], link(QUEUE, file=queue, statut="pending")
        ),
        Tile(
            "Pièces demandées, en attente",
            counts["incomplete"],
            link(QUEUE, file=queue, statut="incomplete"),
        ),
        Tile(
            "À décider aujourd'hui",
            counts["due_today"],
            link(QUEUE, file=queue, delai=QUEUE_TODAY),
            "délai de décision",
            "warn" if counts["due_today"] else "",
        ),
        Tile(
            "Délai dépassé",
            counts["late"],
            link(QUEUE, file=queue, delai=QUEUE_LATE),
            "demandes en retard",
            alert_if(counts["late"]),
        ),
    ]


def _medical_control_tiles(today) -> list[Tile]:
    """The ALD exemption requests to decide (late ones flagged) and the counter-examinations
    whose convocation is due, from the medical control workspace."""
    from openamo.medical.models import (
        OPEN_STATUSES,
        AldRequest,
        CounterExamination,
        ExamStatus,
    )

    ald = AldRequest.objects.filter(status__in=OPEN_STATUSES).aggregate(
        n=Count("id"), late=Count("id", filter=Q(due_on__lt=today))
    )
    exams = CounterExamination.objects.filter(
        status__in=(ExamStatus.SCHEDULED, ExamStatus.ATTENDED)
    ).count()
    return [
        Tile(
            "Demandes d'exonération ALD à instruire",
            ald["n"],
            link("portal:medical:queue"),
            note=f"dont {ald['late']} en retard" if ald["late"] else "",
            tone=alert_if(ald["late"]),
        ),
        Tile("Contre-visites en cours", exams, link("portal:medical:queue")),
    ]


def reviewer_panel(*, user, today, now) -> Panel:
    counts = queue_counts(queue=Queue.MEDICAL, now=now)
    review = Claim.objects.filter(status=ClaimStatus.MEDICAL_REVIEW).count()
    tiles = [
        Tile(
            "Dossiers en contrôle médical",
            review,
            link("portal:claims:queue", statut=ClaimStatus.MEDICAL_REVIEW),
        ),
        *_queue_tiles(Queue.MEDICAL, counts),
        *_medical_control_tiles(today),
    ]
    return Panel(
        key="medical_reviewer",
        title="Contrôle médical",
        tiles=tiles,
        charts=[decided_on_time(queue=Queue.MEDICAL, today=today)],
        links=[
            ("File médicale", link(QUEUE, file=Queue.MEDICAL)),
            ("Demandes d'exonération ALD", link("portal:medical:queue")),
            ("Délais par délégation", link("portal:authorizations:delays")),
        ],
    )


def delegation_panel(*, user, today, now) -> Panel:
    counts = queue_counts(queue=Queue.DELEGATION, now=now)
    return Panel(
        key="delegation_agent",
        title="Prises en charge de la délégation",
        tiles=_queue_tiles(Queue.DELEGATION, counts),
        charts=[decided_on_time(queue=Queue.DELEGATION, today=today)],
        links=[
            ("File de la délégation", link(QUEUE, file=Queue.DELEGATION)),
            ("Toutes les demandes", link("portal:authorizations:list")),
            ("Délais par délégation", link("portal:authorizations:delays")),
        ],
    )
