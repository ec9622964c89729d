"""Storing an upload: checked by size and content, named safely, fingerprinted, kept behind the
storage API. Called inside the parent object's transaction (one write, the parent's).

Files are stored under their SHA-256 (`sha256/ab/abcdef…`): the same content sent twice is
kept once, and a file written by a transaction that then rolls back is only an unreferenced
copy, never a half-written row.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from . import checks
from .config import DEFAULT_MAX_BYTES
from .models import Document, document_storage


def max_bytes() -> int:
    return getattr(settings, "OPENAMO_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def upload_check(upload, *, field: str = "file", kinds: tuple[str, ...] = ()) -> checks.Kind:
    """The kind of an upload (Django's `UploadedFile`), or a ValidationError on `field` with
    the French sentence: the size is told before a byte is read. `kinds` narrows the
    accepted kinds (e.g. a scan: PDF, JPEG, PNG)."""
    try:
        checks.check_size(upload.name, upload.size, max_bytes=max_bytes())
        kind = checks.check(upload.name, _read(upload), max_bytes=max_bytes())
    except checks.Refused as exc:
        raise ValidationError({field: str(exc)}) from None
    if kinds and kind.code not in kinds:
        accepted = ", ".join(checks.KINDS[k].label for k in kinds)
        raise ValidationError(
            {
                field: f"« {checks.sanitise(upload.name)} » est un fichier {kind.label} : ici, "
                f"seuls les fichiers {accepted} sont acceptés."
            }
        )
    return kind


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    upload.seek(0)
    return data


def document_store(
    *,
    upload,
    owner,
    user=None,
    beneficiary_id: int | None = None,
    field: str = "file",
    kinds: tuple[str, ...] = (),
    now=None,
) -> Document:
    """Check the upload, keep its bytes, and record it as belonging to `owner`."""
    kind = upload_check(upload, field=field, kinds=kinds)
    data = _read(upload)
    digest = hashlib.sha256(data).hexdigest()
    storage = document_storage()
    path = f"sha256/{digest[:2]}/{digest}"
    if not storage.exists(path):
        upload.seek(0)
        stored = storage.save(path, upload)
        if stored != path:  # written concurrently by another upload of the same content
            storage.delete(stored)
    return Document.objects.create(
        path=path,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        name=checks.sanitise(upload.name, kind=kind),
        kind=kind.code,
        mime=kind.mime,
        size=len(data),
        sha256=digest,
        beneficiary_id=beneficiary_id,
        uploaded_at=now or timezone.now(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )


def documents_of(owner) -> QuerySet[Document]:
    return Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    )


def documents_by_owner(model, owner_ids: Iterable[int]) -> dict[int, list[Document]]:
    """The documents of many owners of one model, in one query (for a thread, a list)."""
    rows = Document.objects.filter(
        owner_type=ContentType.objects.get_for_model(model), owner_id__in=list(owner_ids)
    )
    found: dict[int, list[Document]] = {}
    for document in rows:
        found.setdefault(document.owner_id, []).append(document)
    return found
