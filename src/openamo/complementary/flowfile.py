"""The base fund's flow file (see docs/amc_flow.md): parsing and checking its lines. Pure: no
Django, no I/O (bytes in, rows or errors out).

UTF-8 CSV, `;` separated, one header line, then one line per settled base statement line:
dossier;ligne;immatriculation;rang;date_soins;facture;rembourse_amo
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

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


def _amount(text: str) -> Decimal:
    value = Decimal(text.strip().replace(",", "."))
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


def _row(n: int, cells: list[str]) -> FlowRow:
    claim, number, registration, rank, day, charged, reimbursed = (c.strip() for c in cells)
    if not claim:
        raise ValueError("référence de dossier vide")
    try:
        parsed_day = date.fromisoformat(day)
    except ValueError:
        raise ValueError(f"date_soins invalide : {day!r} (AAAA-MM-JJ)") from None
    try:
        amounts = _amount(charged), _amount(reimbursed)
    except (InvalidOperation, ValueError):
        raise ValueError("montant invalide (facture ou rembourse_amo)") from None
    if not (number.isdigit() and rank.isdigit() and registration.isdigit()):
        raise ValueError("ligne, immatriculation et rang sont des nombres")
    return FlowRow(n, claim, int(number), registration, int(rank), parsed_day, *amounts)


def flow_parse(content: bytes) -> tuple[list[FlowRow], list[str]]:
    """Every row, or every error (with its line number); an empty file is an error."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["fichier illisible : encodage UTF-8 attendu"]
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or tuple(c.strip().lower() for c in lines[0].split(";")) != HEADER:
        return [], [f"ligne 1 : en-tête attendu « {';'.join(HEADER)} »"]
    rows, errors, seen = [], [], set()
    for n, line in enumerate(lines[1:], start=2):
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
