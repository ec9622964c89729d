"""Holds (oppositions): payments to a member, to a provider, or of one claim or invoice are
suspended while the hold is in force (fraud control, disputes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TARGETS = ("member", "provider", "claim", "invoice")


class PaymentHold(models.Model):
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_holds",
        verbose_name=_("assuré"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_holds",
        verbose_name=_("prestataire"),
    )
    claim = models.ForeignKey(
        "claims.Claim",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_holds",
        verbose_name=_("dossier"),
    )
    invoice = models.ForeignKey(
        "authorizations.Invoice",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_holds",
        verbose_name=_("facture"),
    )
    reason = models.CharField(_("motif"), max_length=300)
    starts_on = models.DateField(_("à partir du"))
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    set_at = models.DateTimeField(_("posée le"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("posée par"),
    )
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("levée par"),
    )
    lift_reason = models.CharField(_("motif de la levée"), max_length=300, blank=True)
    # set when a fraud controller suspends payments from an investigation case: the hold is
    # then lifted only with the decision recorded on that case
    case_reference = models.CharField(
        _("dossier d'investigation"), max_length=20, blank=True, default=""
    )

    class Meta:
        verbose_name = _("opposition au paiement")
        verbose_name_plural = _("oppositions au paiement")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        member__isnull=False,
                        provider__isnull=True,
                        claim__isnull=True,
                        invoice__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        provider__isnull=False,
                        claim__isnull=True,
                        invoice__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        provider__isnull=True,
                        claim__isnull=False,
                        invoice__isnull=True,
                    )
                    | Q(
                        member__isnull=True,
                        provider__isnull=True,
                        claim__isnull=True,
                        invoice__isnull=False,
                    )
                ),
                name="payment_hold_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"Opposition n° {self.pk} : {self.target_label}"

    @property
    def target(self):
        return next(getattr(self, name) for name in TARGETS if getattr(self, f"{name}_id"))

    @property
    def target_kind(self) -> str:
        return next(name for name in TARGETS if getattr(self, f"{name}_id"))

    @property
    def target_label(self) -> str:
        labels = {
            "member": "assuré",
            "provider": "prestataire",
            "claim": "dossier",
            "invoice": "facture",
        }
        return f"{labels[self.target_kind]} {self.target}"

    def in_force(self, day) -> bool:
        return (
            self.lifted_at is None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )
