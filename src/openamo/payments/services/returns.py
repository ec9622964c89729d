"""Import the bank's return file for a run: all or nothing, every bad line named."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from openamo.core.tabular import TabularError, read_rows

from ..bankfile import RETURN_COLUMNS, ReturnLine, return_status
from ..models import OrderStatus, PaymentOrder, PaymentRun, RunStatus
from .settle import Answer, check_date, run_close_if_done, settle


def _lines(run: PaymentRun, name: str, content: bytes) -> tuple[list[ReturnLine], list[str]]:
    try:
        columns, rows = read_rows(name, content)
    except TabularError as exc:
        return [], [str(exc)]
    missing = [c for c in RETURN_COLUMNS if c not in columns]
    if missing:
        return [], [f"colonne(s) absente(s) de l'en-tête : {', '.join(missing)}"]
    if not rows:
        return [], ["le fichier ne contient aucune ligne"]
    orders = {o.reference: o for o in run.orders.all()}
    errors, lines, seen = [], [], {}
    for row in rows:
        ref, word = row.values["reference_ordre"], row.values["statut"]
        reason = row.values["motif"]
        where = f"ligne {row.line}"
        order = orders.get(ref)
        paid = return_status(word)
        if not ref:
            errors.append(f"{where}, colonne reference_ordre : référence absente")
        elif order is None:
            errors.append(f"{where}, colonne reference_ordre : « {ref} » n'est pas un ordre du lot")
        elif ref in seen:
            errors.append(f"{where}, colonne reference_ordre : « {ref} » déjà en ligne {seen[ref]}")
        elif order.status != OrderStatus.SENT:
            errors.append(
                f"{where}, colonne reference_ordre : ordre {ref} déjà "
                f"{order.get_status_display().lower()}"
            )
        if paid is None:
            errors.append(f"{where}, colonne statut : « {word} » : « payé » ou « rejeté » attendu")
        elif not paid and not reason:
            errors.append(f"{where}, colonne motif : le motif du rejet est obligatoire")
        seen.setdefault(ref, row.line)
        if order is not None and paid is not None:
            bank_ref = row.values.get("reference_banque", "")
            lines.append(ReturnLine(row.line, ref, paid, reason, bank_ref))
    return lines, errors


@transaction.atomic
def payment_returns_import(
    *, run: PaymentRun, name: str, content: bytes, on: date, by
) -> tuple[int, int]:
    """Settle the orders the file names; (paid, rejected) counts. Nothing is kept if a line
    is bad: the ValidationError lists every bad line under `file`."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.ISSUED:
        raise ValidationError({"file": "seul un lot émis, non clôturé, reçoit un fichier retour"})
    check_date(on, run)
    lines, errors = _lines(run, name, content)
    if errors:
        raise ValidationError({"file": errors})
    orders = {
        o.reference: o
        for o in PaymentOrder.objects.select_for_update().filter(
            run=run, reference__in=[line.reference for line in lines]
        )
    }
    settle(
        [orders[line.reference] for line in lines],
        {
            orders[line.reference].pk: Answer(line.paid, line.reason, line.bank_reference)
            for line in lines
        },
        on=on,
        by=by,
    )
    run_close_if_done(run)
    return sum(1 for x in lines if x.paid), sum(1 for x in lines if not x.paid)
