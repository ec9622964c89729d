"""More dialysis sessions in a calendar week than a treatment has (three)."""

from collections import defaultdict

from .facts import Context, Hit, LineFact, amount_of, fr_date

RULE = "dialysis_over_three"


def detect(lines: list[LineFact], ctx: Context) -> list[Hit]:
    limit = int(ctx.threshold("dialysis_sessions_per_week", 3))
    weeks: dict[tuple, list[LineFact]] = defaultdict(list)
    for x in lines:
        if x.code in ctx.dialysis_codes:
            year, week, _ = x.care_date.isocalendar()
            weeks[(x.beneficiary_id, year, week)].append(x)
    hits = []
    for (beneficiary, year, week), sessions in weeks.items():
        if len(sessions) <= limit:
            continue
        sessions.sort(key=lambda x: (x.care_date, x.line_id))
        extra = sessions[limit:]
        days = ", ".join(fr_date(x.care_date) for x in sessions)
        hits.append(
            Hit(
                RULE,
                RULE,
                f"{len(sessions)} séances de dialyse la semaine {week} de {year} ({days}) : "
                f"au plus {limit}.",
                tuple(x.line_id for x in extra),
                beneficiary,
                extra[0].executor,
                0.98,
                amount_of(extra),
                {"sessions": len(sessions), "limit": limit, "week": f"{year}-W{week:02d}"},
                f"{RULE}:{beneficiary}:{year}-{week}",
            )
        )
    return hits
