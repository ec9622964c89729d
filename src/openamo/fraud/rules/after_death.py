"""Care dated after the beneficiary's death."""

from .facts import Context, Hit, LineFact, fr_date

RULE = "care_after_death"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    return [
        Hit(
            RULE,
            RULE,
            f"Soins du {fr_date(x.care_date)} après le décès du {fr_date(x.death_date)}.",
            (x.line_id,),
            x.beneficiary_id,
            x.executor,
            1.0,
            x.amount,
            {"death_date": x.death_date.isoformat(), "care_date": x.care_date.isoformat()},
            f"{RULE}:{x.line_id}",
        )
        for x in lines
        if x.death_date is not None and x.care_date > x.death_date
    ]
