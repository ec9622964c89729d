"""The fraud controller's home: new alerts, open cases, holds in force, each linking to its
queue, and alerts raised per week."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from openamo.core.money import ZERO, format_dh
from openamo.fraud.models import Alert, AlertStatus, Case, CaseStatus
from openamo.payments.models import PaymentHold

from ..charts import Chart, Series
from . import Panel, Tile, link

TREND_WEEKS = 8
OPEN_CASES = (CaseStatus.OPEN, CaseStatus.INVESTIGATING)


def alerts_per_week(*, today, weeks: int = TREND_WEEKS) -> Chart:
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    since = timezone.make_aware(datetime.combine(starts[0], time.min))
    rows = (
        Alert.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = [0] * weeks
    for day, n in rows:
        index = (day - starts[0]).days // 7
        if 0 <= index < weeks:
            counts[index] += n
    return Chart(
        id="chart-alertes",
        title="Alertes levées par semaine",
        labels=[f"sem. du {d.strftime('%d/%m')}" for d in starts],
        series=[Series("Alertes", counts)],
        height=220,
    )


def fraud_panel(*, user, today, now=None) -> Panel:
    alerts = Alert.objects.filter(status=AlertStatus.NEW).aggregate(
        n=Count("id"), stake=Sum("amount_at_stake")
    )
    cases = Case.objects.filter(status__in=OPEN_CASES).aggregate(
        n=Count("id"), mine=Count("id", filter=Q(assigned_to=user))
    )
    holds = PaymentHold.objects.filter(lifted_at__isnull=True).count()
    tiles = [
        Tile(
            "Alertes nouvelles",
            alerts["n"],
            link("portal:fraud:alerts", statut="new"),
            note=f"{format_dh(alerts['stake'] or ZERO)} en jeu",
            tone="warn" if alerts["n"] else "",
        ),
        Tile(
            "Dossiers d'enquête ouverts",
            cases["n"],
            link("portal:fraud:cases", statut="open"),
            note=f"dont {cases['mine']} à moi",
        ),
        Tile("Oppositions en cours", holds, link("portal:payments:holds", en_cours="1")),
    ]
    return Panel(
        key="fraud_controller",
        title="Contrôle et lutte contre la fraude",
        tiles=tiles,
        charts=[alerts_per_week(today=today)],
        links=[
            ("Vue 360° d'une famille ou d'un prestataire", link("portal:fraud:search")),
            ("Oppositions aux paiements", link("portal:payments:holds")),
            ("Dossiers maladie", link("portal:claims:queue")),
            ("Rechercher un assuré", link("portal:members:list")),
        ],
    )
