"""The contributions officer's home: declarations missing for the last month, arrears, receipts
of the month; contributions called and collected per month."""

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from openamo.contributions.models import ContributionCall, Declaration, Receipt
from openamo.contributions.selectors import arrears_list
from openamo.core.money import ZERO, money
from openamo.members.models import Employer

from ..charts import Chart, Series
from ..selectors_broker import previous_period
from . import Panel, Tile, alert_if, link, months_back, series_on

TREND_MONTHS = 12


def called_and_collected(*, today, months: int = TREND_MONTHS) -> Chart:
    span = months_back(today, months)
    called = dict(
        ContributionCall.objects.filter(period__gte=span[0])
        .values_list("period")
        .annotate(total=Sum("amount_due"))
        .order_by()
    )
    collected = dict(
        Receipt.objects.filter(received_on__gte=span[0])
        .annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return Chart(
        id="chart-cotisations",
        title="Cotisations appelées (par période) et encaissées (par mois de réception)",
        labels=[d.strftime("%m/%Y") for d in span],
        series=[
            Series("Appelées", [money(v) for v in series_on(span, called, ZERO)]),
            Series("Encaissées", [money(v) for v in series_on(span, collected, ZERO)]),
        ],
        unit="DH",
        height=220,
    )


def contributions_panel(*, user, today, now=None) -> Panel:
    period = previous_period(today)
    employers = Employer.objects.count()
    declared = Declaration.objects.filter(period=period).values("employer").distinct().count()
    arrears = arrears_list(on=today)
    arrears_total = money(sum((a.outstanding for a in arrears), ZERO))
    month_receipts = Receipt.objects.filter(received_on__gte=today.replace(day=1)).aggregate(
        total=Sum("amount")
    )["total"]
    missing = max(employers - declared, 0)
    tiles = [
        Tile(
            f"Déclarations de {period.strftime('%m/%Y')} reçues",
            declared,
            link("portal:contributions:declarations", periode=period.strftime("%Y-%m")),
            f"{missing} employeur(s) sur {employers} sans déclaration",
            "warn" if missing else "ok",
        ),
        Tile(
            "Cotisations impayées",
            arrears_total,
            link("portal:contributions:arrears"),
            f"{len(arrears)} appel(s) échu(s) non soldé(s), "
            f"{len({a.call.employer_id for a in arrears})} employeur(s)",
            alert_if(arrears),
            money=True,
        ),
        Tile(
            "Encaissé ce mois-ci",
            money(month_receipts or ZERO),
            link("portal:contributions:receipts"),
            money=True,
        ),
    ]
    return Panel(
        key="contributions_officer",
        title="Cotisations",
        tiles=tiles,
        charts=[called_and_collected(today=today)],
        links=[
            ("Déclarations", link("portal:contributions:declarations")),
            ("Appels et encaissements", link("portal:contributions:calls")),
            ("Importer une déclaration", link("portal:contributions:upload")),
        ],
    )
