"""Writing the audit trail and the read log. Callers run these inside their own transaction,
so an entry exists exactly when the change it records was committed."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .chain import GENESIS, Link, chain_break, entry_hash
from .models import AccessLog, AuditEntry, AuditHead


@dataclass
class Change:
    """One write to record: the object, the action and its fields' [old, new] values."""

    obj: object
    action: str
    changes: dict = field(default_factory=dict)
    reason: str = ""


def actor_label(user, fallback: str = "traitement automatique") -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return fallback
    return user.get_username()


def _payload(entry: AuditEntry) -> dict:
    return {
        "created_at": entry.created_at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "reason": entry.reason,
    }


def audit_write_many(*, user=None, label: str = "", changes: Sequence[Change]) -> list[AuditEntry]:
    """Record several writes at once (a batch), chained after the current head under lock."""
    if not changes:
        return []
    now = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    who = label or actor_label(user)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
            head = AuditHead.objects.select_for_update().get(pk=1)
        previous = head.last_hash
        entries = []
        types = ContentType.objects.get_for_models(*{type(c.obj) for c in changes})
        for change in changes:
            entry = AuditEntry(
                created_at=now,
                actor=user,
                actor_label=who[:150],
                action=change.action,
                object_type=types[type(change.obj)],
                object_id=str(change.obj.pk),
                object_repr=str(change.obj)[:200],
                changes=_jsonable(change.changes),
                reason=(change.reason or "")[:300],
                previous_hash=previous,
            )
            entry.hash = previous = entry_hash(previous, _payload(entry))
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        head.last_hash = previous
        head.save(update_fields=["last_hash"])
    return entries


def audit_write(
    *, obj, action: str, changes: dict | None = None, user=None, label: str = "", reason: str = ""
) -> AuditEntry:
    """Record one write on one object."""
    return audit_write_many(
        user=user, label=label, changes=[Change(obj, action, changes or {}, reason)]
    )[0]


def field_changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _jsonable(changes: dict) -> dict:
    def plain(value):
        if value is None or isinstance(value, bool | int | str):
            return value
        if hasattr(value, "pk"):
            return value.pk
        return str(value)

    return {k: [plain(v[0]), plain(v[1])] for k, v in changes.items()}


def audit_verify(entries: Iterable[AuditEntry] | None = None) -> AuditEntry | None:
    """The first entry whose hash does not follow from its content and its predecessor."""
    rows = entries if entries is not None else AuditEntry.objects.order_by("id").iterator(2000)
    by_seq = {}

    def links():
        for entry in rows:
            by_seq[entry.id] = entry
            yield Link(entry.id, _payload(entry), entry.previous_hash, entry.hash)

    broken = chain_break(links())
    return by_seq[broken.seq] if broken else None


def access_record(
    *,
    request=None,
    user=None,
    what: str,
    beneficiary=None,
    obj=None,
    where: str = "",
    found: bool = True,
    provider_inpe: str = "",
    label: str = "",
) -> AccessLog:
    """Log one read of personal or medical data (who, whom, when, from which page or call)."""
    user = user if user is not None else getattr(request, "user", None)
    user = user if getattr(user, "is_authenticated", False) else None
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AccessLog.objects.create(
        created_at=timezone.now(),
        user=user,
        actor_label=(label or actor_label(user, "anonyme"))[:150],
        provider_inpe=provider_inpe,
        beneficiary=beneficiary,
        what=what,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        where=(where or (request.path if request is not None else ""))[:200],
        found=found,
        source_ip=ip,
    )
