"""Raising the eligibility-probing alert from the read log (`audit.AccessLog`).

Called after each eligibility miss by a provider: counts that provider's misses in the current
window (the `access_miss_idx` index) and raises one `Alert` per provider and window. The
tolerated number and the window are the scheme parameters `eligibility_probe_misses` and
`eligibility_probe_window_minutes` in force that day (the strictest over the schemes), else
`settings.ELIGIBILITY_PROBE`.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from openamo.audit.models import AccessLog
from openamo.referentials.models import ParameterCode, SchemeParameter

from .models import Alert
from .probe import (
    DETECTOR,
    REASON,
    ProbeThreshold,
    probe_dedup_key,
    probe_finding,
    probe_window,
    threshold_parse,
)

ELIGIBILITY = "eligibility"


def probe_threshold(day) -> ProbeThreshold:
    fallback = threshold_parse(settings.ELIGIBILITY_PROBE)
    values: dict[str, list] = {}
    for code, value in (
        SchemeParameter.objects.in_force_on(day)
        .filter(
            code__in=[
                ParameterCode.ELIGIBILITY_PROBE_MISSES,
                ParameterCode.ELIGIBILITY_PROBE_WINDOW_MINUTES,
            ]
        )
        .values_list("code", "value")
    ):
        values.setdefault(code, []).append(int(value))
    misses = values.get(ParameterCode.ELIGIBILITY_PROBE_MISSES)
    minutes = values.get(ParameterCode.ELIGIBILITY_PROBE_WINDOW_MINUTES)
    return ProbeThreshold(
        min(misses) if misses else fallback.tolerated,
        max(minutes) if minutes else fallback.window_minutes,
    )


def eligibility_probe_record(*, provider, now=None) -> Alert | None:
    """The alert raised by this miss (None when under the threshold or already raised)."""
    now = now or timezone.now()
    threshold = probe_threshold(timezone.localdate(now))
    window = probe_window(now, threshold.window_minutes)
    if Alert.objects.filter(dedup_key=probe_dedup_key(provider.inpe, window[0])).exists():
        return None  # one alert per provider and window
    reads = AccessLog.objects.filter(
        what=ELIGIBILITY,
        provider_inpe=provider.inpe,
        created_at__gte=window[0],
        created_at__lt=window[1],
    )
    misses = reads.filter(found=False).count()
    if misses <= threshold.tolerated:
        return None
    finding = probe_finding(
        inpe=provider.inpe,
        provider_name=provider.name,
        misses=misses,
        hits=reads.filter(found=True).count(),
        threshold=threshold,
        window=window,
        shown=(timezone.localtime(window[0]), timezone.localtime(window[1])),
    )
    try:
        with transaction.atomic():
            return Alert.objects.create(
                detector=DETECTOR,
                reason_code=REASON,
                explanation=finding.explanation,
                evidence=finding.evidence,
                score=finding.score,
                provider=provider,
                period_start=timezone.localdate(finding.window_start),
                period_end=timezone.localdate(finding.window_end),
                dedup_key=finding.dedup_key,
                created_at=now,
            )
    except IntegrityError:  # another process raised it first
        return None
