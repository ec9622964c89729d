"""Reminders to employers and their brokers: the payroll declaration missing on its due day
(automatic, once per employer and period; or sent by staff), and contribution arrears (a legal
notice, once a month per employer while calls stay unpaid past their grace period).

`reminders_run(day)` is what the notification worker runs once a day (`OPENAMO_DAILY_JOBS`)
and what `openamo reminders` runs from cron.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from openamo.core.money import ZERO, money
from openamo.members.models import BrokerMandate, Employer
from openamo.notifications import texts
from openamo.notifications.models import Notification
from openamo.notifications.services import Message, notifications_queue_many

from .ledger import DUE_DAY, due_date
from .models import Declaration
from .selectors import call_list

ARREARS_GRACE = timedelta(days=30)


def _month_before(day: date) -> date:
    first = day.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def period_due(day: date) -> date:
    """The period whose declaration is due this month (the month before `day`'s)."""
    return _month_before(day)


@dataclass(frozen=True)
class Missing:
    employer_id: int
    employer_name: str
    period: date
    due_on: date


def declarations_missing(*, day: date) -> list[Missing]:
    """Employers who declared the month before the due period but not the due period, once
    its due date has come."""
    period = period_due(day)
    due_on = due_date(period)
    if day < due_on:
        return []
    declared = Declaration.objects.filter(period=period).values("employer_id")
    rows = (
        Employer.objects.filter(declarations__period=_month_before(period))
        .exclude(id__in=declared)
        .values_list("id", "name")
        .order_by("name")
    )
    return [Missing(pk, name, period, due_on) for pk, name in rows]


def _brokers_of(employer_ids, day: date) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    mandates = BrokerMandate.objects.filter(employer_id__in=list(employer_ids), valid_from__lte=day)
    for employer_id, broker_id in mandates.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    ).values_list("employer_id", "broker_id"):
        out.setdefault(employer_id, []).append(broker_id)
    return out


def _to_employer_and_brokers(employer_id, brokers, event, subject, body, link, legal=False):
    yield Message("employer", employer_id, event, subject, body, link, legal=legal)
    for broker_id in brokers.get(employer_id, []):
        yield Message("broker", broker_id, event, subject, body, "", legal=legal)


@transaction.atomic
def declaration_reminders_send(*, missing: list[Missing], day: date, automatic: bool) -> int:
    """Tell each employer (and its brokers); the automatic run skips those already told for
    the period. Returns how many employers were told."""
    if not missing:
        return 0
    topics = {
        m.employer_id: f"declaration_missing:{m.employer_id}:{m.period:%Y-%m}" for m in missing
    }
    told = (
        set(Notification.objects.filter(topic__in=topics.values()).values_list("topic", flat=True))
        if automatic
        else set()
    )
    todo = [m for m in missing if topics[m.employer_id] not in told]
    brokers = _brokers_of((m.employer_id for m in todo), day)
    link = reverse("portal:employer_declarations")
    for m in todo:
        subject, body = texts.declaration_missing(
            employer=m.employer_name, period=m.period, due_on=m.due_on
        )
        notifications_queue_many(
            list(
                _to_employer_and_brokers(
                    m.employer_id, brokers, "declaration_missing", subject, body, link
                )
            ),
            topic=topics[m.employer_id] if automatic else "",
        )
    return len(todo)


@transaction.atomic
def arrears_reminders_send(*, day: date) -> int:
    """The arrears notice (legal) to employers with calls unpaid past the grace period, once a
    month per employer; returns how many employers were told."""
    calls = call_list().filter(due_on__lt=day - ARREARS_GRACE, outstanding__gt=0).order_by()
    summary: dict[int, list] = {}
    for employer_id, name, outstanding, due_on in calls.values_list(
        "employer_id", "employer__name", "outstanding", "due_on"
    ):
        row = summary.setdefault(employer_id, [name, ZERO, 0, due_on])
        row[1] += Decimal(outstanding)
        row[2] += 1
        row[3] = min(row[3], due_on)
    topics = {pk: f"arrears:{pk}:{day:%Y-%m}" for pk in summary}
    told = set(
        Notification.objects.filter(topic__in=topics.values()).values_list("topic", flat=True)
    )
    todo = [pk for pk in summary if topics[pk] not in told]
    brokers = _brokers_of(todo, day)
    link = reverse("portal:employer_calls")
    for pk in todo:
        name, outstanding, count, oldest = summary[pk]
        subject, body = texts.contribution_arrears(
            employer=name, outstanding=money(outstanding), calls=count, oldest_due=oldest
        )
        notifications_queue_many(
            list(
                _to_employer_and_brokers(
                    pk, brokers, "contribution_arrears", subject, body, link, legal=True
                )
            ),
            topic=topics[pk],
        )
    return len(todo)


def reminders_run(*, day: date) -> dict[str, int]:
    """The daily reminders (idempotent: run it as often as you like)."""
    return {
        "declarations": declaration_reminders_send(
            missing=declarations_missing(day=day), day=day, automatic=True
        ),
        "arrears": arrears_reminders_send(day=day),
    }


__all__ = ["DUE_DAY", "declarations_missing", "reminders_run"]
