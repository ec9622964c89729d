"""The members officer's home: the insured population by status, recent registrations, and
registrations per month."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth

from openamo.members.models import Member
from openamo.referentials.choices import Population

from ..charts import Chart, Series
from . import Panel, Tile, link, months_back, series_on

LIST = "portal:members:list"
RECENT_DAYS = 30
TREND_MONTHS = 12


def registrations_per_month(*, today, months: int = TREND_MONTHS) -> Chart:
    span = months_back(today, months)
    rows = (
        Member.objects.filter(registered_on__gte=span[0])
        .annotate(month=TruncMonth("registered_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    counted = {r["month"]: r["n"] for r in rows}
    return Chart(
        id="chart-immatriculations",
        title="Immatriculations par mois",
        labels=[d.strftime("%m/%Y") for d in span],
        series=[Series("Assurés immatriculés", series_on(span, counted))],
        height=220,
    )


def members_panel(*, user, today, now=None) -> Panel:
    by_status = dict(Member.objects.values_list("status").annotate(n=Count("id")).order_by())
    since = today - timedelta(days=RECENT_DAYS)
    recent = Member.objects.filter(registered_on__gte=since).count()
    tiles = [
        Tile("Assurés principaux", sum(by_status.values()), link(LIST)),
        Tile(
            f"Immatriculés ces {RECENT_DAYS} jours",
            recent,
            link(LIST, depuis=since.isoformat(), tri="-immatricule_le"),
        ),
    ]
    tiles += [
        Tile(f"Statut « {label} »", by_status.get(value, 0), link(LIST, statut=value))
        for value, label in Population.choices
        if by_status.get(value)
    ]
    return Panel(
        key="members_officer",
        title="Affiliation et immatriculation",
        tiles=tiles,
        charts=[registrations_per_month(today=today)],
        links=[
            ("Rechercher un assuré", link(LIST)),
            ("Employeurs (administration)", "/admin/members/employer/"),
        ],
    )
