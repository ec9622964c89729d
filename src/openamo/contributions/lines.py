"""Declaration lines as text (a file row or a form row) → checked values. Pure: no Django.

Columns (header lower-cased by the reader):
- `immatriculation` and/or `cin`: who (at least one; when both are given they must agree);
- `salaire_brut`: gross salary, or basic pension for retirees, in DH (`1234.50` or `1 234,50`);
- `jours`: days declared for the month, a whole number from 0 to MAX_DAYS (26);
- `statut` (optional): actif / retraité / volontaire; empty = the member's status.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openamo.core.money import MAX_AMOUNT

ID_COLUMNS = ("immatriculation", "cin")
SALARY = "salaire_brut"
DAYS = "jours"
STATUS = "statut"
COLUMNS = (*ID_COLUMNS, SALARY, DAYS, STATUS)
REQUIRED = (SALARY, DAYS)

STATUS_WORDS = {
    "actif": "active",
    "active": "active",
    "retraite": "retired",
    "retraité": "retired",
    "retired": "retired",
    "volontaire": "voluntary",
    "voluntary": "voluntary",
}


@dataclass(frozen=True)
class ParsedLine:
    line: int
    registration_number: str
    cin: str
    salary: Decimal
    days: int
    status: str  # "" = the member's own


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str


def header_problems(columns: list[str]) -> list[Problem]:
    problems = []
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(Problem(1, ", ".join(missing), "colonne(s) absente(s) de l'en-tête"))
    if not any(c in columns for c in ID_COLUMNS):
        problems.append(
            Problem(1, "immatriculation, cin", "il faut la colonne immatriculation ou cin")
        )
    return problems


def parse_amount(text: str) -> Decimal:
    cleaned = text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"« {text} » n'est pas un montant") from exc
    if not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un montant")
    if value < 0:
        raise ValueError(f"montant négatif ({text})")
    if value > MAX_AMOUNT:
        raise ValueError(f"« {text} » : montant trop grand (au plus {MAX_AMOUNT} DH)")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"« {text} » : deux décimales au plus")
    return value.quantize(Decimal("0.01"))


def parse_days(text: str, max_days: int) -> int:
    try:
        days = int(text.strip())
    except ValueError as exc:
        raise ValueError(f"« {text} » n'est pas un nombre entier de jours") from exc
    if not 0 <= days <= max_days:
        raise ValueError(f"{days} jours : entre 0 et {max_days} attendu")
    return days


def parse_line(line: int, values: dict[str, str], *, max_days: int) -> ParsedLine | list[Problem]:
    """The checked line, or every problem found on it (one per column at most)."""
    problems: list[Problem] = []
    regno = values.get("immatriculation", "").strip()
    cin = values.get("cin", "").replace(" ", "").strip().upper()
    if not regno and not cin:
        problems.append(Problem(line, "immatriculation", "immatriculation ou CIN obligatoire"))
    salary = Decimal("0")
    text = values.get(SALARY, "").strip()
    if not text:
        problems.append(Problem(line, SALARY, "salaire obligatoire"))
    else:
        try:
            salary = parse_amount(text)
        except ValueError as exc:
            problems.append(Problem(line, SALARY, str(exc)))
    days = 0
    try:
        days = parse_days(values.get(DAYS, ""), max_days)
    except ValueError as exc:
        problems.append(Problem(line, DAYS, str(exc)))
    word = values.get(STATUS, "").strip().lower()
    status = STATUS_WORDS.get(word, "") if word else ""
    if word and not status:
        problems.append(
            Problem(line, STATUS, f"« {word} » : actif, retraité ou volontaire attendu")
        )
    if problems:
        return problems
    return ParsedLine(line, regno, cin, salary, days, status)
