"""Learning from verdicts: once controllers have confirmed or dismissed alerts, a gradient
boosting model on the detectors' features re-ranks the findings of each detector; with too few
verdicts the ranking is the detectors' own scores."""

from dataclasses import replace

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier

from .detectors.base import Finding
from .models import Alert, Verdict

MIN_VERDICTS = 20  # of each class, per detector


def rerank(findings: list[Finding]) -> list[Finding]:
    by_detector: dict[str, list[Finding]] = {}
    for f in findings:
        by_detector.setdefault(f.detector, []).append(f)
    out = []
    for detector, group in by_detector.items():
        out += _rerank_one(detector, group)
    return out


def _rerank_one(detector: str, group: list[Finding]) -> list[Finding]:
    if not group or not group[0].features:
        return group
    known = dict(
        Alert.objects.filter(
            detector=detector, verdict__in=[Verdict.CONFIRMED, Verdict.DISMISSED]
        ).values_list("dedup_key", "verdict")
    )
    width = len(group[0].features)
    train = [(f.features, known[f.key] == Verdict.CONFIRMED) for f in group
             if f.key in known and len(f.features) == width]  # fmt: skip
    positives = sum(1 for _, y in train if y)
    if positives < MIN_VERDICTS or len(train) - positives < MIN_VERDICTS:
        return group
    x = np.array([f for f, _ in train])
    model = GradientBoostingClassifier(random_state=7).fit(x, [y for _, y in train])
    p = model.predict_proba(np.array([f.features for f in group]))[:, 1]
    return [
        replace(
            f,
            score=float(0.5 * f.score + 0.5 * q),
            evidence={**f.evidence, "learned": round(float(q), 3)},
        )
        for f, q in zip(group, p, strict=True)
    ]
