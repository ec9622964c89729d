"""The 360° view of a provider, of an establishment kind and of a sector: what it prescribed,
executed and billed, its patients, its partners and (for one provider) its peers."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from openamo.authorizations.models import AuthorizationRequest, Invoice
from openamo.claims.models import ClaimLine
from openamo.medical.models import ProtocolDeviation
from openamo.payments.models import PaymentHold
from openamo.referentials.models import Provider

from . import consumption
from .models import Alert, Case
from .profile import median, month_label, percentile_rank, pivot, repeat_rate, with_shares

TOP_ACTS = 25
TOP_PARTNERS = 15
DEVIATIONS_SHOWN = 50  # the protocols' deviations on lines it prescribed or executed
PEER_METRICS = {
    "lines": "Lignes exécutées",
    "reimbursed": "Montant remboursé (DH)",
    "patients": "Patients",
    "prescribed": "Lignes prescrites",
}


@dataclass
class ProviderView:
    title: str
    providers: QuerySet  # the providers in scope (one, a kind, a sector)
    provider: Provider | None = None
    executed_acts: list = field(default_factory=list)
    prescribed_acts: list = field(default_factory=list)
    months: object = None
    patients: dict = field(default_factory=dict)
    partners_downstream: list = field(default_factory=list)
    partners_upstream: list = field(default_factory=list)
    peers: list = field(default_factory=list)
    peer_count: int = 0
    top_providers: list = field(default_factory=list)
    authorizations: list = field(default_factory=list)
    invoices: list = field(default_factory=list)
    alerts: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    holds: list = field(default_factory=list)
    deviations: list = field(default_factory=list)
    names: dict = field(default_factory=dict)

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.months.months]


def _acts(lines: QuerySet) -> list[dict]:
    return list(
        lines.values(code=F("claim_line__code"), kind=F("claim_line__kind"))
        .annotate(
            lines=Count("id"),
            quantity=Sum("claim_line__quantity"),
            charged=Sum("charged"),
            base=Sum("base"),
            reimbursed=Sum("reimbursed"),
            label=Max("label"),
        )
        .order_by("-reimbursed")[:TOP_ACTS]
    )


def _patients(executed: QuerySet[ClaimLine]) -> dict:
    visits = list(
        executed.values("claim__beneficiary_id")
        .annotate(days=Count("care_date", distinct=True))
        .values_list("days", flat=True)
    )
    days = executed.aggregate(n=Count("care_date", distinct=True))["n"] or 0
    return {
        "count": len(visits),
        "repeat_rate": repeat_rate(visits),
        "per_day": (Decimal(sum(visits)) / days).quantize(Decimal("0.1")) if days else Decimal(0),
        "days": days,
    }


def _partners(lines: QuerySet[ClaimLine], *, group: str) -> list[dict]:
    rows = list(
        lines.exclude(**{group: ""})
        .values(inpe=F(group))
        .annotate(lines=Count("id"), claims=Count("claim_id", distinct=True))
        .order_by("-lines")
    )
    return with_shares(rows)[:TOP_PARTNERS]


def _peer_figures(peers: QuerySet[Provider]) -> dict[str, dict]:
    inpes = peers.values("inpe")
    figures: dict[str, dict] = {
        p: {"lines": 0, "reimbursed": Decimal("0.00"), "patients": 0, "prescribed": 0}
        for p in peers.values_list("inpe", flat=True)
    }
    executed = (
        consumption.latest_statement_lines()
        .filter(claim_line__executor_inpe__in=inpes)
        .values(inpe=F("claim_line__executor_inpe"))
        .annotate(
            lines=Count("id"),
            reimbursed=Sum("reimbursed"),
            patients=Count("statement__claim__beneficiary_id", distinct=True),
        )
        .order_by()
    )
    for row in executed:
        figures[row["inpe"]].update(
            lines=row["lines"], reimbursed=row["reimbursed"], patients=row["patients"]
        )
    prescribed = (
        ClaimLine.objects.filter(prescriber_inpe__in=inpes)
        .values(inpe=F("prescriber_inpe"))
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in prescribed:
        figures[row["inpe"]]["prescribed"] = row["n"]
    return figures


def peer_position(provider: Provider) -> tuple[list[dict], int]:
    """Each metric of the provider beside its peers' (same kind, specialty and region): the
    peers' median and the provider's percentile among them."""
    peers = Provider.objects.filter(
        kind=provider.kind, specialty=provider.specialty, city__region_id=provider.city.region_id
    )
    figures = _peer_figures(peers)
    own = figures.get(provider.inpe, {})
    rows = []
    for metric, label in PEER_METRICS.items():
        values = [f[metric] for f in figures.values()]
        rows.append(
            {
                "label": label,
                "value": own.get(metric, 0),
                "median": median(values),
                "percentile": percentile_rank(own.get(metric, 0), values),
                "max": max(values) if values else 0,
            }
        )
    return rows, len(figures)


def scope_view(*, title: str, providers: QuerySet[Provider]) -> ProviderView:
    """The figures of a set of providers (one, an establishment kind, a sector)."""
    inpes = providers.values("inpe")
    statement_lines = consumption.latest_statement_lines().filter(
        claim_line__executor_inpe__in=inpes
    )
    executed = ClaimLine.objects.filter(executor_inpe__in=inpes)
    prescribed = ClaimLine.objects.filter(prescriber_inpe__in=inpes)
    monthly = list(
        statement_lines.annotate(month=TruncMonth("claim_line__care_date"))
        .values("month")
        .annotate(reimbursed=Sum("reimbursed"), charged=Sum("charged"), lines=Count("id"))
        .order_by()
    )
    billed = list(
        Invoice.objects.filter(provider__inpe__in=inpes)
        .annotate(month=TruncMonth("care_start"))
        .values("month")
        .annotate(amount=Sum("amount_charged"))
        .order_by()
    )
    cells = [(r["month"], "Exécuté (facturé)", r["charged"]) for r in monthly]
    cells += [(r["month"], "Remboursé", r["reimbursed"]) for r in monthly]
    cells += [(r["month"], "Tiers payant facturé", r["amount"]) for r in billed]
    view = ProviderView(title=title, providers=providers)
    view.executed_acts = _acts(statement_lines)
    view.prescribed_acts = _acts(
        consumption.latest_statement_lines().filter(claim_line__prescriber_inpe__in=inpes)
    )
    view.months = pivot(cells, zero=Decimal("0.00"))
    view.patients = _patients(executed)
    view.partners_downstream = _partners(prescribed, group="executor_inpe")
    view.partners_upstream = _partners(executed, group="prescriber_inpe")
    view.names = consumption.providers_by_inpe(
        [r["inpe"] for r in view.partners_downstream + view.partners_upstream]
    )
    return view


def provider_view(*, provider: Provider) -> ProviderView:
    view = scope_view(title=provider.name, providers=Provider.objects.filter(pk=provider.pk))
    view.provider = provider
    view.peers, view.peer_count = peer_position(provider)
    view.authorizations = list(
        AuthorizationRequest.objects.filter(provider=provider)
        .select_related("beneficiary", "authorization_type")
        .order_by("-submitted_at")[:100]
    )
    view.invoices = list(Invoice.objects.filter(provider=provider).order_by("-received_on")[:100])
    view.alerts = list(Alert.objects.filter(provider=provider).select_related("case"))
    view.cases = list(Case.objects.filter(provider=provider))
    view.holds = list(PaymentHold.objects.filter(provider=provider))
    view.deviations = list(
        ProtocolDeviation.objects.filter(
            Q(claim_line__executor_inpe=provider.inpe)
            | Q(claim_line__prescriber_inpe=provider.inpe)
        )
        .select_related("claim_line__claim__beneficiary")
        .order_by("-claim_line__care_date", "-id")[:DEVIATIONS_SHOWN]
    )
    return view


def group_view(*, title: str, providers: QuerySet[Provider]) -> ProviderView:
    """An establishment kind or a sector: the same figures, and its providers ranked."""
    view = scope_view(title=title, providers=providers)
    top = (
        consumption.latest_statement_lines()
        .filter(claim_line__executor_inpe__in=providers.values("inpe"))
        .values(inpe=F("claim_line__executor_inpe"))
        .annotate(lines=Count("id"), reimbursed=Sum("reimbursed"))
        .order_by("-reimbursed")[:TOP_PARTNERS]
    )
    view.top_providers = list(top)
    view.names.update(consumption.providers_by_inpe(r["inpe"] for r in view.top_providers))
    return view
