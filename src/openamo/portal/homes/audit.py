"""The auditor's home: the audit trail's writes and the reads of medical data of the last days,
by whom (people or batches), the payment holds in force, each linking to its journal, and both
journals per day."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from openamo.audit.models import AccessLog, AuditEntry
from openamo.payments.models import PaymentHold

from ..charts import Chart, Series
from . import Panel, Tile, days_back, link, series_on

TREND_DAYS = 14
RECENT_DAYS = 7


def _since(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def journals_per_day(*, today, days: int = TREND_DAYS) -> Chart:
    span = days_back(today, days)
    start = _since(span[0])
    writes = dict(
        AuditEntry.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    reads = dict(
        AccessLog.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Chart(
        id="chart-journaux",
        title=f"Écritures et lectures par jour ({days} derniers jours)",
        labels=[d.strftime("%d/%m") for d in span],
        series=[
            Series("Écritures du journal d'audit", series_on(span, writes)),
            Series("Lectures de données médicales", series_on(span, reads)),
        ],
        height=220,
    )


def audit_panel(*, user, today, now=None) -> Panel:
    since = today - timedelta(days=RECENT_DAYS - 1)
    writes = AuditEntry.objects.filter(created_at__gte=_since(since)).aggregate(
        n=Count("id"),
        today=Count("id", filter=Q(created_at__gte=_since(today))),
        people=Count("actor", distinct=True),
    )
    reads = AccessLog.objects.filter(created_at__gte=_since(since)).aggregate(
        n=Count("id"), readers=Count("user", distinct=True)
    )
    holds = PaymentHold.objects.filter(lifted_at__isnull=True).count()
    period = {"du": since.isoformat(), "au": today.isoformat()}
    tiles = [
        Tile(
            "Écritures aujourd'hui",
            writes["today"],
            link("portal:audit:trail", du=today.isoformat(), au=today.isoformat()),
        ),
        Tile(
            f"Écritures ces {RECENT_DAYS} jours",
            writes["n"],
            link("portal:audit:trail", **period),
            note=f"par {writes['people']} agent(s) et les traitements automatiques",
        ),
        Tile(
            f"Lectures de données médicales ces {RECENT_DAYS} jours",
            reads["n"],
            link("portal:audit:reads", **period),
            note=f"par {reads['readers']} lecteur(s)",
        ),
        Tile(
            "Oppositions aux paiements en cours",
            holds,
            link("portal:payments:holds", en_cours="1"),
            tone="warn" if holds else "",
        ),
    ]
    return Panel(
        key="auditor",
        title="Audit et traçabilité",
        tiles=tiles,
        charts=[journals_per_day(today=today)],
        links=[
            ("Journal d'audit", link("portal:audit:trail")),
            ("Journal des lectures", link("portal:audit:reads")),
            ("Activité des agents", link("portal:audit:processors")),
            ("Oppositions aux paiements", link("portal:payments:holds")),
        ],
    )
