"""The bank transfer file (fichier de virements) of a run, and the bank's return file. Pure.

Transfer file: CSV in UTF-8, `;` separator, one header line, one line per order, then one
total line. Columns: `reference_ordre;donneur_ordre;rib_donneur_ordre;rib_beneficiaire;
nom_beneficiaire;montant;libelle`. Amounts have a dot and two decimals (`1234.50`); the total
line reads `TOTAL;<donneur>;<rib>;;<n> virements;<sum>;<run reference>`. A text cell that a
spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`, as the
exports do, so a beneficiary named `=HYPERLINK(...)` cannot act when the file is opened.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openamo.core.money import ZERO, money

HEADER = (
    "reference_ordre",
    "donneur_ordre",
    "rib_donneur_ordre",
    "rib_beneficiaire",
    "nom_beneficiaire",
    "montant",
    "libelle",
)
LABEL_MAX = 70
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Transfer:
    reference: str
    rib: str
    name: str
    amount: Decimal
    label: str


def _clean(text: str) -> str:
    text = " ".join(str(text).replace(";", ",").split())
    return "'" + text if text.startswith(FORMULA_START) else text


def transfer_file(
    *, run_reference: str, payer_name: str, payer_rib: str, transfers: Sequence[Transfer]
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    total = ZERO
    for t in transfers:
        amount = money(t.amount)
        total += amount
        writer.writerow(
            [
                _clean(t.reference),
                _clean(payer_name),
                _clean(payer_rib),
                _clean(t.rib),
                _clean(t.name)[:100],
                f"{amount:.2f}",
                _clean(t.label)[:LABEL_MAX],
            ]
        )
    writer.writerow(
        [
            "TOTAL",
            _clean(payer_name),
            _clean(payer_rib),
            "",
            f"{len(transfers)} virements",
            f"{money(total):.2f}",
            _clean(run_reference),
        ]
    )
    return out.getvalue()


def transfer_file_totals(text: str) -> tuple[int, Decimal]:
    """Count and sum of the detail lines (to check them against the run and the total line)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    details = [r for r in rows[1:] if r and r[0] != "TOTAL"]
    return len(details), money(sum((Decimal(r[5]) for r in details), ZERO))


RETURN_COLUMNS = ("reference_ordre", "statut", "motif")
PAID_WORDS = {"paye", "payé", "execute", "exécuté", "ok"}
REJECTED_WORDS = {"rejete", "rejeté", "rejet", "ko"}


@dataclass(frozen=True)
class ReturnLine:
    line: int
    reference: str
    paid: bool
    reason: str
    bank_reference: str = ""


def return_status(word: str) -> bool | None:
    """True for paid, False for rejected, None when the word is neither."""
    word = word.strip().lower()
    if word in PAID_WORDS:
        return True
    if word in REJECTED_WORDS:
        return False
    return None
