"""What a statistical detector returns: findings about a provider, an insured person or a
family, each with a score in [0, 1], a French explanation and its evidence figures."""

from dataclasses import dataclass, field

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Finding:
    detector: str
    reason: str
    explanation: str  # French, for the controller
    score: float
    key: str  # stable identity for deduplication across runs
    amount: float = 0.0
    provider: str = ""  # INPE
    beneficiary_id: int | None = None
    member_id: int | None = None
    evidence: dict = field(default_factory=dict)
    features: tuple[float, ...] = ()  # what the verdict model learns from


def robust_z(values: pl.Expr, over: list[str]) -> pl.Expr:
    """(x − median) / (1.4826 × MAD) within each peer group; 0 where the group has no spread."""
    median = values.median().over(over)
    mad = (values - median).abs().median().over(over) * 1.4826
    return pl.when(mad > 0).then((values - median) / mad).otherwise(0.0)


def squash(z: np.ndarray | float, scale: float = 6.0):
    """A z-score (or any positive strength) mapped to a score in [0, 1)."""
    return 1.0 - np.exp(-np.maximum(z, 0.0) / scale)


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
