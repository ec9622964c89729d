"""The claim processor's home: my files, the team's files, deadlines, files adjudicated a day."""

from datetime import datetime, time

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from openamo.claims.models import Claim, ClaimStatus, Statement
from openamo.claims.selectors import (
    DEADLINE_LATE,
    DEADLINE_TODAY,
    OPEN_STATUSES,
    deadline_q,
)

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, days_back, link, series_on

QUEUE = "portal:claims:queue"
TREND_DAYS = 14
OLDEST = 6


def open_counts(*, user, today) -> dict:
    """One query: the open files by status, mine, and those at or past their deadline."""
    return Claim.objects.filter(status__in=OPEN_STATUSES).aggregate(
        mine=Count("id", filter=Q(assigned_to=user)),
        received=Count("id", filter=Q(status=ClaimStatus.RECEIVED)),
        in_adjudication=Count("id", filter=Q(status=ClaimStatus.IN_ADJUDICATION)),
        waiting=Count("id", filter=Q(status=ClaimStatus.WAITING_DOCUMENTS)),
        review=Count("id", filter=Q(status=ClaimStatus.MEDICAL_REVIEW)),
        due_today=Count("id", filter=deadline_q(on=today, which=DEADLINE_TODAY)),
        late=Count("id", filter=deadline_q(on=today, which=DEADLINE_LATE)),
    )


def adjudicated_per_day(*, user, today, days: int = TREND_DAYS) -> Chart:
    """Statements issued per day over the last `days` days, and those the user issued."""
    span = days_back(today, days)
    start = timezone.make_aware(datetime.combine(span[0], time.min))
    rows = (
        Statement.objects.filter(adjudicated_at__gte=start)
        .annotate(day=TruncDate("adjudicated_at"))
        .values("day")
        .annotate(n=Count("id"), mine=Count("id", filter=Q(adjudicated_by=user)))
        .order_by()
    )
    total = {r["day"]: r["n"] for r in rows}
    mine = {r["day"]: r["mine"] for r in rows}
    return Chart(
        id="chart-liquides",
        title=f"Dossiers liquidés par jour ({days} derniers jours)",
        labels=[d.strftime("%d/%m") for d in span],
        series=[
            Series("Tous les liquidateurs", series_on(span, total)),
            Series("Par moi", series_on(span, mine)),
        ],
        unit="",
        height=220,
    )


def my_oldest(*, user) -> list[Claim]:
    return list(
        Claim.objects.filter(assigned_to=user, status__in=OPEN_STATUSES)
        .select_related("beneficiary")
        .order_by("deposit_date", "id")[:OLDEST]
    )


def processor_panel(*, user, today, now=None) -> Panel:
    c = open_counts(user=user, today=today)
    tiles = [
        Tile("Mes dossiers à traiter", c["mine"], link(QUEUE, mes_dossiers="on", a_traiter="on")),
        Tile(
            "Reçus, à prendre (équipe)",
            c["received"],
            link(QUEUE, statut=ClaimStatus.RECEIVED),
            f"{c['in_adjudication']} en liquidation",
        ),
        Tile(
            "En attente de pièces", c["waiting"], link(QUEUE, statut=ClaimStatus.WAITING_DOCUMENTS)
        ),
        Tile(
            "Échéance aujourd'hui",
            c["due_today"],
            link(QUEUE, delai=DEADLINE_TODAY),
            "délai de remboursement",
            "warn" if c["due_today"] else "",
        ),
        Tile(
            "Délai dépassé",
            c["late"],
            link(QUEUE, delai=DEADLINE_LATE),
            "dossiers ouverts hors délai",
            alert_if(c["late"]),
        ),
    ]
    oldest = my_oldest(user=user)
    table = {
        "title": "Mes dossiers les plus anciens",
        "headers": ["Dossier", "Bénéficiaire", "Déposé le", "Statut"],
        "rows": [
            (
                (c.reference, c.beneficiary.full_name, c.deposit_date, c.get_status_display()),
                reverse("portal:claims:detail", args=[c.reference]),
            )
            for c in oldest
        ],
        "empty": "Aucun dossier ne vous est attribué.",
        "more": link(QUEUE, mes_dossiers="on", a_traiter="on"),
    }
    return Panel(
        key="claim_processor",
        title="Liquidation des dossiers",
        tiles=tiles,
        charts=[adjudicated_per_day(user=user, today=today)],
        links=[
            ("File de travail", link(QUEUE)),
            ("Saisir un dossier", link("portal:claims:intake")),
            ("Importer un lot", link("portal:claims:upload")),
        ],
        table=table,
    )
