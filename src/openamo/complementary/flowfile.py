"""The base fund's flow file (docs/complementary.md): parsing and checking its lines. Pure: no
Django, no I/O (bytes in, rows or errors out).

UTF-8 CSV, `;` separated, one header line, then one line per settled base statement line:
dossier;ligne;immatriculation;rang;date_soins;facture;rembourse_amo
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from openamo.core.tabular import Limits, limits_configured

HEADER = ("dossier", "ligne", "immatriculation", "rang", "date_soins", "facture", "rembourse_amo")


@dataclass(frozen=True)
class FlowRow:
    row: int  # line number in the file (the header is line 1)
    claim: str
    number: int
    registration: str
    rank: int
    care_date: date
    charged: Decimal
    reimbursed: Decimal

    @property
    def key(self) -> tuple[str, int]:
        return self.claim, self.number


MAX_AMOUNT = Decimal("999999999999.99")  # what a money column holds (12 digits, 2 places)
MAX_REFERENCE = 30  # a claim's reference column
MAX_NUMBER = 6  # digits of a statement line number or a rank
MAX_REGISTRATION = 12  # a registration number column


def _amount(text: str) -> Decimal:
    text = text.strip().replace(",", ".")
    if not text.isascii():  # Decimal() takes any script's digits
        raise InvalidOperation
    value = Decimal(text)
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise InvalidOperation
    if value != value.quantize(Decimal("0.01")):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def _digits(text: str, most: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= most


def _row(n: int, cells: list[str]) -> FlowRow:
    claim, number, registration, rank, day, charged, reimbursed = (c.strip() for c in cells)
    if not claim:
        raise ValueError("référence de dossier vide")
    if len(claim) > MAX_REFERENCE or not claim.isprintable():
        raise ValueError(f"référence de dossier invalide ({MAX_REFERENCE} caractères au plus)")
    try:
        parsed_day = date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        parsed_day = None
    if parsed_day is None:
        raise ValueError(f"date_soins invalide : {day[:20]!r} (AAAA-MM-JJ)")
    try:
        amounts = _amount(charged), _amount(reimbursed)
    except (InvalidOperation, ValueError):
        raise ValueError(
            f"montant invalide (facture ou rembourse_amo : positif, {MAX_AMOUNT} au plus, "
            "2 décimales)"
        ) from None
    if not (
        _digits(number, MAX_NUMBER)
        and _digits(rank, MAX_NUMBER)
        and _digits(registration, MAX_REGISTRATION)
    ):
        raise ValueError("ligne, immatriculation et rang sont des nombres")
    return FlowRow(n, claim, int(number), registration, int(rank), parsed_day, *amounts)


def _lines(text: str) -> list[str]:
    """The file's lines as an editor numbers them (\\n, \\r\\n or \\r ends a line; other
    separators such as \\x85 or \\u2028 stay inside their line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def flow_parse(content: bytes, limits: Limits | None = None) -> tuple[list[FlowRow], list[str]]:
    """Every row, or every error (with its line number as an editor shows it, blank lines
    counted); an empty file is an error. The file is capped in bytes and lines first."""
    limits = limits or limits_configured()
    if len(content) > limits.bytes:
        return [], [f"fichier trop volumineux ({limits.bytes // 1024} Ko au plus)"]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["fichier illisible : encodage UTF-8 attendu"]
    numbered = [(n, line) for n, line in enumerate(_lines(text), start=1) if line.strip()]
    if len(numbered) > limits.rows + 1:
        return [], [f"fichier trop long : {limits.rows} lignes au plus"]
    if not numbered or tuple(c.strip().lower() for c in numbered[0][1].split(";")) != HEADER:
        where = numbered[0][0] if numbered else 1
        return [], [f"ligne {where} : en-tête attendu « {';'.join(HEADER)} »"]
    rows, errors, seen = [], [], set()
    for n, line in numbered[1:]:
        cells = line.split(";")
        if len(cells) != len(HEADER):
            errors.append(f"ligne {n} : {len(HEADER)} colonnes attendues, {len(cells)} reçues")
            continue
        try:
            row = _row(n, cells)
        except ValueError as exc:
            errors.append(f"ligne {n} : {exc}")
            continue
        if row.key in seen:
            errors.append(f"ligne {n} : ligne {row.number} du dossier {row.claim} en double")
            continue
        seen.add(row.key)
        rows.append(row)
    if not rows and not errors:
        errors.append("fichier sans ligne")
    return rows, errors
