"""Fictitious dependents: dependents who consume although their linking is implausible.

A child is linked at birth and a spouse at marriage; a dependent linked long after the event
that opens the right (or with no such event), a child born less than 15 years after the member,
who starts consuming soon after the linking and more than dependents of the same role and age,
is scored. The score adds the signs: late or unexplained linking, implausible filiation, care
soon after the linking, consumption against peers (robust z)."""

import polars as pl

from .base import Finding, fmt, robust_z, squash

DETECTOR = "fictitious_dependent"


def features(lines: pl.DataFrame, dependents: pl.DataFrame) -> pl.DataFrame:
    use = lines.group_by("beneficiary_id").agg(
        pl.col("amount").sum().alias("amount"),
        pl.col("claim_id").n_unique().alias("claims"),
        pl.col("care_date").min().alias("first_care"),
    )
    frame = dependents.join(use, on="beneficiary_id", how="inner")
    event = pl.when(pl.col("role") == "child").then(pl.col("birth")).otherwise(pl.col("married_on"))
    age_band = ((pl.col("first_care") - pl.col("birth")).dt.total_days() // 3650).alias("band")
    return frame.with_columns(
        (pl.col("linked_on") - event).dt.total_days().abs().fill_null(9999).alias("late_days"),
        ((pl.col("birth") - pl.col("member_birth")).dt.total_days() / 365.25).alias("gap_years"),
        (pl.col("first_care") - pl.col("linked_on")).dt.total_days().alias("care_after_link"),
        age_band,
    ).with_columns(
        robust_z(pl.col("amount").log1p(), ["role", "band"]).alias("z_amount"),
        robust_z(pl.col("claims").cast(pl.Float64), ["role", "band"]).alias("z_claims"),
    )


def detect(
    lines: pl.DataFrame, dependents: pl.DataFrame, *, threshold: float = 0.5
) -> list[Finding]:
    frame = features(lines, dependents)
    late = (pl.col("late_days") > 60).cast(pl.Float64)
    filiation = ((pl.col("role") == "child") & (pl.col("gap_years") < 15)).cast(pl.Float64)
    quick = ((pl.col("care_after_link") >= 0) & (pl.col("care_after_link") <= 120)).cast(pl.Float64)
    heavy = pl.max_horizontal("z_amount", "z_claims").clip(0, 6) / 6
    scored = frame.with_columns(
        (0.45 * late + 0.3 * filiation + 0.15 * quick + 0.25 * heavy).clip(0, 1).alias("score")
    )
    findings = []
    for row in scored.filter(pl.col("score") >= threshold).iter_rows(named=True):
        role = "enfant" if row["role"] == "child" else "conjoint"
        signs = []
        if row["late_days"] > 60:
            signs.append(
                f"rattaché le {row['linked_on']:%d/%m/%Y}, "
                + ("sans mariage enregistré" if row["late_days"] == 9999
                   else f"{row['late_days']} jours après l'événement qui l'ouvre")
            )  # fmt: skip
        if row["role"] == "child" and row["gap_years"] < 15:
            signs.append(f"né {fmt(row['gap_years'])} ans après l'assuré")
        signs.append(f"{row['claims']} dossiers pour {fmt(row['amount'], 2)} DH remboursés")
        findings.append(
            Finding(
                DETECTOR,
                "fictitious_dependent",
                f"Ayant droit ({role}) au rattachement invraisemblable : "
                + " ; ".join(signs)
                + ".",
                float(row["score"]),
                f"{DETECTOR}:{row['beneficiary_id']}",
                amount=float(row["amount"]),
                beneficiary_id=row["beneficiary_id"],
                member_id=row["member_id"],
                evidence={
                    "late_days": int(row["late_days"]),
                    "gap_years": round(float(row["gap_years"]), 1),
                    "care_after_link": row["care_after_link"],
                    "claims": int(row["claims"]),
                    "amount": round(float(row["amount"]), 2),
                },
                features=(
                    float(row["late_days"] > 60),
                    float(row["z_amount"]),
                    float(row["z_claims"]),
                ),
            )
        )
    return findings


__all__ = ["DETECTOR", "detect", "features", "squash"]
