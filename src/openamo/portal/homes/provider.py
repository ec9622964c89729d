"""The provider's home: its requests waiting or late, its invoices awaiting payment against the
payment commitment, the payments received; amounts paid per month."""

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from openamo.authorizations.models import AuthorizationRequest, Invoice, RequestStatus
from openamo.authorizations.selectors import (
    INVOICES_LATE,
    INVOICES_TO_PAY,
    PAYABLE_INVOICE,
    QUEUE_LATE,
    queue_deadline_q,
)
from openamo.core.money import ZERO, money
from openamo.payments.models import OrderStatus, PaymentOrder

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, link, months_back, series_on

REQUESTS, INVOICES = "portal:authorizations:list", "portal:authorizations:invoices"
TREND_MONTHS = 6
RECENT_PAYMENTS = 5


def paid_per_month(*, provider, today, months: int = TREND_MONTHS) -> Chart:
    span = months_back(today, months)
    rows = (
        PaymentOrder.objects.filter(
            provider=provider, status=OrderStatus.PAID, settled_on__gte=span[0]
        )
        .annotate(month=TruncMonth("settled_on"))
        .values_list("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    paid = dict(rows)
    return Chart(
        id="chart-paiements-etablissement",
        title="Paiements reçus par mois",
        labels=[d.strftime("%m/%Y") for d in span],
        series=[Series("Payé", [money(v) for v in series_on(span, paid, ZERO)])],
        unit="DH",
        height=220,
    )


def provider_panel(*, provider, today, now) -> Panel:
    requests = AuthorizationRequest.objects.filter(
        provider=provider, status__in=[RequestStatus.PENDING, RequestStatus.INCOMPLETE]
    ).aggregate(
        pending=Count("id", filter=Q(status=RequestStatus.PENDING)),
        incomplete=Count("id", filter=Q(status=RequestStatus.INCOMPLETE)),
        late=Count("id", filter=queue_deadline_q(deadline=QUEUE_LATE, now=now)),
    )
    invoices = Invoice.objects.filter(provider=provider, status__in=PAYABLE_INVOICE).aggregate(
        n=Count("id"),
        total=Sum("amount_accepted"),
        late=Count("id", filter=Q(payment_due_on__lt=today)),
        late_total=Sum("amount_accepted", filter=Q(payment_due_on__lt=today)),
        next_due=Min("payment_due_on", filter=Q(payment_due_on__gte=today)),
    )
    next_due = invoices["next_due"]
    tiles = [
        Tile("Demandes en instruction", requests["pending"], link(REQUESTS, statut="pending")),
        Tile(
            "Pièces à envoyer",
            requests["incomplete"],
            link(REQUESTS, statut="incomplete"),
            "demandes en attente de vos pièces",
            "warn" if requests["incomplete"] else "",
        ),
        Tile(
            "Demandes hors délai de décision",
            requests["late"],
            link(REQUESTS, delai=QUEUE_LATE),
            "la caisse a dépassé son délai",
            alert_if(requests["late"]),
        ),
        Tile(
            "Factures acceptées, à payer",
            money(invoices["total"] or ZERO),
            link(INVOICES, etat=INVOICES_TO_PAY),
            f"{invoices['n']} facture(s)"
            + (f" · prochaine échéance le {next_due:%d/%m/%Y}" if next_due else ""),
            money=True,
        ),
        Tile(
            "Engagement de paiement dépassé",
            money(invoices["late_total"] or ZERO),
            link(INVOICES, etat=INVOICES_LATE),
            f"{invoices['late']} facture(s) non payée(s) à l'échéance",
            alert_if(invoices["late"]),
            money=True,
        ),
    ]
    recent = list(
        PaymentOrder.objects.filter(provider=provider)
        .select_related("run")
        .order_by("-run__prepared_at", "-id")[:RECENT_PAYMENTS]
    )
    table = {
        "title": "Derniers paiements",
        "headers": ["Ordre", "Lot du", "Montant", "Statut"],
        "rows": [
            (
                (o.reference, o.run.prepared_at.date(), money(o.amount), o.get_status_display()),
                reverse("portal:payments:portal_order", args=[o.reference]),
            )
            for o in recent
        ],
        "empty": "Aucun paiement pour le moment.",
        "more": link("portal:payments:provider"),
    }
    return Panel(
        key="provider",
        title=provider.name,
        tiles=tiles,
        charts=[paid_per_month(provider=provider, today=today)],
        links=[
            ("Vérifier l'éligibilité d'un patient", link("portal:provider_eligibility")),
            ("Nouvelle demande de prise en charge", link("portal:authorizations:new")),
            ("Envoyer un bordereau", link("portal:authorizations:batch_new")),
        ],
        table=table,
    )
