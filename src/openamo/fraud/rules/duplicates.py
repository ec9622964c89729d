"""The same line billed twice: same beneficiary, kind, code, day, executor and quotation."""

from collections import defaultdict

from .facts import Context, Hit, LineFact, fr_date

RULE = "duplicate_line"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    groups: dict[tuple, list[LineFact]] = defaultdict(list)
    for x in lines:
        groups[(x.beneficiary_id, x.kind, x.code, x.care_date, x.executor, x.coefficient)].append(x)
    hits = []
    for (beneficiary, _, code, day, executor, _), same in groups.items():
        if len(same) < 2:
            continue
        first, *again = sorted(same, key=lambda x: (x.claim_id, x.line_id))
        for x in again:
            hits.append(
                Hit(
                    RULE,
                    "duplicate_line",
                    f"{code} du {fr_date(day)} par {executor} déjà facturé "
                    f"(ligne {first.line_id}, dossier {first.claim_id}).",
                    (x.line_id,),
                    beneficiary,
                    executor,
                    0.97,
                    x.amount,
                    {"first_line": first.line_id, "first_claim": first.claim_id},
                    f"{RULE}:{x.line_id}",
                )
            )
    return hits
