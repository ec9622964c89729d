"""Everything stored about one person, for the access right of Morocco's law 09-08 (article 7):
the member, their dependents and beneficiaries, then every row that points at one of them
(rights, exemptions, claims and their lines and statements, authorisations, payments,
notifications, complaints, read log...), found generically by following the reverse relations
of the models, so a model added later is exported without touching this file. The audit
entries about any of these rows are added. Historical copies (simple_history) are left out:
they repeat the rows. Read-only: a selector, it writes nothing."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from openamo.audit.models import AuditEntry
from openamo.members.models import Member

MAX_DEPTH = 4
SKIPPED_APPS = {"contenttypes", "auth", "sessions", "admin"}


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes):
        return value.hex()
    return value


def _row(obj: models.Model) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation:
            data[field.attname] = getattr(obj, field.attname)
            if field.choices is None and (related := getattr(obj, field.name, None)) is not None:
                data[field.name] = str(related)
        else:
            data[field.name] = _value(getattr(obj, field.attname))
        if field.choices and not field.is_relation:
            data[f"{field.name}_libelle"] = str(getattr(obj, f"get_{field.name}_display")())
    return data


def _children(objs: list[models.Model]):
    """The rows of every model holding a foreign key (or one-to-one) to one of `objs`."""
    if not objs:
        return
    model = type(objs[0])
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)  # related_name="+" too
        if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)
    ]
    for relation in relations:
        related = relation.related_model
        if related._meta.app_label in SKIPPED_APPS or related.__name__.startswith("Historical"):
            continue
        if relation.many_to_many:
            continue
        field = relation.field.name
        yield from related._default_manager.filter(**{f"{field}__in": objs}).order_by("pk")


def person_data(*, registration_number: str) -> dict:
    """The JSON-ready export, keyed by model (`app.model`), each row with its fields."""
    member = Member.objects.get(registration_number=registration_number)
    found: dict[type, dict[int, models.Model]] = defaultdict(dict)
    found[Member][member.pk] = member
    frontier = [member]
    for _ in range(MAX_DEPTH):
        by_model: dict[type, list] = defaultdict(list)
        for obj in frontier:
            by_model[type(obj)].append(obj)
        frontier = []
        for objs in by_model.values():
            for child in _children(objs):
                if child.pk not in found[type(child)]:
                    found[type(child)][child.pk] = child
                    frontier.append(child)
    audit = AuditEntry.objects.none()
    for model, rows in found.items():
        kind = ContentType.objects.get_for_model(model)
        audit = audit | AuditEntry.objects.filter(
            object_type=kind, object_id__in=[str(pk) for pk in rows]
        )
    data = {
        f"{model._meta.app_label}.{model._meta.model_name}": [_row(o) for o in rows.values()]
        for model, rows in sorted(found.items(), key=lambda item: item[0]._meta.label)
    }
    data["audit.auditentry"] = [_row(entry) for entry in audit.order_by("pk")]
    return {
        "registration_number": registration_number,
        "exported_at": datetime.now().astimezone().isoformat(),
        "legal_basis": "loi 09-08, article 7 (droit d'accès)",
        "data": data,
    }
