"""The payment officer's home: runs to issue and awaiting the bank, what is ready to pay,
invoices past the payment commitment, holds in force; amounts paid per week."""

from datetime import timedelta

from django.db.models import Count, Q, Sum

from openamo.authorizations.models import Invoice
from openamo.authorizations.selectors import INVOICES_LATE, INVOICES_TO_PAY, PAYABLE_INVOICE
from openamo.claims.models import Claim, ClaimStatus
from openamo.core.money import ZERO, money
from openamo.payments.models import (
    OrderStatus,
    PaymentHold,
    PaymentOrder,
    PaymentRun,
    RunKind,
    RunStatus,
)

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, link

TREND_WEEKS = 12
INVOICES = "portal:authorizations:invoices"
RUNS = "portal:payments:runs"


def paid_per_week(*, today, weeks: int = TREND_WEEKS) -> Chart:
    """Transfers settled (paid by the bank) per week, to insured people and to providers."""
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    rows = (
        PaymentOrder.objects.filter(status=OrderStatus.PAID, settled_on__gte=starts[0])
        .values_list("settled_on", "run__kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    insured, providers = [ZERO] * weeks, [ZERO] * weeks
    for day, kind, total in rows:
        index = (day - starts[0]).days // 7
        if 0 <= index < weeks:
            target = insured if kind == RunKind.INSURED else providers
            target[index] += total
    return Chart(
        id="chart-paiements",
        title="Montants payés par semaine",
        labels=[f"sem. du {d.strftime('%d/%m')}" for d in starts],
        series=[
            Series("Aux assurés", [money(v) for v in insured]),
            Series("Aux prestataires", [money(v) for v in providers]),
        ],
        unit="DH",
        stacked=True,
        height=220,
    )


def payment_panel(*, user, today, now=None) -> Panel:
    runs = PaymentRun.objects.aggregate(
        prepared=Count("id", filter=Q(status=RunStatus.PREPARED)),
        issued=Count("id", filter=Q(status=RunStatus.ISSUED)),
    )
    invoices = Invoice.objects.filter(status__in=PAYABLE_INVOICE).aggregate(
        n=Count("id"),
        total=Sum("amount_accepted"),
        late=Count("id", filter=Q(payment_due_on__lt=today)),
    )
    ready = Claim.objects.filter(status=ClaimStatus.ADJUDICATED).count()
    holds = PaymentHold.objects.filter(lifted_at__isnull=True).count()
    tiles = [
        Tile("Lots préparés, à émettre", runs["prepared"], link(RUNS, statut=RunStatus.PREPARED)),
        Tile(
            "Lots émis, retour de la banque attendu",
            runs["issued"],
            link(RUNS, statut=RunStatus.ISSUED),
        ),
        Tile(
            "Dossiers liquidés à payer",
            ready,
            link("portal:claims:queue", statut=ClaimStatus.ADJUDICATED),
        ),
        Tile(
            "Factures tiers payant à payer",
            money(invoices["total"] or ZERO),
            link(INVOICES, etat=INVOICES_TO_PAY),
            f"{invoices['n']} facture(s) acceptée(s), non payée(s)",
            money=True,
        ),
        Tile(
            "Engagement de paiement dépassé",
            invoices["late"],
            link(INVOICES, etat=INVOICES_LATE),
            "factures acceptées non payées à l'échéance",
            alert_if(invoices["late"]),
        ),
        Tile("Oppositions en cours", holds, link("portal:payments:holds", en_cours="1")),
    ]
    return Panel(
        key="payment_officer",
        title="Paiements",
        tiles=tiles,
        charts=[paid_per_week(today=today)],
        links=[
            ("Préparer un lot", link("portal:payments:prepare")),
            ("Lots de paiement", link(RUNS)),
        ],
    )
