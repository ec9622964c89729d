"""The complaints agent's home: open complaints, those of the agent, the deadlines (first answer
within 48 h, resolution) due soon or passed, the escalated ones, each linking to the filtered
queue; complaints received per week; the nearest deadlines."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from openamo.complaints.deadlines import LATE, SOON, WARNING
from openamo.complaints.models import Complaint, Status

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, link

TREND_WEEKS = 8
NEAREST = 8


def received_per_week(*, today, weeks: int = TREND_WEEKS) -> Chart:
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    since = timezone.make_aware(datetime.combine(starts[0], time.min))
    counts = [0] * weeks
    for filed_at in Complaint.objects.filter(filed_at__gte=since).values_list(
        "filed_at", flat=True
    ):
        index = (timezone.localtime(filed_at).date() - starts[0]).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return Chart(
        id="chart-reclamations",
        title="Réclamations reçues par semaine",
        labels=[f"sem. du {d.strftime('%d/%m')}" for d in starts],
        series=[Series("Réclamations", counts)],
        height=220,
    )


def _due(complaint):
    """The deadline being watched: the first answer, then the resolution once answered."""
    if complaint.first_answered_at is None:
        return "Première réponse", complaint.first_answer_due
    return "Résolution", complaint.resolution_due


def complaints_panel(*, user, today, now=None) -> Panel:
    now = now or timezone.now()
    open_ = Complaint.objects.exclude(status=Status.CLOSED)
    waiting_answer = Q(first_answered_at__isnull=True)
    counts = open_.aggregate(
        n=Count("id"),
        mine=Count("id", filter=Q(assigned_to=user)),
        late=Count(
            "id",
            filter=(waiting_answer & Q(first_answer_due__lte=now))
            | (~waiting_answer & Q(resolution_due__lte=now)),
        ),
        soon=Count(
            "id",
            filter=(
                waiting_answer & Q(first_answer_due__gt=now, first_answer_due__lte=now + WARNING)
            )
            | (~waiting_answer & Q(resolution_due__gt=now, resolution_due__lte=now + WARNING)),
        ),
        escalated=Count("id", filter=Q(escalated_at__isnull=False)),
        unanswered=Count("id", filter=waiting_answer),
    )
    tiles = [
        Tile("Réclamations ouvertes", counts["n"], link("portal:complaints:queue")),
        Tile("Qui me sont attribuées", counts["mine"], link("portal:complaints:queue", mes="1")),
        Tile(
            "Sans première réponse",
            counts["unanswered"],
            link("portal:complaints:queue"),
            note="engagement : réponse sous 48 heures",
        ),
        Tile(
            "Échéance dans les prochaines heures",
            counts["soon"],
            link("portal:complaints:queue", delai=SOON),
            tone="warn" if counts["soon"] else "",
        ),
        Tile(
            "Délai dépassé",
            counts["late"],
            link("portal:complaints:queue", delai=LATE),
            tone=alert_if(counts["late"]),
            note=f"dont {counts['escalated']} escaladée(s)",
        ),
    ]
    nearest = sorted(open_.select_related("category", "member"), key=lambda c: _due(c)[1])[:NEAREST]
    rows = [
        (
            (
                c.reference,
                str(c.category),
                f"{c.member.last_name} {c.member.first_name}",
                _due(c)[0],
                timezone.localtime(_due(c)[1]).strftime("%d/%m/%Y %H:%M"),
            ),
            reverse("portal:complaints:detail", args=[c.reference]),
        )
        for c in nearest
    ]
    table = {
        "title": "Prochaines échéances",
        "headers": ["Réclamation", "Nature", "Assuré", "Échéance", "Avant le"],
        "rows": rows,
        "more": link("portal:complaints:queue"),
        "empty": "Aucune réclamation ouverte.",
    }
    return Panel(
        key="complaints",
        title="Réclamations",
        tiles=tiles,
        charts=[received_per_week(today=today)],
        links=[
            ("File des réclamations", link("portal:complaints:queue")),
            (
                "Saisir une réclamation (téléphone, guichet, courrier)",
                link("portal:complaints:file_on_behalf"),
            ),
            ("Tableau de bord", link("portal:complaints:dashboard")),
        ],
        table=table,
    )
