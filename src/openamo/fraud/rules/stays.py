"""Hospital stays as intervals: a stay line's day plus its number of days."""

from collections import defaultdict
from datetime import date, timedelta

from .facts import Context, LineFact


def stays_by_beneficiary(lines: list[LineFact], ctx: Context) -> dict[int, list[tuple]]:
    """(first day, last day, line) of every stay, per beneficiary."""
    stays: dict[int, list[tuple[date, date, LineFact]]] = defaultdict(list)
    for x in lines:
        if x.code in ctx.stay_codes:
            days = max(int(x.quantity), 1)
            stays[x.beneficiary_id].append((x.care_date, x.care_date + timedelta(days=days), x))
    return stays
