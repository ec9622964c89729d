"""The 360° view of an insured family: a few aggregate queries, whatever the years stored."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from openamo.authorizations.models import AuthorizationRequest, Invoice
from openamo.claims.models import Claim, ClaimLine, Statement
from openamo.core.identifiers import normalize_cin
from openamo.medical.models import ProtocolDeviation
from openamo.members.models import AldExemption, Beneficiary, Member
from openamo.payments.models import PaymentHold, PaymentOrder
from openamo.referentials.models import Medicine

from . import consumption
from .models import Alert, Case
from .profile import CATEGORIES, category_totals, month_label, pivot

MEDICINE_LINES_SHOWN = 100
CLAIMS_SHOWN = 100
DEVIATIONS_SHOWN = 50  # the protocols' deviations (medical.screening), latest care first


def beneficiary_search(*, query: str, limit: int = 50) -> QuerySet[Beneficiary]:
    """Beneficiaries (members and dependents) by registration number, CIN or name."""
    rows = Beneficiary.objects.select_related("member").order_by("last_name", "first_name", "pk")
    query = (query or "").strip()
    if not query:
        return rows.none()
    compact = normalize_cin(query)
    if compact.isdigit():
        return rows.filter(registration_number__startswith=compact)[:limit]
    by_name = Q()
    for word in query.split():
        by_name &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
    return rows.filter(Q(cin=compact) | Q(member__cin=compact) | by_name)[:limit]


@dataclass
class FamilyView:
    member: Member
    beneficiaries: list
    claims: list
    categories: list
    timeline: object
    medicines: object
    medicine_names: dict
    medicine_lines: list
    medicine_line_count: int
    prescribers: list
    executors: list
    providers: dict
    authorizations: list
    invoices: list
    payments: list
    exemptions: list
    deviations: list
    alerts: list
    cases: list
    holds: list
    totals: dict

    @property
    def category_labels(self) -> dict:
        return CATEGORIES

    @property
    def month_labels(self) -> list[str]:
        return [month_label(m) for m in self.timeline.months]

    @property
    def medicine_month_labels(self) -> list[str]:
        return [month_label(m) for m in self.medicines.months]


def _claims(ids: list[int]) -> list[Claim]:
    claims = list(
        Claim.objects.filter(beneficiary_id__in=ids)
        .select_related("beneficiary")
        .order_by("-first_care_date", "-id")
    )
    latest: dict[int, Statement] = {}
    for s in Statement.objects.filter(claim__beneficiary_id__in=ids).order_by(
        "claim_id", "-version"
    ):
        latest.setdefault(s.claim_id, s)
    for claim in claims:
        claim.latest = latest.get(claim.pk)
    return claims


def _medicines(lines: QuerySet[ClaimLine]):
    boxes = consumption.medicine_boxes(lines)
    names = {m.ean13: m for m in Medicine.objects.filter(ean13__in={r["code"] for r in boxes})}

    def molecule(ean):
        medicine = names.get(ean)
        return f"{medicine.inn} {medicine.dosage}".strip() if medicine else f"EAN {ean}"

    table = pivot(((r["month"], molecule(r["code"]), r["boxes"]) for r in boxes), zero=Decimal("0"))
    return table, names


def family_view(*, member_id: int) -> FamilyView:
    member = Member.objects.select_related("scheme", "city", "employer").get(pk=member_id)
    beneficiaries = list(member.beneficiaries.order_by("rank"))
    ids = [b.pk for b in beneficiaries]
    lines = ClaimLine.objects.filter(claim__beneficiary_id__in=ids)
    rows = consumption.consumption_rows(
        consumption.latest_statement_lines().filter(statement__claim__beneficiary_id__in=ids)
    )
    prescribers = consumption.people_rows(lines, role="prescriber_inpe")
    executors = consumption.people_rows(lines, role="executor_inpe")
    providers = consumption.providers_by_inpe(
        {r["inpe"] for r in prescribers}
        | {r["inpe"] for r in executors}
        | {r["executor"] for r in rows}
    )
    consumption.categorise(rows, providers)
    timeline = pivot((r["month"], r["category"], r["lines"]) for r in rows)
    medicines, names = _medicines(lines)
    medicine_lines = lines.filter(kind="medicine").select_related("claim__beneficiary")
    claims = _claims(ids)
    return FamilyView(
        member=member,
        beneficiaries=beneficiaries,
        claims=claims,
        categories=category_totals(rows, span_months=len(timeline.months)),
        timeline=timeline,
        medicines=medicines,
        medicine_names=names,
        medicine_lines=list(medicine_lines.order_by("-care_date", "-id")[:MEDICINE_LINES_SHOWN]),
        medicine_line_count=medicine_lines.count(),
        prescribers=prescribers,
        executors=executors,
        providers=providers,
        authorizations=list(
            AuthorizationRequest.objects.filter(beneficiary_id__in=ids)
            .select_related("provider", "authorization_type", "beneficiary")
            .order_by("-submitted_at")
        ),
        invoices=list(
            Invoice.objects.filter(agreement__beneficiary_id__in=ids)
            .select_related("provider", "agreement__beneficiary")
            .order_by("-received_on")
        ),
        payments=list(PaymentOrder.objects.filter(member=member).select_related("run")),
        exemptions=list(
            AldExemption.objects.filter(beneficiary_id__in=ids)
            .select_related("condition", "beneficiary")
            .order_by("starts_on")
        ),
        deviations=list(
            ProtocolDeviation.objects.filter(claim_line__claim__beneficiary_id__in=ids)
            .select_related("claim_line__claim__beneficiary")
            .order_by("-claim_line__care_date", "-id")[:DEVIATIONS_SHOWN]
        ),
        alerts=list(
            Alert.objects.filter(Q(member=member) | Q(beneficiary_id__in=ids)).select_related(
                "case"
            )
        ),
        cases=list(Case.objects.filter(Q(member=member) | Q(beneficiary_id__in=ids))),
        holds=list(PaymentHold.objects.filter(member=member)),
        totals={
            "claims": len(claims),
            "lines": sum(c.lines for c in category_totals(rows, span_months=1)),
            "charged": sum((r["charged"] or 0 for r in rows), Decimal("0.00")),
            "base": sum((r["base"] or 0 for r in rows), Decimal("0.00")),
            "reimbursed": sum((r["reimbursed"] or 0 for r in rows), Decimal("0.00")),
        },
    )
