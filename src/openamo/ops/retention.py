"""The retention policy: what is deleted or anonymised, and after how long (days, from the
settings `OPENAMO_RETENTION_*`, documented in docs/operations.md). Medical, claim, payment,
contribution and audit records are kept: they are accounting and legal records, and the audit
chain is never broken. Each rule is one query; `retention_apply` runs them in one transaction,
or only counts with `--dry-run`."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from openamo.api.models import ApiToken, IdempotentSubmission
from openamo.audit.models import AccessLog
from openamo.notifications.models import Notification
from openamo.portal.models import LoginFailure


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    action: str  # "supprimer" or "anonymiser"
    days: int

    def queryset(self, now):
        limit = now - timedelta(days=self.days)
        return QUERIES[self.key](limit)


QUERIES = {
    "login_failures": lambda limit: LoginFailure.objects.filter(at__lt=limit),
    "sessions": lambda limit: Session.objects.filter(expire_date__lt=limit),
    "idempotency": lambda limit: IdempotentSubmission.objects.filter(created_at__lt=limit),
    "revoked_tokens": lambda limit: ApiToken.objects.filter(revoked_at__lt=limit),
    "read_log_addresses": lambda limit: AccessLog.objects.filter(
        created_at__lt=limit, source_ip__isnull=False
    ),
    "sent_notifications": lambda limit: Notification.objects.filter(sent_at__lt=limit).exclude(
        body=ERASED
    ),
}
ERASED = "(message effacé après sa durée de conservation)"
ANONYMISE = {
    "read_log_addresses": {"source_ip": None},
    "sent_notifications": {"subject": "", "body": ERASED},
}


def retention_rules() -> list[Rule]:
    days = settings.OPENAMO_RETENTION_DAYS
    return [
        Rule("login_failures", "échecs de connexion", "supprimer", days["login_failures"]),
        Rule("sessions", "sessions expirées", "supprimer", days["sessions"]),
        Rule(
            "idempotency",
            "réponses mémorisées des dépôts (idempotence)",
            "supprimer",
            days["idempotency"],
        ),
        Rule("revoked_tokens", "jetons d'API révoqués", "supprimer", days["revoked_tokens"]),
        Rule(
            "read_log_addresses",
            "adresses IP du journal des lectures",
            "anonymiser",
            days["read_log_addresses"],
        ),
        Rule(
            "sent_notifications",
            "texte des notifications envoyées",
            "anonymiser",
            days["sent_notifications"],
        ),
    ]


def retention_apply(*, dry_run: bool, now=None) -> list[tuple[Rule, int]]:
    """(rule, rows affected or that would be) for every rule; nothing written on a dry run."""
    now = now or timezone.now()
    done = []
    with transaction.atomic():
        for rule in retention_rules():
            rows = rule.queryset(now)
            if dry_run:
                count = rows.count()
            elif rule.action == "anonymiser":
                count = rows.update(**ANONYMISE[rule.key])
            else:
                count = rows.count()
                rows.delete()
            done.append((rule, count))
    return done
