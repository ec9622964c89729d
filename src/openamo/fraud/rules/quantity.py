"""Boxes beyond the treatment: more boxes on one line than a prescription can justify."""

from .facts import Context, Hit, LineFact

RULE = "quantity_beyond_duration"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    limit = ctx.threshold("max_boxes_per_line", 6)
    hits = []
    for x in lines:
        if x.kind != "medicine" or x.quantity <= limit:
            continue
        hits.append(
            Hit(
                RULE,
                "quantity_beyond_duration",
                f"{x.quantity.normalize():f} boîtes délivrées sur une ligne, au-delà des "
                f"{limit.normalize():f} qu'une durée de traitement justifie.",
                (x.line_id,),
                x.beneficiary_id,
                x.executor,
                min(1.0, 0.8 + float((x.quantity - limit) / limit) / 5),
                x.amount,
                {"boxes": str(x.quantity), "limit": str(limit), "molecule": x.molecule},
                f"{RULE}:{x.line_id}",
            )
        )
    return hits
