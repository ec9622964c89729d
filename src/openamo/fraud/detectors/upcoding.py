"""Upcoding: a physician's quotation mix (C < Cs < CsC < Vs) against peers of the same kind
and specialty. The mean quotation level of the physician's consultations is compared with the
peers' pooled level, in standard errors of the physician's own volume."""

import math

import polars as pl

from .base import Finding, fmt, squash

DETECTOR = "upcoding"
LEVELS = {"C": 0, "Cs": 1, "CsC": 2, "Vs": 3, "CNPSY": 1, "VNPSY": 3}


def detect(
    lines: pl.DataFrame, providers: pl.DataFrame, *, threshold: float = 4.0, min_acts: int = 20
) -> list[Finding]:
    acts = (
        lines.filter(pl.col("kind").eq("act") & pl.col("code").is_in(list(LEVELS)))
        .with_columns(pl.col("code").replace_strict(LEVELS, return_dtype=pl.Float64).alias("level"))
        .join(providers.select("executor", "provider_kind", "specialty"), on="executor", how="left")
        .with_columns(pl.col("provider_kind").fill_null(""), pl.col("specialty").fill_null(""))
    )
    peers = acts.group_by("provider_kind", "specialty").agg(
        pl.col("level").mean().alias("peer_mean"), pl.col("level").std().alias("peer_sd")
    )
    doctors = (
        acts.group_by("executor", "provider_kind", "specialty")
        .agg(
            pl.len().alias("acts"),
            pl.col("level").mean().alias("mean"),
            (pl.col("level") > 0).mean().alias("high_share"),
            pl.col("amount").sum().alias("amount"),
        )
        .join(peers, on=["provider_kind", "specialty"])
        .filter(pl.col("acts") >= min_acts)
        .with_columns(
            (
                (pl.col("mean") - pl.col("peer_mean"))
                / (pl.col("peer_sd").fill_null(0.0).clip(0.15) / pl.col("acts").sqrt())
            ).alias("z")
        )
    )
    findings = []
    for row in doctors.filter(pl.col("z") >= threshold).iter_rows(named=True):
        excess = max(row["mean"] - row["peer_mean"], 0.0) / max(row["mean"], 1e-9)
        findings.append(
            Finding(
                DETECTOR,
                "upcoding",
                f"Cotations plus élevées que les pairs : niveau moyen {fmt(row['mean'], 2)} contre "
                f"{fmt(row['peer_mean'], 2)} ({fmt(100 * row['high_share'], 0)} % de consultations "
                f"cotées au-dessus de C, sur {row['acts']} consultations ; écart de "
                f"{fmt(row['z'])} erreurs types).",
                float(squash(row["z"], 10.0)),
                f"{DETECTOR}:{row['executor']}",
                amount=float(row["amount"]) * min(excess, 1.0),
                provider=row["executor"],
                evidence={
                    "acts": int(row["acts"]),
                    "mean_level": round(row["mean"], 3),
                    "peer_mean_level": round(row["peer_mean"], 3),
                    "high_share": round(row["high_share"], 3),
                    "z": round(row["z"], 2),
                },
                features=(float(row["z"]), float(row["high_share"]), math.log1p(row["acts"])),
            )
        )
    return findings
