"""The after-payment scan: rules and statistical detectors over the columnar extract.

`fraud_scan` reads the claim lines once (`scan_extract.lines_extract`, one SQL query into
Polars), builds the rules' facts set-wise, runs the rules on the lines newer than the last
run's watermark plus the windows they touch (the touched beneficiaries' lines from the earliest
new care date minus the history window), runs the statistical detectors on the whole extract,
re-ranks with the verdicts when there are some, and writes the alerts: one per dedup key,
updated (score, evidence, amount) on later runs, never duplicated. Each run is a `ScanRun`.
"""

import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .context import rules_context
from .detectors import anomaly, fictitious, peers, rings, upcoding
from .detectors.base import Finding
from .models import Alert, ScanRun
from .rules import RULES, LineFact, rules_run
from .scan_extract import dependents_frame, lines_extract, providers_frame
from .verdicts import rerank

RULES_PASS = "rules"
DETECTORS = (RULES_PASS, peers.DETECTOR, upcoding.DETECTOR, fictitious.DETECTOR,
             anomaly.DETECTOR, rings.DETECTOR)  # fmt: skip
HISTORY_DAYS = 120


def facts_build(frame: pl.DataFrame) -> list[LineFact]:
    """The rules' facts from the extract, set-wise (one pass over its columns)."""
    cols = ("line_id", "claim_id", "beneficiary_id", "family_id", "sex", "birth_date", "kind",
            "code", "care_date", "executor", "prescriber", "coefficient", "quantity", "amount",
            "prescription_date", "death_date", "molecule", "authorization_ref")  # fmt: skip
    return [
        LineFact(
            lid,
            cid,
            bid,
            fam,
            sex or "",
            born,
            kind,
            code,
            day,
            ex,
            pr or "",
            Decimal(str(coef)),
            Decimal(str(qty)),
            Decimal(str(amount)).quantize(Decimal("0.01")),
            presc,
            death,
            mol or "",
            auth or "",
        )  # fmt: skip
        for (
            lid,
            cid,
            bid,
            fam,
            sex,
            born,
            kind,
            code,
            day,
            ex,
            pr,
            coef,
            qty,
            amount,
            presc,
            death,
            mol,
            auth,
        ) in frame.select(cols).iter_rows()  # fmt: skip
    ]


def rule_findings(frame: pl.DataFrame, day: date) -> list[Finding]:
    ctx = rules_context(day)
    facts = facts_build(frame.sort("beneficiary_id", "claim_id", "line_id"))
    return [
        Finding(
            f"rule:{hit.rule}",
            hit.reason,
            hit.explanation,
            float(hit.score),
            f"scan:{hit.key or hit.rule}",
            amount=float(hit.amount),
            provider=hit.provider,
            beneficiary_id=hit.beneficiary_id,
            evidence={
                **{
                    k: v if isinstance(v, int | float | str | bool | list | None) else str(v)
                    for k, v in hit.evidence.items()
                },
                "lines": list(hit.line_ids),
            },
        )  # fmt: skip
        for hit in rules_run(facts, ctx, list(RULES))
    ]


def _provider_labels() -> dict[str, str]:
    """The French names of the providers' kinds and specialties, for the explanations."""
    from openamo.referentials.choices import ProviderKind, Specialty

    return {code: str(label) for code, label in (*ProviderKind.choices, *Specialty.choices)}


def _incremental(since: date | None, watermark: int) -> pl.DataFrame:
    """The lines newer than the watermark and, for their beneficiaries, the window before."""
    fresh = lines_extract(since=since).filter(pl.col("line_id") > watermark)
    if fresh.height == 0 or watermark == 0:
        return fresh
    start = fresh["care_date"].min() - timedelta(days=HISTORY_DAYS)
    return lines_extract(
        since=max(start, since) if since else start,
        beneficiary_ids=fresh["beneficiary_id"].unique().to_list(),
    )


def fraud_scan(
    *,
    since: date | None = None,
    detectors: Iterable[str] | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> ScanRun:
    names = list(detectors or DETECTORS)
    unknown = sorted(set(names) - set(DETECTORS))
    if unknown:
        raise ValueError(f"détecteur inconnu : {', '.join(unknown)}")
    today = today or timezone.localdate()
    last = ScanRun.objects.filter(finished_at__isnull=False).aggregate(w=Max("watermark"))["w"] or 0
    run = ScanRun.objects.create(started_at=timezone.now(), since=since, detectors=names)
    durations, figures, findings = {}, {}, []

    def timed(name, fn):
        t = time.perf_counter()
        out = fn()
        durations[name] = round(time.perf_counter() - t, 3)
        if progress:
            progress(name)
        return out

    frame = timed("extract", lambda: lines_extract(since=since))
    providers = providers_frame()
    if RULES_PASS in names:
        scope = (
            frame if last == 0 else timed("extract_incremental", lambda: _incremental(since, last))
        )
        findings += timed(RULES_PASS, lambda: rule_findings(scope, today))
    steps = {
        peers.DETECTOR: lambda: peers.detect(frame, providers, labels=_provider_labels()),
        upcoding.DETECTOR: lambda: upcoding.detect(frame, providers),
        fictitious.DETECTOR: lambda: fictitious.detect(frame, dependents_frame()),
        anomaly.DETECTOR: lambda: anomaly.detect(frame, providers),
        rings.DETECTOR: lambda: rings.detect(frame),
    }
    for name, step in steps.items():
        if name in names and frame.height:
            findings += timed(name, step)
    findings = timed("rerank", lambda: rerank(findings))
    created, updated = timed(
        "write", lambda: alerts_upsert(findings, providers, now=run.started_at)
    )
    for f in findings:
        figures[f.detector] = figures.get(f.detector, 0) + 1
    ScanRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        watermark=max(int(frame["line_id"].max() or 0), last) if frame.height else last,
        lines=frame.height,
        alerts_created=created,
        alerts_updated=updated,
        figures=figures,
        durations=durations,
    )
    run.refresh_from_db()
    return run


FIELDS = ("score", "evidence", "explanation", "amount_at_stake")


@transaction.atomic
def alerts_upsert(findings: list[Finding], providers: pl.DataFrame, *, now) -> tuple[int, int]:
    """One alert per dedup key: new keys created, known keys updated in place."""
    ids = dict(providers.select("executor", "provider_id").iter_rows())
    by_key = {f.key[:200]: f for f in findings}
    existing = {a.dedup_key: a for a in Alert.objects.filter(dedup_key__in=list(by_key))}
    fresh, changed = [], []
    for key, f in by_key.items():
        values = {
            "score": round(min(max(f.score, 0.0), 1.0), 6),
            "evidence": f.evidence,
            "explanation": f.explanation,
            "amount_at_stake": Decimal(str(round(f.amount, 2))),
        }
        if key in existing:
            alert = existing[key]
            for name, value in values.items():
                setattr(alert, name, value)
            changed.append(alert)
            continue
        fresh.append(
            Alert(
                detector=f.detector[:40],
                reason_code=f.reason[:40],
                dedup_key=key,
                beneficiary_id=f.beneficiary_id,
                member_id=f.member_id,
                provider_id=ids.get(f.provider),
                created_at=now,
                **values,
            )
        )
    Alert.objects.bulk_create(fresh, batch_size=2000)
    Alert.objects.bulk_update(changed, FIELDS, batch_size=2000)
    return len(fresh), len(changed)
