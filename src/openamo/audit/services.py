"""Writing the audit trail and the read log. Callers run these inside their own transaction,
so an entry exists exactly when the change it records was committed."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from openamo.core.bulk import rows_insert

from .chain import GENESIS, Link, chain_break, entry_hash
from .context import current_actor
from .models import AccessLog, AuditAction, AuditEntry, AuditHead


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


ENTRY_FIELDS = (
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type_id",
    "object_id",
    "object_repr",
    "changes",
    "reason",
    "previous_hash",
    "hash",
)


def _head_locked() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def audit_write_many(*, user=None, label: str = "", changes: Sequence[Change]) -> list[AuditEntry]:
    """Record several writes at once (a batch: one lock, one bulk insert), chained after the
    current head. The head stays locked until the caller's transaction ends, so entries chain
    in commit order."""
    if not changes:
        return []
    now = timezone.now()
    user = user if getattr(user, "is_authenticated", False) else None
    if user is None and not label:
        user, label = current_actor()
    who = (label or actor_label(user))[:150]
    with transaction.atomic():
        head = _head_locked()
        previous = head.last_hash
        entries = []
        types = ContentType.objects.get_for_models(*{type(c.obj) for c in changes})
        for change in changes:
            entry = AuditEntry(
                created_at=now,
                actor=user,
                actor_label=who,
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
        rows = [tuple(getattr(e, f) for f in ENTRY_FIELDS) for e in entries]
        for entry, pk in zip(
            entries, rows_insert(AuditEntry, ENTRY_FIELDS, rows, with_ids=True), strict=True
        ):
            entry.pk = pk
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


def snapshot(obj, fields: Iterable[str] | None = None) -> dict:
    """The values of an object's concrete fields by field name (foreign keys as their id), taken
    before a write so that `audit_change` can record old → new."""
    meta = obj._meta
    chosen = [meta.get_field(f) for f in fields] if fields else meta.concrete_fields
    return {f.name: getattr(obj, f.attname) for f in chosen if f.concrete and not f.primary_key}


def change_of(obj, before: dict | None = None, *, reason: str = "", extra=None) -> Change:
    """The `Change` of one write: a creation (all filled fields) when `before` is None, else the
    fields that differ from `before`; a changed status makes it a transition."""
    after = snapshot(obj, before.keys() if before else None)
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [], {})}
        action = AuditAction.CREATE
    else:
        changes = field_changes(before, after)
        action = AuditAction.TRANSITION if "status" in changes else AuditAction.UPDATE
    changes.update(extra or {})
    return Change(obj, action, changes, reason)


def status_changes(objs: Iterable, old, new, *, reason: str = "", **fields) -> list[Change]:
    """The same status move (and the same other new values) on many objects: a batch step."""
    values = {"status": [old, new], **{k: [None, v] for k, v in fields.items()}}
    return [Change(obj, AuditAction.TRANSITION, values, reason) for obj in objs]


def value_changes(objs: Iterable, before: dict, name: str, value, *, reason="") -> list[Change]:
    """One computed value per object (e.g. a beneficiary's rights periods) compared with its
    value before (by pk): a change only where it moved."""
    changes = []
    for obj in objs:
        old, new = before.get(obj.pk), value(obj)
        if old != new:
            changes.append(Change(obj, AuditAction.UPDATE, {name: [old, new]}, reason))
    return changes


def audit_change(
    obj, before: dict | None = None, *, user=None, label: str = "", reason: str = "", extra=None
) -> AuditEntry:
    """One line in a service: record the write on `obj` (see `change_of`)."""
    change = change_of(obj, before, reason=reason, extra=extra)
    return audit_write_many(user=user, label=label, changes=[change])[0]


def _jsonable(changes: dict) -> dict:
    def plain(value):
        if value is None or isinstance(value, bool | int | str):
            return value
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return str(value)

    return {k: [plain(v[0]), plain(v[1])] for k, v in changes.items()}


@dataclass
class ChainCheck:
    """The outcome of a walk over the chain: how many entries were read, the first broken one,
    and whether the head still names the last entry (a deleted tail shows there)."""

    count: int = 0
    broken: AuditEntry | None = None
    head_ok: bool = True


def audit_chain_check(entries: Iterable[AuditEntry] | None = None) -> ChainCheck:
    """Walk the chain in id order, streamed (a few thousand rows in memory at a time)."""
    rows = entries if entries is not None else AuditEntry.objects.order_by("id").iterator(2000)
    check, last = ChainCheck(), [None]

    def links():
        for entry in rows:
            check.count += 1
            last[0] = entry
            yield Link(entry.id, _payload(entry), entry.previous_hash, entry.hash)

    if chain_break(links()) is not None:
        check.broken = last[0]
    elif entries is None:
        head = AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
        check.head_ok = (head or GENESIS) == (last[0].hash if last[0] else GENESIS)
    return check


def audit_verify(entries: Iterable[AuditEntry] | None = None) -> AuditEntry | None:
    """The first entry whose hash does not follow from its content and its predecessor."""
    return audit_chain_check(entries).broken


def access_record(
    *,
    request=None,
    user=None,
    what: str,
    beneficiary=None,
    beneficiary_id: int | None = None,
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
    beneficiary_id = beneficiary.pk if beneficiary is not None else beneficiary_id
    return AccessLog.objects.create(
        created_at=timezone.now(),
        user=user,
        actor_label=(label or actor_label(user, "anonyme"))[:150],
        provider_inpe=provider_inpe,
        beneficiary_id=beneficiary_id,
        what=what,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        where=(where or (request.path if request is not None else ""))[:200],
        found=found,
        source_ip=ip,
    )
