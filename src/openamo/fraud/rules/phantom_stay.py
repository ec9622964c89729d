"""A stay with nothing around it: no act, no medicine, no visit for the beneficiary in the days
before, during or after it (a real stay has a prescription at discharge, a surgeon, a visit)."""

from collections import defaultdict
from datetime import timedelta

from .facts import Context, Hit, LineFact, fr_date
from .stays import stays_by_beneficiary

RULE = "phantom_stay"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    window = timedelta(days=int(ctx.threshold("phantom_stay_window_days", 10)))
    stays = stays_by_beneficiary(lines, ctx)
    days: dict[int, list] = defaultdict(list)
    for x in lines:
        if x.beneficiary_id in stays and x.code not in ctx.stay_codes:
            days[x.beneficiary_id].append(x.care_date)
    hits = []
    for beneficiary, periods in stays.items():
        for first, last, stay in periods:
            if stay.prescriber:
                continue  # a named physician took charge of the stay
            if any(first - window <= d <= last + window for d in days[beneficiary]):
                continue
            hits.append(
                Hit(
                    RULE,
                    RULE,
                    f"Hospitalisation du {fr_date(first)} au {fr_date(last)} chez "
                    f"{stay.executor} sans médecin, sans acte ni médicament "
                    f"{window.days} jours avant ou après.",
                    (stay.line_id,),
                    beneficiary,
                    stay.executor,
                    0.9,
                    stay.amount,
                    {"stay_from": first.isoformat(), "stay_to": last.isoformat()},
                    f"{RULE}:{stay.line_id}",
                )
            )
    return hits
