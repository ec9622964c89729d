"""The demo fund on a normal morning of `today`: the claim files of the last days not all
adjudicated (the morning's mail received, some taken by a processor, waiting for a document or
in medical review), statements dated when a processor would have made them, contribution calls
mostly paid with a few employers late. Every step takes `today` from the command (never the
clock) and draws from a generator seeded by the fund's seed, so the same seed and the same day
give the same fund. The payment runs follow in `synth.payments`.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from openamo.claims.models import Claim, ClaimStatus, ClaimTransition
from openamo.contributions.models import ContributionCall, Receipt
from openamo.contributions.services import receipt_record
from openamo.members.models import Employer

# Claims deposited in the last RECEIVED_DAYS days are still in the mail [I]; of those deposited
# in the RECENT_DAYS before, a share is still being worked on (status: share) [I].
RECEIVED_DAYS = 3
RECENT_DAYS = 12
IN_PROGRESS = (
    (ClaimStatus.IN_ADJUDICATION, 0.06, "pris en charge par un liquidateur"),
    (ClaimStatus.WAITING_DOCUMENTS, 0.04, "pièce manquante : ordonnance ou facture détaillée"),
    (ClaimStatus.MEDICAL_REVIEW, 0.03, "avis du médecin contrôleur demandé"),
)
ADJUDICATION_DELAY = (1, 6)  # days from deposit to the statement [I]
PROCESSOR = "liquidateur"  # the demo account the files taken by a processor are assigned to
# Contributions: employers late on their last calls (codes of the generated fund), how many
# calls they owe, and the share of calls paid a few days after their due date [I].
LATE_EMPLOYERS = {"MJC": 3, "COLL": 2, "MTL": 1}
PAID_LATE_SHARE = 0.15


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour)).replace(tzinfo=UTC)


@transaction.atomic
def claims_set_aside(*, today: date, seed: int) -> list[int]:
    """Before the demo's batch: the claims the fund has not adjudicated on `today` move out of
    the batch's reach. Those still in the mail are returned (to be put back as received by
    `claims_put_back` after the batch); the others stay in their work status, with their trail."""
    rng = random.Random(f"{seed}-claims-{today}")
    recent = list(
        Claim.objects.filter(
            status=ClaimStatus.RECEIVED,
            deposit_date__gt=today - timedelta(days=RECEIVED_DAYS + RECENT_DAYS),
        )
        .order_by("id")
        .values_list("id", "deposit_date")
    )
    mail, moves = [], {s: [] for s, _, _ in IN_PROGRESS}
    for cid, deposited in recent:
        if deposited > today - timedelta(days=RECEIVED_DAYS):
            mail.append(cid)
            continue
        draw = rng.random()
        for status, share, _ in IN_PROGRESS:
            if draw < share:
                moves[status].append((cid, deposited))
                break
            draw -= share
    Claim.objects.filter(pk__in=mail).update(status=ClaimStatus.IN_ADJUDICATION)
    processor = _processor()
    for status, _, reason in IN_PROGRESS:
        ids = [cid for cid, _ in moves[status]]
        taken = status == ClaimStatus.IN_ADJUDICATION
        Claim.objects.filter(pk__in=ids).update(status=status)
        if taken:  # the files in the works are the demo processor's
            Claim.objects.filter(pk__in=ids).update(assigned_to=processor)
        ClaimTransition.objects.bulk_create(
            ClaimTransition(
                claim_id=cid,
                by=processor if taken else None,
                from_status=ClaimStatus.RECEIVED,
                to_status=status,
                at=_at(min(day + timedelta(days=rng.randint(1, 3)), today), rng.randint(9, 16)),
                reason=reason,
            )
            for cid, day in moves[status]
        )
    return mail


def _processor():
    """The demo's claim processor (`synth.accounts.STAFF`: its role and password are given
    there), created if missing so that the files in the works are assigned to someone."""
    user, _ = get_user_model().objects.get_or_create(
        username=PROCESSOR, defaults={"first_name": "Liquidateur", "last_name": "Démo"}
    )
    return user


def claims_put_back(ids: list[int]) -> None:
    """The morning's mail back to received, once the batch is over."""
    Claim.objects.filter(pk__in=ids).update(status=ClaimStatus.RECEIVED)


# The day and hour of a statement: ADJUDICATION_DELAY days after the deposit (by claim id),
# never after today, between 7 and 16 o'clock (UTC), in one UPDATE per table.
_WHEN = {
    "postgresql": "(LEAST(c.deposit_date + (1 + c.id %% 6)::int, %s::date) "
    "+ make_interval(hours => (7 + c.id %% 10)::int)) AT TIME ZONE 'UTC'",
    "sqlite": "min(date(c.deposit_date, '+' || (1 + c.id %% 6) || ' days'), %s) "
    "|| printf(' %%02d:00:00', 7 + c.id %% 10)",
}
_UPDATE = {
    "postgresql": "UPDATE {table} t SET {column} = {when} FROM claims_claim c "
    "WHERE c.id = t.claim_id AND t.run_id = %s{extra}",
    "sqlite": "UPDATE {table} SET {column} = (SELECT {when} FROM claims_claim c "
    "WHERE c.id = {table}.claim_id) WHERE run_id = %s{extra}",
}


def statements_backdate(*, run_id: int, today: date) -> None:
    """Date the statements of the demo's batch (and their trail) a few days after their
    claim's deposit, as processors working through the year would have, instead of the build
    day."""
    assert ADJUDICATION_DELAY == (1, 6)  # the SQL above
    vendor = connection.vendor if connection.vendor in _WHEN else "sqlite"
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column, extra in (
            ("claims_statement", "adjudicated_at", ""),
            ("claims_claimtransition", "at", " AND to_status = 'adjudicated'"),
        ):
            sql = _UPDATE[vendor].format(
                table=table, column=column, when=_WHEN[vendor], extra=extra
            )
            cursor.execute(sql, [today.isoformat(), run_id])


def contributions_settle(*, today: date, seed: int, since: date | None = None) -> int:
    """Receipts for the calls due by `today`: most paid on time by transfer, some a few days
    late, and the LATE_EMPLOYERS still owing their last calls (the arrears of the demo). With
    `since` (a fund brought forward), only the calls due after it: the late employers pay none
    of them, their arrears grow."""
    if since is None and Receipt.objects.exists():
        return 0
    rng = random.Random(f"{seed}-receipts-{since or ''}")
    employers = {e.pk: e for e in Employer.objects.all()}
    owing = {e.pk: LATE_EMPLOYERS.get(e.administration_code, 0) for e in employers.values()}
    calls = ContributionCall.objects.filter(due_on__lte=today, amount_due__gt=0)
    if since is not None:
        calls = calls.filter(due_on__gt=since)
        owing = {pk: 10**6 if late else 0 for pk, late in owing.items()}
    calls = list(calls.order_by("employer_id", "period"))
    by_employer: dict[int, list[ContributionCall]] = {}
    for call in calls:
        by_employer.setdefault(call.employer_id, []).append(call)
    count = 0
    for employer_id, owed in sorted(by_employer.items()):
        employer = employers[employer_id]
        late = owing[employer_id]
        paid = owed[: max(len(owed) - late, 0)] if late else owed
        for call in paid:
            delay = rng.randint(3, 25) if rng.random() < PAID_LATE_SHARE else -rng.randint(0, 5)
            amount = call.amount_due
            if late and call is paid[-1]:
                amount = (amount * Decimal("0.6")).quantize(Decimal("0.01"))  # a part payment
            receipt_record(
                employer=employer,
                amount=amount,
                received_on=min(call.due_on + timedelta(days=delay), today),
                channel="payroll" if employer.kind == "public_administration" else "transfer",
                reference=f"ENC-{employer.administration_code}-{call.period:%Y%m}",
                note="encaissement de démonstration",
            )
            count += 1
    return count
