"""Provider billing: batches (bordereaux) of invoices sent against agreements, each invoice
adjudicated against its agreement, and the payment commitments tracked per invoice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField

from .requests import ActKind, AuthorizationRequest


class BatchStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Reçu")
    REFUSED = "refused", _("Refusé")


class InvoiceStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Acceptée")
    REDUCED = "reduced", _("Acceptée avec abattement")
    REFUSED = "refused", _("Rejetée")
    PAID = "paid", _("Payée")


class InvoiceBatch(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True)
    idempotency_key = models.CharField(
        _("clé d'idempotence"), max_length=100, null=True, blank=True, unique=True
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        related_name="invoice_batches",
        verbose_name=_("prestataire"),
    )
    received_on = models.DateField(_("reçu le"))
    status = models.CharField(_("statut"), max_length=10, choices=BatchStatus.choices)
    invoice_count = models.PositiveIntegerField(_("factures"))
    refusal_code = models.CharField(_("motif de refus"), max_length=40, blank=True)
    refusal_message = models.CharField(_("motif (texte)"), max_length=300, blank=True)
    amount_claimed = MoneyField(_("montant facturé (DH)"), default=0)
    amount_accepted = MoneyField(_("montant accepté (DH)"), default=0)
    submitted_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )

    class Meta:
        verbose_name = _("bordereau de facturation")
        verbose_name_plural = _("bordereaux de facturation")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.reference


class Invoice(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True)
    batch = models.ForeignKey(
        InvoiceBatch, models.CASCADE, related_name="invoices", verbose_name=_("bordereau")
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        related_name="invoices",
        verbose_name=_("prestataire"),
    )
    agreement = models.ForeignKey(
        AuthorizationRequest,
        models.PROTECT,
        related_name="invoices",
        verbose_name=_("prise en charge"),
    )
    number = models.CharField(_("n° de facture du prestataire"), max_length=50)
    issued_on = models.DateField(_("émise le"))
    received_on = models.DateField(_("reçue le"))
    care_start = models.DateField(_("soins du"))
    care_end = models.DateField(_("au"))
    status = models.CharField(_("statut"), max_length=10, choices=InvoiceStatus.choices)
    amount_charged = MoneyField(_("montant facturé (DH)"))
    amount_covered = MoneyField(_("part de la caisse au tarif (DH)"), default=0)
    amount_accepted = MoneyField(_("montant accepté, payable (DH)"), default=0)
    remaining = MoneyField(_("reste à charge de l'assuré (DH)"), default=0)
    reasons = models.JSONField(_("motifs"), default=list)
    payment_due_on = models.DateField(_("à payer avant le (engagement)"))
    legal_due_on = models.DateField(_("à payer avant le (délai légal)"))
    paid_on = models.DateField(_("payée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("facture tiers payant")
        verbose_name_plural = _("factures tiers payant")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="uniq_invoice_number")
        ]
        indexes = [models.Index(fields=["status", "payment_due_on"], name="invoice_due_idx")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.number})"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        Invoice, models.CASCADE, related_name="lines", verbose_name=_("facture")
    )
    number = models.PositiveSmallIntegerField(_("n°"))
    kind = models.CharField(_("type"), max_length=10, choices=ActKind.choices)
    code = models.CharField(_("code"), max_length=30)
    care_date = models.DateField(_("date des soins"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=9, decimal_places=2, default=1)
    quantity = models.DecimalField(_("quantité"), max_digits=9, decimal_places=2, default=1)
    charged = MoneyField(_("facturé (DH)"))
    covered = MoneyField(_("part de la caisse au tarif (DH)"), default=0)
    accepted = MoneyField(_("accepté (DH)"), default=0)
    reasons = models.JSONField(_("motifs"), default=list)

    class Meta:
        verbose_name = _("ligne de facture")
        verbose_name_plural = _("lignes de facture")
        ordering = ["invoice", "number"]

    def __str__(self) -> str:
        return f"{self.invoice} · {self.code}"
