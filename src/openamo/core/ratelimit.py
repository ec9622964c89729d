"""A fixed-window rate limit over Django's cache framework.

`rate_hit(key=..., rate=...)` counts one call of `key` in the current window and answers None
while under the limit, else the seconds to wait (`Retry-After`). The cache alias is
`settings.RATELIMIT_CACHE` (see settings: local memory by default, the database cache with
`OPENAMO_RATELIMIT_CACHE=db`). The window is aligned on the clock (`now // seconds`), so every
process counting in a shared cache agrees on it.
"""

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

UNITS = {"s": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}
UNITS["d"] = UNITS["day"] = 86400
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds}s"


def rate_parse(text: str) -> Rate:
    """'60/minute', '1000/hour', '10/30s', '5/second' → Rate. A bad value raises ValueError."""
    found = _RATE.match(text.lower())
    if not found or found.group(3) not in UNITS:
        raise ValueError(f"débit invalide « {text} » (ex. 60/minute, 1000/hour, 10/30s)")
    count, multiplier, unit = int(found.group(1)), int(found.group(2) or 1), found.group(3)
    seconds = multiplier * UNITS[unit]
    if count < 1 or seconds < 1:
        raise ValueError(f"débit invalide « {text} » : au moins 1 appel par seconde au plus")
    return Rate(count, seconds)


def rate_hit(*, key: str, rate: Rate, now: float | None = None) -> int | None:
    """Count one call; None when allowed, else the whole seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    cache = caches[settings.RATELIMIT_CACHE]
    name = f"rl:{key}:{window}"
    if cache.add(name, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=rate.seconds + 1)
            count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))
