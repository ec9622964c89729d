"""Receivables (indus): what a payee owes the fund (a recovery decided on an investigation
case), netted on the payee's next payment orders until nothing remains."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField

from .runs import PaymentOrder


class Receivable(models.Model):
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="receivables",
        verbose_name=_("assuré"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="receivables",
        verbose_name=_("prestataire"),
    )
    amount = MoneyField(_("montant de l'indu"))
    remaining = MoneyField(_("reste à recouvrer"))
    reason = models.CharField(_("motif"), max_length=300)
    source_reference = models.CharField(_("origine (dossier)"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("constaté le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("constaté par"),
    )

    class Meta:
        verbose_name = _("indu à recouvrer")
        verbose_name_plural = _("indus à recouvrer")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, provider__isnull=True)
                | Q(member__isnull=True, provider__isnull=False),
                name="receivable_one_payee",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0, remaining__gte=0, remaining__lte=F("amount")),
                name="receivable_remaining_in_range",
            ),
        ]

    def __str__(self) -> str:
        payee = self.member or self.provider
        return f"Indu {self.source_reference or self.pk} : {payee}"


class ReceivableOffset(models.Model):
    """Part of a receivable taken on one payment order; reversed when the bank rejects it."""

    receivable = models.ForeignKey(
        Receivable, models.PROTECT, related_name="offsets", verbose_name=_("indu")
    )
    order = models.ForeignKey(
        PaymentOrder, models.CASCADE, related_name="offsets", verbose_name=_("ordre")
    )
    amount = MoneyField(_("montant retenu"))
    reversed = models.BooleanField(_("annulé (ordre rejeté)"), default=False)

    class Meta:
        verbose_name = _("retenue sur paiement")
        verbose_name_plural = _("retenues sur paiements")
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="offset_positive")]

    def __str__(self) -> str:
        return f"{self.order} · {self.amount}"
