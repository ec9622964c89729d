"""The demo's messages: the insured demo family's and the demo employer's inboxes hold fresh,
unread messages (their last claims, their last transfer, the employers' reminders), and the
worker delivers them (e-mails under var/mail/, SMS under var/sms/). The messages the fund's
past produced (a year of transfers...) are taken as delivered and read.

One call from `synth/management/commands/demo.py` `_living()`.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from openamo.claims.models import Claim, ClaimStatus, Statement, StatementLine
from openamo.contributions.ledger import due_date
from openamo.contributions.reminders import reminders_run
from openamo.payments.models import PaymentOrder

from . import events, texts
from .delivery import worker_pass
from .models import Notification
from .services import Message, notification_queue, notifications_queue_many


def _past_taken_as_delivered(now) -> int:
    return Notification.objects.filter(dispatched_at__isnull=True).update(
        dispatched_at=now, sent_at=now, read_at=now
    )


def _claims_messages(member) -> list[Message]:
    """The family's last three adjudicated claims, told as the adjudication tells them."""
    claim_type = ContentType.objects.get_for_model(Claim).pk
    statements = (
        Statement.objects.filter(claim__beneficiary__member=member)
        .select_related("claim")
        .order_by("-adjudicated_at", "-id")[:3]
    )
    out = []
    for statement in reversed(list(statements)):
        claim = statement.claim
        rejected = [
            (line.number, line.label, line.rejection_message)
            for line in StatementLine.objects.filter(statement=statement)
            .exclude(rejection_code="")
            .order_by("number")
        ]
        if rejected:
            event = "claim_line_rejected"
            subject, body = texts.claim_line_rejected(
                reference=claim.reference,
                reimbursed=statement.total_reimbursed,
                rejected=rejected,
            )
        else:
            event = "claim_adjudicated"
            subject, body = texts.claim_adjudicated(
                reference=claim.reference,
                charged=statement.total_charged,
                reimbursed=statement.total_reimbursed,
            )
        link = reverse("portal:insured_statement", args=[claim.reference])
        out.append(
            Message(
                "beneficiary",
                claim.beneficiary_id,
                event,
                subject,
                body,
                link,
                claim_type,
                claim.pk,
            )
        )
    return out


def _family(member) -> int:
    if member is None:
        return 0
    notifications_queue_many(_claims_messages(member))
    last = (
        PaymentOrder.objects.filter(member=member, status__in=["sent", "paid"])
        .order_by("-id")
        .first()
    )
    if last is not None:
        told = Notification.objects.filter(
            event="payment_sent",
            related_type=ContentType.objects.get_for_model(PaymentOrder),
            related_id=last.pk,
        )
        if not told.update(read_at=None):
            events.payments_sent([last])
    waiting = Claim.objects.filter(
        beneficiary__member=member, status=ClaimStatus.WAITING_DOCUMENTS
    ).first()
    if waiting is not None:
        subject, body = texts.more_information(
            reference=waiting.reference, what="l'ordonnance originale"
        )
        notification_queue(
            beneficiary=waiting.beneficiary,
            event="claim_more_information",
            subject=subject,
            body=body,
            link=reverse("portal:insured_claims"),
            related=waiting,
        )
    return Notification.objects.filter(beneficiary__member=member, read_at__isnull=True).count()


def _employer(employer, today: date) -> int:
    """Today's reminders for every employer; the demo employer is at least reminded of the
    declaration of the month (due on the 10th of the next)."""
    reminders_run(day=today)
    if employer is None:
        return 0
    mine = Notification.objects.filter(employer=employer, read_at__isnull=True)
    if not mine.exists():
        period = today.replace(day=1)
        due = due_date(period)
        notification_queue(
            employer=employer,
            event="declaration_due",
            subject=f"Déclaration de salaires de {period:%m/%Y} à déposer",
            body=(
                f"La déclaration de salaires de {employer.name} pour {period:%m/%Y} est à "
                f"déposer au plus tard le {due:%d/%m/%Y} dans l'espace employeur."
            ),
            link=reverse("portal:employer_declarations"),
        )
    return mine.count()


def demo_messages(*, today: date, out=None) -> tuple[int, int, int]:
    """Queue the demo's messages and deliver them: (family's unread, employer's unread,
    copies sent)."""
    from openamo.synth.accounts import insured_demo_member
    from openamo.synth.portfolio import employer_demo

    _past_taken_as_delivered(timezone.now())
    family = _family(insured_demo_member())
    employer = _employer(employer_demo(), today)
    sent = 0
    while True:
        done = worker_pass()
        sent += done.sent
        if not done.busy:
            break
    if out is not None:
        out.write(
            f"  messages : {family} non lus pour l'assuré de démonstration, {employer} pour "
            f"l'employeur ; {sent} copies envoyées (var/mail, var/sms)"
        )
    return family, employer, sent
