"""Complementary statements: one per base statement and contract, line by line."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField

from .cover import Contract, Guarantee


class ComplementaryStatement(models.Model):
    """The complementary statement of one base statement under one contract."""

    base_statement = models.ForeignKey(
        "claims.Statement",
        models.CASCADE,
        related_name="complementary_statements",
        verbose_name=_("décompte AMO"),
    )
    claim = models.ForeignKey(
        "claims.Claim",
        models.CASCADE,
        related_name="complementary_statements",
        verbose_name=_("dossier"),
    )
    contract = models.ForeignKey(
        Contract, models.PROTECT, related_name="statements", verbose_name=_("contrat")
    )
    computed_at = models.DateTimeField(_("calculé le"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calculé par"),
    )
    total_charged = MoneyField(_("total facturé"))
    total_base = MoneyField(_("remboursé AMO"))
    total_complementary = MoneyField(_("remboursé complémentaire"))
    total_remainder = MoneyField(_("reste à charge"))
    superseded = models.BooleanField(
        _("remplacé"),
        default=False,
        help_text=_("Remplacé par le décompte d'une nouvelle liquidation du dossier."),
    )

    class Meta:
        verbose_name = _("décompte complémentaire")
        verbose_name_plural = _("décomptes complémentaires")
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["base_statement", "contract"], name="uniq_amc_statement_per_base"
            )
        ]

    def __str__(self) -> str:
        return f"Décompte complémentaire {self.claim.reference} ({self.contract.reference})"


class ComplementaryLine(models.Model):
    statement = models.ForeignKey(
        ComplementaryStatement,
        models.CASCADE,
        related_name="lines",
        verbose_name=_("décompte complémentaire"),
    )
    base_line = models.ForeignKey(
        "claims.StatementLine", models.CASCADE, related_name="+", verbose_name=_("ligne AMO")
    )
    number = models.PositiveSmallIntegerField(_("n°"))
    beneficiary = models.ForeignKey(
        "members.Beneficiary", models.PROTECT, related_name="+", verbose_name=_("bénéficiaire")
    )
    member = models.ForeignKey(
        "members.Member", models.PROTECT, related_name="+", verbose_name=_("famille")
    )
    care_date = models.DateField(_("date des soins"))
    care_category = models.CharField(_("catégorie"), max_length=30, blank=True)
    guarantee = models.ForeignKey(
        Guarantee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("garantie"),
    )
    network = models.BooleanField(_("prestataire du réseau"), default=False)
    charged = MoneyField(_("facturé"))
    base_reimbursed = MoneyField(_("remboursé AMO"))
    computed = MoneyField(_("garantie avant plafonds"))
    complementary = MoneyField(_("remboursé complémentaire"))
    remainder = MoneyField(_("reste à charge"))
    cuts = models.JSONField(_("limitations"), default=list, blank=True)

    class Meta:
        verbose_name = _("ligne de décompte complémentaire")
        verbose_name_plural = _("lignes de décompte complémentaire")
        ordering = ["statement_id", "number"]
        indexes = [
            models.Index(fields=["member", "care_date"], name="amc_line_family_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.statement} / {self.number}"
