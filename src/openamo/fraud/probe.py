"""Eligibility probing: a provider whose eligibility checks keep naming nobody is guessing
identifiers. Pure: no Django, no I/O.

The misses are counted in fixed windows aligned on the clock (so one burst gives one alert per
window and provider, whatever process saw it); a window holding more misses than the tolerated
number is a finding, with its evidence and a French explanation.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DETECTOR = "eligibility_probe"
REASON = "eligibility_misses_burst"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ProbeThreshold:
    tolerated: int  # misses tolerated in one window; one more raises the alert
    window_minutes: int


@dataclass(frozen=True)
class ProbeFinding:
    dedup_key: str
    explanation: str
    evidence: dict
    score: float
    window_start: datetime
    window_end: datetime


def threshold_parse(text: str) -> ProbeThreshold:
    """'20/60' → 20 misses tolerated per 60-minute window."""
    misses, _, minutes = text.partition("/")
    threshold = ProbeThreshold(int(misses), int(minutes or 60))
    if threshold.tolerated < 0 or threshold.window_minutes < 1:
        raise ValueError(f"seuil de sondage invalide « {text} » (ex. 20/60)")
    return threshold


def probe_window(now: datetime, minutes: int) -> tuple[datetime, datetime]:
    """The window holding `now` (aware): [start, end)."""
    size = timedelta(minutes=minutes)
    start = EPOCH + ((now - EPOCH) // size) * size
    return start, start + size


def probe_dedup_key(inpe: str, window_start: datetime) -> str:
    return f"{DETECTOR}:{inpe}:{window_start.astimezone(UTC):%Y%m%dT%H%MZ}"


def probe_finding(
    *,
    inpe: str,
    provider_name: str,
    misses: int,
    hits: int,
    threshold: ProbeThreshold,
    window: tuple[datetime, datetime],
    shown: tuple[datetime, datetime] | None = None,
) -> ProbeFinding | None:
    """The finding when `misses` exceed the tolerated number, else None. `shown` is the window
    in local time for the explanation (default: `window`)."""
    if misses <= threshold.tolerated:
        return None
    start, end = shown or window
    excess = (misses - threshold.tolerated) / max(threshold.tolerated, 1)
    return ProbeFinding(
        dedup_key=probe_dedup_key(inpe, window[0]),
        explanation=(
            f"{provider_name} (INPE {inpe}) a demandé l'éligibilité de {misses} personnes "
            f"introuvables entre {start:%d/%m/%Y %H:%M} et {end:%H:%M} (toléré : "
            f"{threshold.tolerated} par fenêtre de {threshold.window_minutes} min ; "
            f"{hits} recherches abouties) : possible énumération d'identifiants d'assurés."
        ),
        evidence={
            "misses": misses,
            "hits": hits,
            "tolerated": threshold.tolerated,
            "window_minutes": threshold.window_minutes,
            "window_start": window[0].isoformat(),
            "window_end": window[1].isoformat(),
        },
        score=round(min(1.0, 0.5 + 0.5 * excess), 3),
        window_start=window[0],
        window_end=window[1],
    )
