"""A bundle billed in parts: the acts or days a surgical forfait already pays, billed apart by
the same executor; a consultation that includes its ECG billed as a consultation plus a K."""

from collections import defaultdict
from datetime import timedelta

from .facts import Context, Hit, LineFact, amount_of, fr_date

RULE = "unbundling"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    by_payee: dict[tuple, list[LineFact]] = defaultdict(list)
    for x in lines:
        by_payee[(x.beneficiary_id, x.executor)].append(x)
    hits, flagged = [], set()
    for (beneficiary, executor), own in by_payee.items():
        for bundle in ctx.bundles:
            for head in (x for x in own if bundle.including(x.code)):
                last = head.care_date + timedelta(days=bundle.days)
                parts = [
                    x
                    for x in own
                    if x.line_id != head.line_id
                    and x.line_id not in flagged
                    and x.code in bundle.included
                    and head.care_date <= x.care_date <= last
                    and (bundle.max_coefficient is None or x.coefficient <= bundle.max_coefficient)
                ]
                if not parts:
                    continue
                flagged.update(x.line_id for x in parts)
                codes = ", ".join(
                    sorted({f"{x.code} {x.coefficient.normalize():f}" for x in parts})
                )
                hits.append(
                    Hit(
                        RULE,
                        "unbundling",
                        f"{bundle.label or head.code} du {fr_date(head.care_date)} : {codes} "
                        f"facturé(s) à part par le même exécutant alors que le forfait les comprend.",
                        tuple(x.line_id for x in parts),
                        beneficiary,
                        executor,
                        0.95,
                        amount_of(parts),
                        {"bundle_line": head.line_id, "bundle_code": head.code},
                        f"{RULE}:{head.line_id}",
                    )
                )
    return hits
