"""The auditor's home: the audit trail's writes and the reads of medical data of the last days,
by whom (people or batches), the payment holds in force, each linking to its journal, and the
writes by type of object."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone

from openamo.audit.models import AccessLog, AuditEntry
from openamo.payments.models import PaymentHold

from ..charts import Chart, Series
from . import Panel, Tile, link

TOP_TYPES = 8
RECENT_DAYS = 7


def _since(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def writes_by_type(*, since, top: int = TOP_TYPES) -> Chart:
    """The writes of the audit trail since `since` by type of object, the most written first."""
    rows = list(
        AuditEntry.objects.filter(created_at__gte=_since(since))
        .values_list("object_type")
        .annotate(n=Count("id"))
        .order_by("-n")[:top]
    )
    types = ContentType.objects.in_bulk([pk for pk, _ in rows])
    labels = []
    for pk, _ in rows:
        model = types[pk].model_class()
        labels.append(str(model._meta.verbose_name_plural).capitalize() if model else "—")
    return Chart(
        id="chart-journal-types",
        title=f"Écritures du journal d'audit par type d'objet ({RECENT_DAYS} derniers jours)",
        labels=labels,
        series=[Series("Écritures", [n for _, n in rows])],
        horizontal=True,
        height=60 + 28 * max(len(rows), 1),
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
        charts=[writes_by_type(since=since)],
        links=[
            ("Journal d'audit", link("portal:audit:trail")),
            ("Journal des lectures", link("portal:audit:reads")),
            ("Activité des agents", link("portal:audit:processors")),
            ("Oppositions aux paiements", link("portal:payments:holds")),
        ],
    )
