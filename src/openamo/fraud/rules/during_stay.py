"""Ambulatory care billed while the beneficiary was in hospital: a consultation by another
provider strictly inside a stay, and the medicines it prescribed that day."""

from collections import defaultdict

from .facts import Context, Hit, LineFact, amount_of, fr_date
from .stays import stays_by_beneficiary

RULE = "care_during_stay"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    stays = stays_by_beneficiary(lines, ctx)
    if not stays:
        return []
    own: dict[int, list[LineFact]] = defaultdict(list)
    for x in lines:
        if x.beneficiary_id in stays:
            own[x.beneficiary_id].append(x)
    hits = []
    for beneficiary, periods in stays.items():
        for first, last, stay in periods:
            visits = [
                x
                for x in own[beneficiary]
                if x.kind == "act"
                and x.code in ctx.consultation_codes
                and x.executor != stay.executor
                and first < x.care_date < last
            ]
            for visit in visits:
                prescribed = [
                    x
                    for x in own[beneficiary]
                    if x.kind == "medicine"
                    and x.prescriber == visit.executor
                    and x.prescription_date == visit.care_date
                ]
                found = [visit, *prescribed]
                hits.append(
                    Hit(
                        RULE,
                        RULE,
                        f"{visit.code} du {fr_date(visit.care_date)} par {visit.executor} pendant "
                        f"l'hospitalisation du {fr_date(first)} au {fr_date(last)} "
                        f"chez {stay.executor}.",
                        tuple(x.line_id for x in found),
                        beneficiary,
                        visit.executor,
                        0.96,
                        amount_of(found),
                        {"stay_line": stay.line_id, "stay_from": first.isoformat(),
                         "stay_to": last.isoformat()},
                        f"{RULE}:{visit.line_id}",
                    )
                )  # fmt: skip
    return hits
