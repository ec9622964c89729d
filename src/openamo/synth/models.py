"""The generated fund's record and the ground truth of its injected fraud.

Stored apart from the fund's data, for evaluation only: no code of the fund reads these tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .shape import FRAUD_PATTERNS


class SyntheticFund(models.Model):
    """One generation run: its seed, size, year and fraud rates."""

    seed = models.BigIntegerField(_("graine"))
    beneficiaries = models.PositiveIntegerField(_("bénéficiaires"))
    year = models.PositiveSmallIntegerField(_("année des soins"))
    until = models.DateField(_("dernier jour des soins"), null=True, blank=True)
    fraud_rates = models.JSONField(_("taux de fraude injectés"), default=dict)
    counts = models.JSONField(_("volumes générés"), default=dict)
    generated_at = models.DateTimeField(_("généré le"), auto_now_add=True)
    seconds = models.FloatField(_("durée (s)"), default=0)

    class Meta:
        verbose_name = _("caisse synthétique")
        verbose_name_plural = _("caisses synthétiques")
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"Caisse synthétique graine {self.seed} ({self.beneficiaries} bénéficiaires)"


class FraudLabel(models.Model):
    """One injected fraud: a pattern on a claim (or one of its lines), a beneficiary or a
    provider, with the group it belongs to (a ring, a spree, a clinic) and the rate used."""

    fund = models.ForeignKey(
        SyntheticFund, models.CASCADE, related_name="labels", verbose_name=_("caisse")
    )
    pattern = models.CharField(
        _("motif"), max_length=40, choices=[(p.code, p.label) for p in FRAUD_PATTERNS]
    )
    claim = models.ForeignKey(
        "claims.Claim", models.CASCADE, null=True, blank=True, related_name="+"
    )
    claim_line = models.ForeignKey(
        "claims.ClaimLine", models.CASCADE, null=True, blank=True, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "members.Beneficiary", models.CASCADE, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        "referentials.Provider", models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.CharField(_("groupe"), max_length=80, blank=True)
    rate = models.FloatField(_("taux injecté"))

    class Meta:
        verbose_name = _("fraude injectée")
        verbose_name_plural = _("fraudes injectées")
        indexes = [models.Index(fields=["pattern"], name="fraudlabel_pattern_idx")]

    def __str__(self) -> str:
        return f"{self.pattern} ({self.group})"
