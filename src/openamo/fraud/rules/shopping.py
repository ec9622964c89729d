"""Doctor and pharmacy shopping: the same molecule from 5+ prescribers and 5+ pharmacies
within a quarter (90 days)."""

from collections import defaultdict
from datetime import timedelta

from .facts import Context, Hit, LineFact, amount_of, fr_date

RULE = "doctor_shopping"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    span = timedelta(days=int(ctx.threshold("shopping_window_days", 90)))
    need_prescribers = int(ctx.threshold("shopping_prescribers", 5))
    need_pharmacies = int(ctx.threshold("shopping_pharmacies", 5))
    series: dict[tuple, list[LineFact]] = defaultdict(list)
    for x in lines:
        if x.kind == "medicine":
            series[(x.beneficiary_id, x.molecule or x.code)].append(x)
    hits = []
    for (beneficiary, molecule), taken in series.items():
        if len(taken) < max(need_prescribers, need_pharmacies):
            continue
        taken.sort(key=lambda x: (x.care_date, x.line_id))
        start = 0
        for end, last in enumerate(taken):
            while taken[start].care_date < last.care_date - span:
                start += 1
            window = taken[start : end + 1]
            prescribers = {x.prescriber for x in window if x.prescriber}
            pharmacies = {x.executor for x in window}
            if len(prescribers) >= need_prescribers and len(pharmacies) >= need_pharmacies:
                hits.append(
                    Hit(
                        RULE,
                        RULE,
                        f"{molecule} : {len(prescribers)} prescripteurs et {len(pharmacies)} "
                        f"pharmacies du {fr_date(window[0].care_date)} au "
                        f"{fr_date(last.care_date)}.",
                        tuple(x.line_id for x in window),
                        beneficiary,
                        "",
                        min(1.0, 0.7 + 0.05 * (len(prescribers) + len(pharmacies))),
                        amount_of(window),
                        {"molecule": molecule, "prescribers": sorted(prescribers),
                         "pharmacies": sorted(pharmacies)},
                        f"{RULE}:{beneficiary}:{molecule}:{window[0].care_date.isoformat()}",
                    )
                )  # fmt: skip
                break  # one finding per beneficiary and molecule
    return hits
