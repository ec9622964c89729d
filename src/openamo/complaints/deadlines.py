"""Where a deadline stands at a moment (pure: no Django, no clock).

A deadline is breached from the very instant it falls due (`due <= now`), and "due soon" in
the `WARNING` before it."""

from datetime import datetime, timedelta

WARNING = timedelta(hours=6)

LATE, SOON, ON_TIME, MET, MISSED = "late", "soon", "on_time", "met", "missed"

LABELS = {
    LATE: "En retard",
    SOON: "Échéance dans moins de 6 h",
    ON_TIME: "Dans les délais",
    MET: "Respecté",
    MISSED: "Respecté avec retard",
}


def deadline_state(due: datetime, done_at: datetime | None, now: datetime) -> str:
    if done_at is not None:
        return MET if done_at < due else MISSED
    if due <= now:
        return LATE
    if due - now <= WARNING:
        return SOON
    return ON_TIME
