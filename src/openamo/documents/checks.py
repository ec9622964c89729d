"""What an uploaded file is, told by its content and never by its name (pure: no Django, no
I/O beyond the bytes handed in).

Accepted: PDF, JPEG, PNG, XLSX (an Office Open XML workbook) and CSV (plain text with a
separator). Everything else is refused with a French sentence naming what was found, and a
name that claims another type than the content is refused too (an executable renamed `.pdf`).
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

PDF, JPEG, PNG, XLSX, CSV = "pdf", "jpeg", "png", "xlsx", "csv"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mime: str
    extensions: tuple[str, ...]


KINDS = {
    PDF: Kind(PDF, "PDF", "application/pdf", ("pdf",)),
    JPEG: Kind(JPEG, "JPEG", "image/jpeg", ("jpg", "jpeg")),
    PNG: Kind(PNG, "PNG", "image/png", ("png",)),
    XLSX: Kind(
        XLSX,
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("xlsx",),
    ),
    CSV: Kind(CSV, "CSV", "text/csv", ("csv",)),
}
ACCEPTED = "PDF, JPEG, PNG, XLSX ou CSV"

# Signatures of what must never be accepted, whatever the name says.
EXECUTABLES = (
    (b"MZ", "un programme exécutable Windows"),
    (b"\x7fELF", "un programme exécutable Linux"),
    (b"\xcf\xfa\xed\xfe", "un programme exécutable macOS"),
    (b"\xce\xfa\xed\xfe", "un programme exécutable macOS"),
    (b"\xca\xfe\xba\xbe", "un programme exécutable macOS ou Java"),
    (b"#!", "un script exécutable"),
)
OTHERS = (
    (b"PK\x03\x04", "une archive ZIP"),
    (b"Rar!", "une archive RAR"),
    (b"7z\xbc\xaf", "une archive 7-Zip"),
    (b"\x1f\x8b", "une archive GZIP"),
    (b"\xd0\xcf\x11\xe0", "un document Office ancien format (DOC, XLS)"),
    (b"GIF8", "une image GIF"),
    (b"<", "une page HTML ou un fichier XML"),
    (b"{\\rtf", "un document RTF"),
)
HEAD = 8192  # bytes read to recognise a text file


class Refused(ValueError):
    """The file may not be kept; the message is the French sentence the user reads."""


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def _text_kind(head: bytes) -> str | None:
    """CSV: text without control characters (UTF-8, or the Windows code page of old
    spreadsheets) whose first line holds a separator."""
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the head's end
            text = head[: exc.start].decode("utf-8")
        else:
            text = head.decode("cp1252", errors="replace")
    text = text.removeprefix("\ufeff")
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return None
    first = text.split("\n", 1)[0]
    return CSV if any(sep in first for sep in (";", ",", "\t")) else None


def identify(data: bytes) -> tuple[str | None, str]:
    """(the accepted kind of these bytes, "") or (None, what they are, in French)."""
    for magic, what in EXECUTABLES:
        if data.startswith(magic):
            return None, what
    for magic, kind in ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)):
        if data.startswith(magic):
            return kind, ""
    if data.startswith(b"PK\x03\x04"):
        return (XLSX, "") if _zip_kind(data) == XLSX else (None, "une archive ZIP")
    for magic, what in OTHERS:
        if data.lstrip().startswith(magic):
            return None, what
    if _text_kind(data[:HEAD]) == CSV:
        return CSV, ""
    return None, "un fichier d'un type non reconnu"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_size(name: str, size: int, *, max_bytes: int) -> None:
    """Told before reading the file: `Refused` when it is empty or beyond the limit."""
    if size <= 0:
        raise Refused(f"« {sanitise(name)} » est vide.")
    if size > max_bytes:
        raise Refused(
            f"« {sanitise(name)} » pèse {size_label(size)} : la limite est de "
            f"{size_label(max_bytes)} par fichier."
        )


def check(name: str, data: bytes, *, max_bytes: int) -> Kind:
    """The kind of an upload, or `Refused` with the sentence to show."""
    check_size(name, len(data), max_bytes=max_bytes)
    code, what = identify(data)
    if code is None:
        raise Refused(
            f"« {sanitise(name)} » est refusé : son contenu est {what}, quel que soit son nom. "
            f"Seuls les fichiers {ACCEPTED} sont acceptés."
        )
    kind, ext = KINDS[code], extension(name)
    if ext and ext not in kind.extensions and ext in _ALL_EXTENSIONS:
        raise Refused(
            f"« {sanitise(name)} » est refusé : son nom annonce un fichier {ext.upper()} "
            f"mais son contenu est un fichier {kind.label}."
        )
    return kind


_ALL_EXTENSIONS = {e for k in KINDS.values() for e in k.extensions}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sanitise(name: str, *, kind: Kind | None = None, limit: int = 100) -> str:
    """A file name safe on every disk and in every header: no directory, accents folded, only
    letters, digits, dots, dashes and underscores, no leading dot; with `kind`, the extension
    is the content's."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = folded.rsplit(".", 1)[0] if "." in folded and kind is not None else folded
    stem = _UNSAFE.sub("_", stem).strip("._-") or "document"
    stem = re.sub(r"_{2,}", "_", stem)
    if kind is None:
        return stem[:limit]
    ext = extension(folded)
    ext = ext if ext in kind.extensions else kind.extensions[0]
    return f"{stem[: limit - len(ext) - 1]}.{ext}"


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",").replace(",0 Mo", " Mo")
    if size >= 1024:
        return f"{size // 1024} Ko"
    return f"{size} octets"
