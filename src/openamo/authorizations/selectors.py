"""Reads: the nomenclature of a type, a provider's agreement, the agreements the claims engine
checks, queues and delays, and what each user may see (a provider: its own establishment)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openamo.claims import engine
from openamo.claims.loading import tariffs_load
from openamo.claims.tariffs import Tariffs
from openamo.referentials.cache import referential_cache_clear, referential_cached
from openamo.referentials.choices import AUTO_DIRECT_BILLING_KINDS, RequestStage
from openamo.referentials.models import Delegation, Provider, RequiredDocument

from .models import (
    AgreementStatus,
    AuthorizationRequest,
    DirectBillingAgreement,
    Invoice,
    InvoiceBatch,
    InvoiceStatus,
    ProviderAccess,
    RequestStatus,
)
from .models.requests import GRANTED
from .rules import RequiredDoc


def tariffs_cached() -> Tariffs:
    """The claims engine's tariffs, loaded once per referential version in this process (one
    query to check the version; a tariff change is seen at once)."""
    return referential_cached("claims.tariffs", tariffs_load)


def tariffs_cache_clear() -> None:
    referential_cache_clear()


def required_documents(
    *, authorization_type_id: int, stage: str, day: date
) -> tuple[RequiredDoc, ...]:
    """The nomenclature of a type for a first request or a renewal, in force on `day`."""
    rows = (
        RequiredDocument.objects.in_force_on(day)
        .filter(authorization_type_id=authorization_type_id, stage__in=[RequestStage.ALWAYS, stage])
        .order_by("-mandatory", "document_type__label")
        .values_list("document_type__code", "document_type__label", "mandatory")
    )
    seen, docs = set(), []
    for code, label, mandatory in rows:
        if code not in seen:
            seen.add(code)
            docs.append(RequiredDoc(code, label, mandatory))
    return tuple(docs)


def provider_agreed(*, provider: Provider, care_category: str, day: date) -> bool:
    """Public hospitals, CHU and military hospitals are admitted automatically; others need an
    agreement in force for the care category."""
    if provider.kind in AUTO_DIRECT_BILLING_KINDS:
        return True
    agreements = DirectBillingAgreement.objects.filter(
        provider=provider, status=AgreementStatus.ACTIVE, starts_on__lte=day
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return any(care_category in a.care_categories for a in agreements)


def agreements_for_claims(*, beneficiary_ids) -> dict[str, engine.Authorization]:
    """Granted agreements of these beneficiaries, by reference, as the claims engine reads
    them: the period granted and the codes granted (a code refused in a partial grant is not
    covered). Two queries whatever the number of beneficiaries."""
    requests = list(
        AuthorizationRequest.objects.filter(
            beneficiary_id__any=list(beneficiary_ids), status__in=GRANTED
        ).values_list("id", "reference", "beneficiary_id", "valid_from", "valid_to")
    )
    codes: dict[int, set[str]] = {}
    from .models import RequestAct

    for request_id, code in RequestAct.objects.filter(
        request_id__any=[r[0] for r in requests], granted_quantity__gt=0
    ).values_list("request_id", "code"):
        codes.setdefault(request_id, set()).add(code)
    return {
        ref: engine.Authorization(bid, engine.Period(start, end), frozenset(codes.get(pk, ())))
        for pk, ref, bid, start, end in requests
        if pk in codes
    }


def beneficiary_delegation(beneficiary, provider: Provider) -> Delegation:
    """The beneficiary's regional delegation (by the member's city), else the provider's."""
    city = beneficiary.member.city
    return city.delegation if city is not None else provider.city.delegation


# ---- scoping ---------------------------------------------------------------------------------


def provider_of(user) -> Provider | None:
    if not getattr(user, "is_authenticated", False):
        return None
    access = ProviderAccess.objects.select_related("provider").filter(user=user).first()
    return access.provider if access else None


def is_staff_reader(user) -> bool:
    return user.has_perm("authorizations.view_authorizationrequest")


QUEUE_LATE, QUEUE_TODAY = "retard", "aujourdhui"


def queue_deadline_q(*, deadline: str, now) -> Q:
    """Requests in instruction past their decision deadline at `now` ("retard"), or whose
    deadline falls later today ("aujourdhui")."""
    pending = Q(status=RequestStatus.PENDING)
    if deadline == QUEUE_LATE:
        return pending & Q(due_at__lt=now)
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    return pending & Q(due_at__gte=now, due_at__lte=end_of_day)


def request_list(
    *, provider: Provider | None = None, status: str = "", deadline: str = "", now=None
) -> QuerySet:
    qs = AuthorizationRequest.objects.select_related(
        "beneficiary", "authorization_type", "provider", "delegation"
    )
    if provider is not None:
        qs = qs.filter(provider=provider)
    if status:
        qs = qs.filter(status=status)
    if deadline in (QUEUE_LATE, QUEUE_TODAY):
        qs = qs.filter(queue_deadline_q(deadline=deadline, now=now or timezone.now()))
    return qs.order_by("-submitted_at", "-id")


def request_for(user, pk: int) -> AuthorizationRequest:
    """The request if this user may see it: a provider its own, staff every one; else 404."""
    provider = provider_of(user)
    qs = request_list(provider=provider)
    if provider is None and not is_staff_reader(user):
        raise Http404("Demande introuvable")
    try:
        return qs.prefetch_related("acts", "documents__document_type", "asks__document_type").get(
            pk=pk
        )
    except AuthorizationRequest.DoesNotExist:
        raise Http404("Demande introuvable") from None


def request_by_reference(user, reference: str) -> AuthorizationRequest:
    provider = provider_of(user)
    if provider is None and not is_staff_reader(user):
        raise Http404("Demande introuvable")
    request = request_list(provider=provider).filter(reference=reference).first()
    if request is None:
        raise Http404("Demande introuvable")
    return request


# ---- queues and delays -----------------------------------------------------------------------


def queue_list(
    *,
    delegation_id: int | None = None,
    queue: str = "",
    status: str = "",
    deadline: str = "",
    now=None,
) -> QuerySet:
    qs = request_list().filter(status__in=[RequestStatus.PENDING, RequestStatus.INCOMPLETE])
    if delegation_id:
        qs = qs.filter(delegation_id=delegation_id)
    if queue:
        qs = qs.filter(queue=queue)
    if status in (RequestStatus.PENDING, RequestStatus.INCOMPLETE):
        qs = qs.filter(status=status)
    if deadline in (QUEUE_LATE, QUEUE_TODAY):
        qs = qs.filter(queue_deadline_q(deadline=deadline, now=now or timezone.now()))
    return qs.order_by(F("due_at").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class DelegationDelays:
    delegation: str
    pending: int
    overdue: int
    escalated: int
    decided: int
    decided_late: int
    instant: int
    average_hours: float | None

    @property
    def on_time_rate(self) -> float | None:
        manual = self.decided - self.instant
        return None if manual <= 0 else round(100 * (manual - self.decided_late) / manual, 1)


def delays_by_delegation(*, since: date | None = None, now=None) -> list[DelegationDelays]:
    """Per delegation: waiting, overdue, escalated, decided (late or not), mean decision time
    of the requests a person decided."""
    now = now or timezone.now()
    since = since or (now.date() - timedelta(days=90))
    rows = (
        AuthorizationRequest.objects.filter(submitted_at__date__gte=since)
        .values("delegation__name")
        .annotate(
            pending=Count("id", filter=Q(status=RequestStatus.PENDING)),
            overdue=Count("id", filter=Q(status=RequestStatus.PENDING, due_at__lt=now)),
            escalated=Count("id", filter=Q(escalated_at__isnull=False)),
            decided=Count("id", filter=Q(decided_at__isnull=False)),
            decided_late=Count(
                "id", filter=Q(decided_at__isnull=False, decided_at__gt=F("due_at"))
            ),
            instant=Count("id", filter=Q(decided_at__isnull=False, decided_by__isnull=True)),
            average=Avg(
                ExpressionWrapper(
                    F("decided_at") - F("submitted_at"), output_field=DurationField()
                ),
                filter=Q(decided_by__isnull=False),
            ),
        )
        .order_by("delegation__name")
    )
    return [
        DelegationDelays(
            r["delegation__name"] or "— (accord immédiat)",
            r["pending"],
            r["overdue"],
            r["escalated"],
            r["decided"],
            r["decided_late"],
            r["instant"],
            None if r["average"] is None else round(r["average"].total_seconds() / 3600, 1),
        )
        for r in rows
    ]


INVOICES_TO_PAY, INVOICES_LATE = "a_payer", "en_retard"
PAYABLE_INVOICE = (InvoiceStatus.ACCEPTED, InvoiceStatus.REDUCED)


def invoice_list(
    *, provider: Provider | None = None, state: str = "", today: date | None = None
) -> QuerySet:
    """Invoices; `state` "a_payer": accepted and unpaid; "en_retard": those past the payment
    commitment (`payment_due_on`) on `today`."""
    qs = Invoice.objects.select_related("agreement__beneficiary", "batch", "provider")
    if provider is not None:
        qs = qs.filter(provider=provider)
    if state in (INVOICES_TO_PAY, INVOICES_LATE):
        qs = qs.filter(status__in=PAYABLE_INVOICE)
    if state == INVOICES_LATE:
        qs = qs.filter(payment_due_on__lt=today or timezone.localdate())
    return qs.order_by("-received_on", "-id")


def batch_list(*, provider: Provider | None = None) -> QuerySet:
    qs = InvoiceBatch.objects.select_related("provider")
    if provider is not None:
        qs = qs.filter(provider=provider)
    return qs.order_by("-received_on", "-id")


def invoice_for(user, pk: int) -> Invoice:
    provider = provider_of(user)
    if provider is None and not user.has_perm("authorizations.view_invoice"):
        raise Http404("Facture introuvable")
    invoice = invoice_list(provider=provider).prefetch_related("lines").filter(pk=pk).first()
    if invoice is None:
        raise Http404("Facture introuvable")
    return invoice


def request_missing(request: AuthorizationRequest) -> tuple[RequiredDoc, ...]:
    """What the provider still has to send (empty once the request is decided)."""
    from .rules import missing_documents

    if request.decided:
        return ()
    required = required_documents(
        authorization_type_id=request.authorization_type_id,
        stage=request.stage,
        day=request.planned_start,
    )
    provided = frozenset(d.document_type.code for d in request.documents.all())
    asked = frozenset(a.document_type.code for a in request.asks.all() if a.received_at is None)
    return missing_documents(required, provided, asked)
