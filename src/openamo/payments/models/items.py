"""What each order pays (claims or invoices) and what a run left out. A claim or an invoice sits
in at most one order that is not rejected (`active` items)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField

from .runs import PaymentOrder, PaymentRun


class PaymentItem(models.Model):
    """A claim (with the statement paid) or an invoice paid by an order. `active` is False once
    the order is rejected, so the claim or invoice can be paid by a later run."""

    order = models.ForeignKey(
        PaymentOrder, models.CASCADE, related_name="items", verbose_name=_("ordre")
    )
    claim = models.ForeignKey(
        "claims.Claim",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_items",
        verbose_name=_("dossier"),
    )
    statement = models.ForeignKey(
        "claims.Statement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décompte"),
    )
    invoice = models.ForeignKey(
        "authorizations.Invoice",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_items",
        verbose_name=_("facture"),
    )
    amount = MoneyField(_("montant"))
    active = models.BooleanField(_("en cours ou payé"), default=True)

    class Meta:
        verbose_name = _("pièce payée")
        verbose_name_plural = _("pièces payées")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(active=True, claim__isnull=False),
                name="payment_claim_once",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(active=True, invoice__isnull=False),
                name="payment_invoice_once",
            ),
            models.CheckConstraint(
                condition=Q(claim__isnull=False, invoice__isnull=True)
                | Q(claim__isnull=True, invoice__isnull=False),
                name="payment_item_one_piece",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.claim or self.invoice}"


class PaymentSkip(models.Model):
    """A claim or an invoice a run left out, with the coded reason (held, no RIB, zero)."""

    run = models.ForeignKey(
        PaymentRun, models.CASCADE, related_name="skipped", verbose_name=_("lot")
    )
    claim = models.ForeignKey(
        "claims.Claim",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    invoice = models.ForeignKey(
        "authorizations.Invoice",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facture"),
    )
    payee_name = models.CharField(_("bénéficiaire"), max_length=200)
    amount = MoneyField(_("montant"))
    code = models.CharField(_("motif (code)"), max_length=20)
    message = models.CharField(_("motif"), max_length=300)

    class Meta:
        verbose_name = _("pièce écartée")
        verbose_name_plural = _("pièces écartées")
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return f"{self.run} · {self.code}"
