"""Claim files in bulk: a JSON Lines file, one claim per line (format in docs/claims.md).

The whole file is validated first; if any record is bad, nothing is registered and every bad
record is named by its line and field. Records carrying an idempotency key already registered
are skipped, so a file sent twice registers its claims once.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from openamo.core.importing import LineError
from openamo.core.money import MAX_AMOUNT
from openamo.core.tabular import TabularError, limits_configured
from openamo.members.models import Beneficiary

from .models import Channel, Claim, ClaimLine
from .services import LineInput, claim_submit, line_problems

LINE_FIELDS = {
    "kind",
    "code",
    "care_date",
    "executor_inpe",
    "coefficient",
    "quantity",
    "charged",
    "prescriber_inpe",
    "prescribed_quantity",
    "prescription_date",
    "ald_code",
    "authorization_ref",
}


@dataclass
class IntakeResult:
    registered: int = 0
    skipped: int = 0
    errors: list[LineError] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message


def _date(value, column: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError) as exc:
        raise _Bad(column, f"date attendue au format AAAA-MM-JJ, reçu « {value} »") from exc


def _decimal(value, column: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise _Bad(column, f"nombre attendu, reçu « {str(value)[:40]} »") from exc
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        raise _Bad(column, f"nombre hors limites (au plus {MAX_AMOUNT})")
    return number


def _or_one(number: Decimal | None) -> Decimal:
    """A coefficient or quantity left out counts one; a zero given stays zero (and is refused
    later as not positive) — `number or 1` would have turned a written 0 into 1."""
    return Decimal(1) if number is None else number


def _text(raw: dict, name: str, where: str, model=ClaimLine) -> str:
    """The text of a field, refused when longer than its column."""
    value = raw.get(name)
    text = "" if value is None else str(value).strip()
    limit = model._meta.get_field(name).max_length
    if len(text) > limit:
        raise _Bad(f"{where}{name}", f"texte trop long ({len(text)} caractères, au plus {limit})")
    return text


def _line(raw: dict, n: int) -> LineInput:
    where = f"lines.{n}"
    if not isinstance(raw, dict):
        raise _Bad(where, "objet JSON attendu")
    unknown = set(raw) - LINE_FIELDS
    if unknown:
        raise _Bad(f"{where}.{sorted(unknown)[0]}", "champ inconnu")
    for required in ("kind", "code", "care_date", "executor_inpe"):
        if not raw.get(required):
            raise _Bad(f"{where}.{required}", "champ obligatoire")
    texts = {
        name: _text(raw, name, f"{where}.")
        for name in ("kind", "code", "executor_inpe", "prescriber_inpe", "ald_code")
    }
    return LineInput(
        kind=texts["kind"],
        code=texts["code"],
        care_date=_date(raw["care_date"], f"{where}.care_date"),
        executor_inpe=texts["executor_inpe"],
        coefficient=_or_one(_decimal(raw.get("coefficient"), f"{where}.coefficient")),
        quantity=_or_one(_decimal(raw.get("quantity"), f"{where}.quantity")),
        charged=_decimal(raw.get("charged"), f"{where}.charged"),
        prescriber_inpe=texts["prescriber_inpe"],
        prescribed_quantity=_decimal(
            raw.get("prescribed_quantity"), f"{where}.prescribed_quantity"
        ),
        prescription_date=_date(raw["prescription_date"], f"{where}.prescription_date")
        if raw.get("prescription_date")
        else None,
        ald_code=texts["ald_code"],
        authorization_ref=_text(raw, "authorization_ref", f"{where}."),
    )


def _record(text: str, beneficiaries: dict) -> dict:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Bad("", f"JSON invalide ({exc.msg}, colonne {exc.colno})") from exc
    except RecursionError as exc:
        raise _Bad("", "JSON trop imbriqué") from exc
    if not isinstance(raw, dict):
        raise _Bad("", "objet JSON attendu")
    try:
        rank = int(raw.get("rank", 0) or 0)
    except (TypeError, ValueError) as exc:
        raise _Bad("rank", "rang entier attendu") from exc
    key = (str(raw.get("registration_number", ""))[:40], rank)
    beneficiary = beneficiaries.get(key)
    if beneficiary is None:
        raise _Bad("registration_number", f"bénéficiaire inconnu : {key[0]} rang {key[1]}")
    channel = raw.get("channel", Channel.ELECTRONIC)
    if not isinstance(channel, str) or channel not in Channel.values:
        raise _Bad("channel", f"canal inconnu « {str(channel)[:40]} »")
    lines = raw.get("lines")
    if not isinstance(lines, list) or not lines:
        raise _Bad("lines", "au moins une ligne est attendue")
    deposit = _date(raw.get("deposit_date"), "deposit_date")
    parsed = [_line(item, n) for n, item in enumerate(lines, 1)]
    for n, line in enumerate(parsed, 1):
        if problems := line_problems(n, line, deposit):
            column, message = next(iter(problems.items()))
            raise _Bad(column, message)
    return {
        "beneficiary": beneficiary,
        "channel": channel,
        "deposit_date": deposit,
        "lines": parsed,
        "continuous_treatment": bool(raw.get("continuous_treatment", False)),
        "ald_code": _text(raw, "ald_code", "", Claim),
        "idempotency_key": _text(raw, "idempotency_key", "", Claim) or None,
    }


def _within_limits(size: int, records: int) -> None:
    limits = limits_configured()
    if size > limits.bytes:
        raise TabularError(f"fichier trop volumineux : au plus {limits.bytes} octets")
    if records > limits.rows:
        raise TabularError(
            f"le fichier dépasse {limits.rows} dossiers : découpez-le en plusieurs fichiers"
        )


def claims_intake(*, content: bytes, user=None) -> IntakeResult:
    result = IntakeResult()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(LineError(0, "", "le fichier doit être encodé en UTF-8"))
        return result
    numbered = [(n, t) for n, t in enumerate(text.splitlines(), 1) if t.strip()]
    try:
        _within_limits(len(content), len(numbered))
    except TabularError as exc:
        result.errors.append(LineError(0, "", str(exc)))
        return result
    wanted = set()
    for _, t in numbered:
        try:
            raw = json.loads(t)
            wanted.add(str(raw.get("registration_number", "")))
        except (json.JSONDecodeError, AttributeError, RecursionError):
            continue
    beneficiaries = {
        (b.registration_number, b.rank): b
        for b in Beneficiary.objects.filter(registration_number__in=wanted)
    }
    records = []
    for n, t in numbered:
        try:
            records.append((n, _record(t, beneficiaries)))
        except _Bad as bad:
            result.errors.append(LineError(n, bad.column, bad.message))
    # Even when some lines are already refused, the others go through the submission checks
    # (rolled back below), so the answer lists every bad line at once.
    keys = [r["idempotency_key"] for _, r in records if r["idempotency_key"]]
    known = set(
        Claim.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    with transaction.atomic():
        for n, record in records:
            if record["idempotency_key"] in known:
                result.skipped += 1
                continue
            try:
                claim_submit(user=user, **record)
            except ValidationError as exc:  # e.g. a deposit date in the future
                result.errors.extend(
                    LineError(n, k, " ".join(v)) for k, v in exc.message_dict.items()
                )
            else:
                result.registered += 1
        if result.errors:
            transaction.set_rollback(True)
            result.registered = result.skipped = 0
            result.errors.sort(key=lambda e: e.line)
    return result
