"""The files attached to an ALD request: a size and type check, then Django's default storage.

The type is judged on the file's first bytes (PDF, PNG or JPEG), not on the name the browser
sends, so a renamed executable is refused whatever it is called.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


@dataclass(frozen=True)
class Upload:
    """One file as received: its document type code, its name and a file-like object."""

    document_type: str
    name: str
    file: object  # an UploadedFile or any file-like object with read/seek/size


def content_type_of(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def upload_check(upload: Upload, *, max_bytes: int, field: str) -> tuple[str, int]:
    """The content type and size of an acceptable file; a ValidationError naming the field
    otherwise."""
    size = getattr(upload.file, "size", None)
    if size is None:
        upload.file.seek(0, 2)
        size = upload.file.tell()
    upload.file.seek(0)
    if size == 0:
        raise ValidationError({field: f"« {upload.name} » est vide"})
    if size > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise ValidationError({field: f"« {upload.name} » dépasse la taille maximale ({limit} Mo)"})
    content_type = content_type_of(upload.file.read(8))
    upload.file.seek(0)
    if content_type is None:
        raise ValidationError({field: f"« {upload.name} » n'est ni un PDF ni une image PNG/JPEG"})
    return content_type, size
