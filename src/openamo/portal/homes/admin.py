"""The administrator's home: a fund-wide summary, each figure linking to its list, and the
claims deposited and adjudicated per month."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from openamo.authorizations.models import AuthorizationRequest, Invoice, RequestStatus
from openamo.authorizations.selectors import (
    INVOICES_TO_PAY,
    PAYABLE_INVOICE,
    QUEUE_LATE,
    queue_deadline_q,
)
from openamo.claims.models import Claim, ClaimStatus
from openamo.claims.selectors import DEADLINE_LATE, OPEN_STATUSES, deadline_q
from openamo.contributions.selectors import arrears_list
from openamo.core.money import ZERO, money
from openamo.members.models import Beneficiary, Member

from ..charts import Chart, Series
from . import Panel, Tile, alert_if, link, months_back, series_on

TREND_MONTHS = 12
READ_REQUESTS = "authorizations.view_authorizationrequest"


def allowed(user, permission: str, url: str) -> str:
    """The address when the user may open it (the administrator reads the figures of every
    domain but may not open every list)."""
    return url if user.has_perm(permission) else ""


def claims_per_month(*, today, months: int = TREND_MONTHS) -> Chart:
    span = months_back(today, months)
    rows = (
        Claim.objects.filter(deposit_date__gte=span[0])
        .annotate(month=TruncMonth("deposit_date"))
        .values("month")
        .annotate(n=Count("id"), done=Count("id", filter=~Q(status__in=OPEN_STATUSES)))
        .order_by()
    )
    deposited = {r["month"]: r["n"] for r in rows}
    done = {r["month"]: r["done"] for r in rows}
    return Chart(
        id="chart-dossiers-mois",
        title="Dossiers déposés par mois, et ceux déjà liquidés",
        labels=[d.strftime("%m/%Y") for d in span],
        series=[
            Series("Déposés", series_on(span, deposited)),
            Series("Liquidés ou payés", series_on(span, done)),
        ],
        height=220,
    )


def admin_panel(*, user, today, now) -> Panel:
    claims = Claim.objects.filter(status__in=OPEN_STATUSES).aggregate(
        n=Count("id"), late=Count("id", filter=deadline_q(on=today, which=DEADLINE_LATE))
    )
    requests = AuthorizationRequest.objects.filter(
        status__in=[RequestStatus.PENDING, RequestStatus.INCOMPLETE]
    ).aggregate(
        n=Count("id"), late=Count("id", filter=queue_deadline_q(deadline=QUEUE_LATE, now=now))
    )
    invoices = Invoice.objects.filter(status__in=PAYABLE_INVOICE).aggregate(
        total=Sum("amount_accepted"), n=Count("id")
    )
    arrears = arrears_list(on=today)
    tiles = [
        Tile(
            "Assurés principaux",
            Member.objects.count(),
            allowed(user, "members.view_member", link("portal:members:list")),
            f"{Beneficiary.objects.count()} bénéficiaires",
        ),
        Tile(
            "Dossiers en cours",
            claims["n"],
            allowed(user, "claims.view_claim", link("portal:claims:queue", a_traiter="on")),
            f"dont {claims['late']} hors délai",
            alert_if(claims["late"]),
        ),
        Tile(
            "Demandes de prise en charge en attente",
            requests["n"],
            allowed(user, READ_REQUESTS, link("portal:authorizations:queue")),
            f"dont {requests['late']} en retard",
            alert_if(requests["late"]),
        ),
        Tile(
            "Factures tiers payant à payer",
            money(invoices["total"] or ZERO),
            allowed(
                user,
                "authorizations.view_invoice",
                link("portal:authorizations:invoices", etat=INVOICES_TO_PAY),
            ),
            f"{invoices['n']} facture(s)",
            money=True,
        ),
        Tile(
            "Cotisations impayées",
            money(sum((a.outstanding for a in arrears), ZERO)),
            allowed(
                user, "contributions.view_contributioncall", link("portal:contributions:arrears")
            ),
            f"{len(arrears)} appel(s) échu(s)",
            alert_if(arrears),
            money=True,
        ),
        Tile(
            "Dossiers payés",
            Claim.objects.filter(status=ClaimStatus.PAID).count(),
            allowed(
                user, "claims.view_claim", link("portal:claims:queue", statut=ClaimStatus.PAID)
            ),
        ),
    ]
    return Panel(
        key="administrator",
        title="Vue d'ensemble de la caisse",
        tiles=tiles,
        charts=[claims_per_month(today=today)],
        links=[
            ("Référentiels et paramétrage", "/admin/"),
            ("Taux de remboursement", "/admin/referentials/reimbursementrate/"),
            ("Médicaments", "/admin/referentials/medicine/"),
            ("Prestataires", "/admin/referentials/provider/"),
            ("Utilisateurs et rôles", "/admin/auth/user/"),
        ],
    )
