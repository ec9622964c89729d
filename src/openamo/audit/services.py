"""Writing the audit trail and the read log. Callers run these inside their own transaction,
so an entry exists exactly when the change it records was committed."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from openamo.core.bulk import rows_insert

from .chain import GENESIS, Link, canonical, chain_break, text_hash
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


def _prepared(changes: Sequence[Change], user, who: str) -> list[tuple[tuple, str]]:
    """Each entry's row (ENTRY_FIELDS but the two hashes) and canonical text, made before the
    chain's lock is taken, so that the lock is held only to chain the hashes and insert."""
    now = timezone.now()
    stamp, actor_id = now.isoformat(), user.pk if user is not None else None
    types = ContentType.objects.get_for_models(*{type(c.obj) for c in changes})
    prepared = []
    for change in changes:
        payload = {
            "created_at": stamp,
            "actor": actor_id,
            "actor_label": who,
            "action": str(change.action),
            "object_type": types[type(change.obj)].pk,
            "object_id": str(change.obj.pk),
            "object_repr": str(change.obj)[:200],
            "changes": _jsonable(change.changes),
            "reason": (change.reason or "")[:300],
        }
        row = (now, actor_id, *(payload[k] for k in list(payload)[2:]))
        prepared.append((row, canonical(payload)))
    return prepared


def _chained(prepared: list[tuple[tuple, str]], previous: str) -> list[tuple]:
    rows = []
    for row, text in prepared:
        digest = text_hash(previous, text)
        rows.append((*row, previous, digest))
        previous = digest
    return rows


def _insert(rows: list[tuple]) -> None:
    """A batch of entries in one statement: COPY on PostgreSQL, executemany elsewhere (the
    ORM's bulk_create costs more than the adjudication of the chunk it records)."""
    if connection.vendor == "postgresql":
        rows_insert(AuditEntry, ENTRY_FIELDS, rows)
        return
    meta, ops = AuditEntry._meta, connection.ops
    columns = ", ".join(ops.quote_name(meta.get_field(f).column) for f in ENTRY_FIELDS)
    marks = ", ".join(["%s"] * len(ENTRY_FIELDS))
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
    stamp = ops.adapt_datetimefield_value(rows[0][0])
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(stamp, *row[1:7], json.dumps(row[7]), *row[8:]) for row in rows])


def _locked_write(changes: Sequence[Change], user, label: str, insert) -> None:
    user = user if getattr(user, "is_authenticated", False) else None
    if user is None and not label:
        user, label = current_actor()
    prepared = _prepared(changes, user, (label or actor_label(user))[:150])
    # no savepoint: a failed audit write must fail the caller's whole transaction anyway
    with transaction.atomic(savepoint=False):
        head = _head_locked()
        rows = _chained(prepared, head.last_hash)
        result = insert(rows)
        head.last_hash = rows[-1][-1]
        head.save(update_fields=["last_hash"])
    return result


def audit_write_many(*, user=None, label: str = "", changes: Sequence[Change]) -> int:
    """Record several writes at once (a batch: one lock, one insert), chained after the
    current head; how many were written. The head stays locked until the caller's
    transaction ends, so entries chain in commit order."""
    if not changes:
        return 0
    _locked_write(changes, user, label, _insert)
    return len(changes)


def audit_write(
    *, obj, action: str, changes: dict | None = None, user=None, label: str = "", reason: str = ""
) -> AuditEntry:
    """Record one write on one object."""
    change = Change(obj, action, changes or {}, reason)

    def create(rows):
        return AuditEntry.objects.create(**dict(zip(ENTRY_FIELDS, rows[0], strict=True)))

    return _locked_write([change], user, label, create)


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
    return audit_write(
        obj=obj, action=change.action, changes=change.changes, user=user, label=label, reason=reason
    )


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
