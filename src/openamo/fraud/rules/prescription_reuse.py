"""The same prescription dispensed at several pharmacies: one prescriber, one prescription
date, one medicine, delivered by two executors or more."""

from collections import defaultdict

from .facts import Context, Hit, LineFact, amount_of, fr_date

RULE = "prescription_reuse"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    groups: dict[tuple, list[LineFact]] = defaultdict(list)
    for x in lines:
        if x.kind == "medicine" and x.prescription_date is not None:
            groups[(x.beneficiary_id, x.prescriber, x.prescription_date)].append(x)
    hits = []
    for (beneficiary, prescriber, day), served in groups.items():
        served.sort(key=lambda x: (x.care_date, x.claim_id, x.line_id))
        first_pharmacy = served[0].executor
        again = [x for x in served if x.executor != first_pharmacy]
        reused = {x.code for x in again} & {x.code for x in served if x.executor == first_pharmacy}
        again = [x for x in again if x.code in reused]
        if not again:
            continue
        pharmacies = sorted({x.executor for x in served if x.code in reused})
        hits.append(
            Hit(
                RULE,
                RULE,
                f"Ordonnance du {fr_date(day)} de {prescriber or 'prescripteur inconnu'} délivrée "
                f"par {len(pharmacies)} pharmacies ({', '.join(pharmacies)}).",
                tuple(x.line_id for x in again),
                beneficiary,
                again[0].executor,
                0.97,
                amount_of(again),
                {"prescriber": prescriber, "prescription_date": day.isoformat(),
                 "pharmacies": pharmacies, "medicines": sorted(reused)},
                f"{RULE}:{beneficiary}:{prescriber}:{day.isoformat()}",
            )
        )  # fmt: skip
    return hits
