"""The demo's payments: RIBs for the synthetic payees, direct-billing invoices for granted
agreements, the insured and provider runs of the year issued and settled by bank return files in
which a few transfers come back rejected (account closed), and this morning's run prepared.
"""

import contextlib
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from openamo.authorizations.models import AuthorizationRequest, Invoice, InvoiceBatch
from openamo.authorizations.models.requests import GRANTED
from openamo.core.identifiers import rib_key
from openamo.members.models import Member
from openamo.payments import services
from openamo.payments.models import PayerAccount, PaymentRun
from openamo.referentials.models import Provider

FUND_RIB_BODY = "3108101000000000000001"
REJECT_EVERY = 37  # about 3 % of the transfers come back rejected
DAY = timedelta(days=1)
INVOICES_MAX = 120


def _rib(bank: str, n: int) -> str:
    body = f"{bank}780{n:016d}"
    return f"{body}{rib_key(body):02d}"


def ribs_fill() -> None:
    """A synthetic, valid RIB for every member and provider that has none."""
    for model, bank in ((Member, "011"), (Provider, "007")):
        rows = list(model.objects.filter(rib="").only("pk"))
        for row in rows:
            row.rib = _rib(bank, row.pk)
        model.objects.bulk_update(rows, ["rib"], batch_size=2000)


def invoices_make(*, today: date, seed: int = 1) -> int:
    """One accepted invoice per granted agreement of a direct-billing provider (at most
    INVOICES_MAX), billed at the fund's share, due 30 days after receipt."""
    rng = random.Random(seed)
    requests = list(
        AuthorizationRequest.objects.filter(status__in=GRANTED, invoices__isnull=True)
        .select_related("provider")
        .order_by("id")[:INVOICES_MAX]
    )
    for n, request in enumerate(requests, 1):
        received = min(request.planned_end + timedelta(days=rng.randint(5, 25)), today)
        amount = request.amount_covered or Decimal("0.00")
        batch = InvoiceBatch.objects.create(
            reference=f"BRD-DEMO-{n:05d}",
            provider=request.provider,
            received_on=received,
            status="accepted",
            invoice_count=1,
            amount_claimed=request.amount_charged,
            amount_accepted=amount,
        )
        Invoice.objects.create(
            reference=f"FTP-DEMO-{n:05d}",
            batch=batch,
            provider=request.provider,
            agreement=request,
            number=f"F{received:%Y}-{n:04d}",
            issued_on=received - timedelta(days=2),
            received_on=received,
            care_start=request.planned_start,
            care_end=request.planned_end,
            status="accepted",
            amount_charged=request.amount_charged,
            amount_covered=amount,
            amount_accepted=amount,
            payment_due_on=received + timedelta(days=30),
            legal_due_on=received + timedelta(days=60),
        )
    Provider.objects.filter(pk__in={r.provider_id for r in requests}).update(direct_billing=True)
    return len(requests)


def _return_file(run: PaymentRun) -> bytes:
    lines = ["reference_ordre;statut;motif;reference_banque"]
    for n, ref in enumerate(run.orders.order_by("reference").values_list("reference", flat=True)):
        if n % REJECT_EVERY == REJECT_EVERY - 1:
            lines.append(f"{ref};rejeté;compte clôturé ou RIB inconnu de la banque;")
        else:
            lines.append(f"{ref};payé;;VIR{run.pk:03d}{n:06d}")
    return ("\n".join(lines) + "\n").encode()


def run_days(today: date, since: date) -> list[tuple[date, date, date]]:
    """(cut-off, issued on, settled on) of the insured runs from `since` up to last week:
    monthly runs on the last day of each month, then weekly ones for the last three weeks
    (settled two days after their issue) [I]."""
    weekly = [today - timedelta(days=7 * k + 1) for k in (3, 2, 1)]
    out, month = [], since.replace(day=1)
    while True:
        month_end = date(month.year + month.month // 12, month.month % 12 + 1, 1) - DAY
        if month_end >= weekly[0] - timedelta(days=7):
            break
        out.append(month_end)
        month = month_end + DAY
    return [(cut, cut + DAY * 2, cut + DAY * 4) for cut in out + weekly]


def _backdate(run: PaymentRun, issued: date, closed: date | None = None) -> None:
    stamp = datetime.combine(issued, time(10)).replace(tzinfo=UTC)
    fields = {"prepared_at": stamp - timedelta(hours=1)}
    if run.issued_at:
        fields["issued_at"] = stamp
    PaymentRun.objects.filter(pk=run.pk).update(**fields)
    if closed:
        PaymentRun.objects.filter(pk=run.pk).update(
            closed_at=datetime.combine(closed, time(15)).replace(tzinfo=UTC)
        )


def _run(kind: str, cut_off: date, issued: date, settled: date, today: date):
    try:
        run = services.payment_run_prepare(kind=kind, cut_off=cut_off, by=None, today=issued)
    except ValidationError:
        return None
    run = services.payment_run_issue(run=run, by=None)
    _backdate(run, issued)
    run.refresh_from_db()
    services.payment_returns_import(
        run=run, name="retour-banque.csv", content=_return_file(run), on=settled, by=None
    )
    run.refresh_from_db()
    _backdate(run, issued, settled if run.closed_at else None)
    return run


def demo_payments(*, today: date, since: date, progress=None) -> list[PaymentRun]:
    """The year's runs, issued and settled (insured monthly then weekly, providers monthly),
    and this morning's insured run prepared, not issued yet; nothing is done when runs already
    exist."""
    if PaymentRun.objects.exists():
        return []
    with transaction.atomic():
        PayerAccount.objects.get_or_create(
            rib=f"{FUND_RIB_BODY}{rib_key(FUND_RIB_BODY):02d}",
            defaults={"name": "Caisse AMO - Trésorerie générale"},
        )
        ribs_fill()
        invoices_make(today=today)
    runs = []
    days = run_days(today, since)
    for n, (cut_off, issued, settled) in enumerate(days, 1):
        kinds = ("insured", "provider") if cut_off.day > 27 or n == len(days) else ("insured",)
        for kind in kinds:
            run = _run(kind, cut_off, issued, settled, today)
            if run is not None:
                runs.append(run)
        if progress:
            progress(n, len(days))
    try:
        run = services.payment_run_prepare(
            kind="insured", cut_off=today - DAY, by=None, today=today
        )
        runs.append(run)
    except ValidationError:
        pass
    return runs


WEEK = timedelta(days=7)


def payments_forward(*, today: date, since: date) -> list[PaymentRun]:
    """A fund brought forward from `since` to `today`: the run prepared on `since` issued that
    day and settled two days later, the weekly insured runs (and a provider run at each month's
    end) of the days since, up to last week, and this morning's insured run prepared."""
    runs = []
    for run in PaymentRun.objects.filter(issued_at__isnull=True).order_by("id"):
        run = services.payment_run_issue(run=run, by=None)
        settled = min(since + DAY * 2, today - DAY)
        _backdate(run, since)
        run.refresh_from_db()
        services.payment_returns_import(
            run=run, name="retour-banque.csv", content=_return_file(run), on=settled, by=None
        )
        run.refresh_from_db()
        _backdate(run, since, settled if run.closed_at else None)
        runs.append(run)
    last = PaymentRun.objects.filter(kind="insured").order_by("-cut_off").first()
    cut = (last.cut_off if last else since) + WEEK
    while cut <= today - WEEK - DAY:
        month_end = (cut + DAY).day == 1 or (cut + WEEK).month != cut.month
        for kind in ("insured", "provider") if month_end else ("insured",):
            run = _run(kind, cut, cut + DAY * 2, cut + DAY * 4, today)
            if run is not None:
                runs.append(run)
        cut += WEEK
    with contextlib.suppress(ValidationError):
        runs.append(
            services.payment_run_prepare(kind="insured", cut_off=today - DAY, by=None, today=today)
        )
    return runs
