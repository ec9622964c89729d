"""Unsupervised anomaly scores on provider profiles: Isolation Forest and Local Outlier Factor
(scikit-learn) on the peer-normalised features, averaged as ranks. Seeded: reproducible."""

import numpy as np
import polars as pl
from sklearn.ensemble import IsolationForest
from sklearn.neighbors import LocalOutlierFactor

from .base import Finding, fmt
from .peers import FEATURES, peer_scores, provider_profiles

DETECTOR = "provider_anomaly"


def _ranks(x: np.ndarray) -> np.ndarray:
    return x.argsort().argsort() / max(len(x) - 1, 1)


def scores(lines: pl.DataFrame, providers: pl.DataFrame, seed: int = 7) -> pl.DataFrame:
    scored = peer_scores(provider_profiles(lines, providers)).filter(pl.col("lines") >= 10)
    if scored.height < 20:
        return scored.with_columns(
            pl.lit(0.0).alias("iforest"), pl.lit(0.0).alias("lof"), pl.lit(0.0).alias("anomaly")
        )
    x = np.column_stack(
        [scored[f"z_{n}"].fill_null(0.0).to_numpy().clip(-10, 10) for n in FEATURES]
        + [np.log1p(scored["lines"].to_numpy().astype(float))]
    )
    forest = IsolationForest(n_estimators=200, random_state=seed).fit(x)
    iso = -forest.score_samples(x)
    lof = -LocalOutlierFactor(n_neighbors=min(20, len(x) - 1)).fit(x).negative_outlier_factor_
    return scored.with_columns(
        pl.Series("iforest", iso),
        pl.Series("lof", lof),
        pl.Series("anomaly", (_ranks(iso) + _ranks(lof)) / 2),
    )


def detect(
    lines: pl.DataFrame, providers: pl.DataFrame, *, top: float = 0.02, seed: int = 7
) -> list[Finding]:
    scored = scores(lines, providers, seed)
    if scored.height == 0:
        return []
    cut = max(float(np.quantile(scored["anomaly"].to_numpy(), 1 - top)), 0.5)
    return [
        Finding(
            DETECTOR,
            "profile_anomaly",
            f"Profil d'activité atypique (forêt d'isolement et facteur local d'anomalie) : rang "
            f"{fmt(100 * row['anomaly'], 1)} % ; {row['lines']} lignes, {row['patients']} patients.",
            float(row["anomaly"]),
            f"{DETECTOR}:{row['executor']}",
            amount=float(row["amount"]),
            provider=row["executor"],
            evidence={
                "iforest": round(float(row["iforest"]), 4),
                "lof": round(float(row["lof"]), 4),
            },
            features=(float(row["iforest"]), float(row["lof"])),
        )
        for row in scored.filter(pl.col("anomaly") >= cut).iter_rows(named=True)
    ]
