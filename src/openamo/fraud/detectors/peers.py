"""Peer groups (provider kind × specialty × region): robust z-scores of volume per patient,
amount per act, patients per day, repeat visits and share of high quotations."""

import polars as pl

from .base import Finding, fmt, robust_z, squash

DETECTOR = "peer_groups"
HIGH = ("Cs", "CsC", "Vs", "VNPSY")
CONSULTATIONS = ("C", "Cs", "CsC", "V", "Vs", "CNPSY", "VNPSY")
FEATURES = {
    "lines_per_patient": "actes par patient",
    "amount_per_line": "montant moyen par acte (DH)",
    "patients_per_day": "patients par jour d'activité",
    "repeat_share": "part des patients revus dans les 7 jours",
    "high_share": "part des consultations cotées haut",
}


def provider_profiles(lines: pl.DataFrame, providers: pl.DataFrame) -> pl.DataFrame:
    """One row per executor with its figures and its peer group."""
    visits = (
        lines.select("executor", "beneficiary_id", "care_date")
        .unique()
        .sort("executor", "beneficiary_id", "care_date")
        .with_columns(
            (pl.col("care_date").diff().over("executor", "beneficiary_id").dt.total_days() <= 7)
            .fill_null(False)
            .alias("repeat")
        )
        .group_by("executor")
        .agg(pl.col("repeat").mean().alias("repeat_share"))
    )
    consult = pl.col("kind").eq("act") & pl.col("code").is_in(CONSULTATIONS)
    profile = lines.group_by("executor").agg(
        pl.len().alias("lines"),
        pl.col("beneficiary_id").n_unique().alias("patients"),
        pl.col("care_date").n_unique().alias("days"),
        pl.col("amount").sum().alias("amount"),
        consult.sum().alias("consultations"),
        (consult & pl.col("code").is_in(HIGH)).sum().alias("high"),
    )
    return (
        profile.join(visits, on="executor", how="left")
        .join(providers, on="executor", how="left")
        .with_columns(
            (pl.col("lines") / pl.col("patients")).alias("lines_per_patient"),
            (pl.col("amount") / pl.col("lines")).alias("amount_per_line"),
            (pl.col("patients") / pl.col("days")).alias("patients_per_day"),
            pl.when(pl.col("consultations") > 0)
            .then(pl.col("high") / pl.col("consultations"))
            .otherwise(0.0)
            .alias("high_share"),
            pl.col("provider_kind").fill_null(""),
            pl.col("specialty").fill_null(""),
            pl.col("region").fill_null(""),
        )
    )


def peer_scores(profiles: pl.DataFrame, min_group: int = 5) -> pl.DataFrame:
    """Robust z of each feature within kind × specialty × region, or kind × specialty when the
    regional group has fewer than `min_group` providers."""
    regional = ["provider_kind", "specialty", "region"]
    national = ["provider_kind", "specialty"]
    frame = profiles.with_columns(pl.len().over(regional).alias("group_size"))
    out = []
    for name in FEATURES:
        col = pl.col(name).cast(pl.Float64).fill_null(0.0)
        out.append(
            pl.when(pl.col("group_size") >= min_group)
            .then(robust_z(col, regional))
            .otherwise(robust_z(col, national))
            .alias(f"z_{name}")
        )
    return frame.with_columns(out).with_columns(
        pl.max_horizontal([f"z_{n}" for n in FEATURES]).alias("z_max")
    )


def detect(
    lines: pl.DataFrame,
    providers: pl.DataFrame,
    *,
    threshold: float = 3.5,
    labels: dict[str, str] | None = None,
) -> list[Finding]:
    """The providers far from their peers; `labels` names the kinds and specialties in the
    explanations (their codes otherwise)."""
    labels = labels or {}
    scored = peer_scores(provider_profiles(lines, providers))
    findings = []
    for row in scored.filter(pl.col("z_max") >= threshold).iter_rows(named=True):
        worst = max(FEATURES, key=lambda n: row[f"z_{n}"])
        findings.append(
            Finding(
                DETECTOR,
                "peer_outlier",
                f"{FEATURES[worst].capitalize()} : {fmt(row[worst], 2)}, écart robuste de "
                f"{fmt(row[f'z_{worst}'])} par rapport aux pairs "
                f"({labels.get(row['provider_kind'], row['provider_kind']) or 'type inconnu'}, "
                f"{labels.get(row['specialty'], row['specialty']) or 'sans spécialité'}"
                f", région {row['region'] or '?'}).",
                float(squash(row["z_max"])),
                f"{DETECTOR}:{row['executor']}",
                amount=float(row["amount"]),
                provider=row["executor"],
                evidence={n: round(float(row[n] or 0), 4) for n in FEATURES}
                | {f"z_{n}": round(float(row[f"z_{n}"]), 2) for n in FEATURES},
                features=tuple(float(row[f"z_{n}"]) for n in FEATURES),
            )
        )
    return findings
