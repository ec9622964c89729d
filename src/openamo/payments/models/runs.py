"""Payment runs (lots de paiement) and their orders, one per payee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField


class RunKind(models.TextChoices):
    INSURED = "insured", _("Remboursements aux assurés")
    PROVIDER = "provider", _("Factures tiers payant")


class RunStatus(models.TextChoices):
    PREPARED = "prepared", _("Préparé")
    ISSUED = "issued", _("Virements émis")
    CLOSED = "closed", _("Clôturé")


class OrderStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordonnancé")
    SENT = "sent", _("Envoyé à la banque")
    PAID = "paid", _("Payé")
    REJECTED = "rejected", _("Rejeté par la banque")


class PaymentRun(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True)
    kind = models.CharField(_("nature"), max_length=10, choices=RunKind.choices)
    cut_off = models.DateField(_("date d'arrêté"))
    status = models.CharField(
        _("statut"), max_length=10, choices=RunStatus.choices, default=RunStatus.PREPARED
    )
    order_count = models.PositiveIntegerField(_("ordres"), default=0)
    item_count = models.PositiveIntegerField(_("pièces payées"), default=0)
    total = MoneyField(_("montant total"), default=0)
    skipped_count = models.PositiveIntegerField(_("pièces écartées"), default=0)
    skipped_total = MoneyField(_("montant écarté"), default=0)
    prepared_at = models.DateTimeField(_("préparé le"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("préparé par"),
    )
    issued_at = models.DateTimeField(_("émis le"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("émis par"),
    )
    payer_name = models.CharField(_("donneur d'ordre"), max_length=120, blank=True)
    payer_rib = models.CharField(_("RIB du donneur d'ordre"), max_length=24, blank=True)
    bank_file = models.TextField(_("fichier de virements"), blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lot de paiement")
        verbose_name_plural = _("lots de paiement")
        ordering = ["-prepared_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class PaymentOrder(models.Model):
    """One transfer to one payee (a member's RIB or a provider's RIB), snapshot at ordering."""

    reference = models.CharField(_("référence"), max_length=40, unique=True)
    run = models.ForeignKey(
        PaymentRun, models.PROTECT, related_name="orders", verbose_name=_("lot")
    )
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_orders",
        verbose_name=_("assuré"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_orders",
        verbose_name=_("prestataire"),
    )
    payee_name = models.CharField(_("bénéficiaire du virement"), max_length=200)
    rib = models.CharField(_("RIB"), max_length=24)
    amount = MoneyField(_("montant"))
    status = models.CharField(
        _("statut"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.ORDERED
    )
    bank_reference = models.CharField(_("référence bancaire"), max_length=60, blank=True)
    rejection_reason = models.CharField(_("motif du rejet"), max_length=300, blank=True)
    settled_on = models.DateField(_("dénoué le"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dénoué par"),
    )

    class Meta:
        verbose_name = _("ordre de paiement")
        verbose_name_plural = _("ordres de paiement")
        ordering = ["run", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, provider__isnull=True)
                | Q(member__isnull=True, provider__isnull=False),
                name="payment_order_one_payee",
            ),
            # nil when a receivable took the whole order (settled by offset, no transfer)
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_order_not_negative"),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="payorder_provider_idx")]

    def __str__(self) -> str:
        return self.reference
