"""Declarations, computed shares, payroll, calls, receipts and their matching. Persistence only.

A declaration (déclaration de salaires) is one employer's payroll for one month (`period`, the
first day of the month). Each line carries the member, the gross salary or pension, the days
declared, and the shares computed from the rates in force (`ContributionShare`). `Payroll` is
the payroll fact per member and month kept for the dashboards. The declaration gives rise to
one contribution call (appel) per employer and period; receipts (encaissements) are matched to
calls by allocations (imputations).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.choices import ContributionComponent, Population
from openamo.referentials.fields import MoneyField, RateField

# Days declared per month: 0 to 26, the working days of a full month in the CNSS convention
# (a full month counts 26 days whatever its length), which the 54-day opening rule counts in.
MAX_DAYS = 26


class DeclarationSource(models.TextChoices):
    FILE = "file", _("Fichier importé")
    MANUAL = "manual", _("Saisie manuelle")
    API = "api", _("API")


class ReceiptChannel(models.TextChoices):
    TRANSFER = "transfer", _("Virement")
    ONLINE = "online", _("Télépaiement")
    CHEQUE = "cheque", _("Chèque")
    CASH = "cash", _("Espèces")
    PAYROLL = "payroll", _("Précompte du Trésor")


class Declaration(models.Model):
    employer = models.ForeignKey(
        "members.Employer",
        models.PROTECT,
        related_name="declarations",
        verbose_name=_("employeur"),
    )
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="+", verbose_name=_("régime")
    )
    period = models.DateField(_("période"), help_text=_("Premier jour du mois déclaré."))
    source = models.CharField(_("origine"), max_length=10, choices=DeclarationSource.choices)
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    idempotency_key = models.CharField(
        _("clé d'idempotence"), max_length=100, null=True, blank=True, unique=True
    )
    line_count = models.PositiveIntegerField(_("lignes"), default=0)
    payroll_total = MoneyField(_("masse salariale (DH)"), default=0)
    contribution_total = MoneyField(_("cotisations dues (DH)"), default=0)
    submitted_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposée par"),
    )

    class Meta:
        verbose_name = _("déclaration de salaires")
        verbose_name_plural = _("déclarations de salaires")
        ordering = ["-period", "employer"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "period"], name="uniq_declaration_period")
        ]
        indexes = [models.Index(fields=["period"], name="declaration_period_idx")]

    def __str__(self) -> str:
        return f"{self.employer} — {self.period:%m/%Y}"


class DeclarationLine(models.Model):
    declaration = models.ForeignKey(
        Declaration, models.CASCADE, related_name="lines", verbose_name=_("déclaration")
    )
    line_number = models.PositiveIntegerField(_("n° de ligne"))
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        related_name="declaration_lines",
        verbose_name=_("assuré"),
    )
    population = models.CharField(_("statut"), max_length=20, choices=Population.choices)
    gross_salary = MoneyField(_("salaire brut ou pension (DH)"))
    days = models.PositiveSmallIntegerField(
        _("jours déclarés"), validators=[MinValueValidator(0), MaxValueValidator(MAX_DAYS)]
    )
    base = MoneyField(_("assiette (DH)"))
    contribution_total = MoneyField(_("cotisation (DH)"))

    class Meta:
        verbose_name = _("ligne de déclaration")
        verbose_name_plural = _("lignes de déclaration")
        ordering = ["declaration", "line_number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "member"], name="uniq_declared_member")
        ]
        indexes = [models.Index(fields=["member", "declaration"], name="declline_member_idx")]

    def __str__(self) -> str:
        return f"{self.declaration} · ligne {self.line_number}"


class ContributionShare(models.Model):
    """One share of a line's contribution, with the rule that produced it."""

    line = models.ForeignKey(
        DeclarationLine, models.CASCADE, related_name="shares", verbose_name=_("ligne")
    )
    member = models.ForeignKey(
        "members.Member", models.PROTECT, related_name="+", verbose_name=_("assuré")
    )
    period = models.DateField(_("période"))
    component = models.CharField(_("part"), max_length=20, choices=ContributionComponent.choices)
    rate = RateField(_("taux appliqué (%)"))
    raw_amount = MoneyField(_("montant avant plancher/plafond (DH)"))
    amount = MoneyField(_("montant dû (DH)"))
    floor_applied = models.BooleanField(_("plancher appliqué"), default=False)
    ceiling_applied = models.BooleanField(_("plafond mensuel appliqué"), default=False)
    yearly_ceiling_applied = models.BooleanField(_("plafond annuel appliqué"), default=False)

    class Meta:
        verbose_name = _("part de cotisation")
        verbose_name_plural = _("parts de cotisation")
        ordering = ["line", "component"]
        indexes = [
            models.Index(fields=["member", "component", "period"], name="share_member_year_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_component_display()} : {self.amount} DH"


class Payroll(models.Model):
    """Payroll (masse salariale) per member, employer and month, for the dashboards."""

    line = models.OneToOneField(
        DeclarationLine, models.CASCADE, related_name="payroll", verbose_name=_("ligne")
    )
    member = models.ForeignKey(
        "members.Member", models.PROTECT, related_name="payrolls", verbose_name=_("assuré")
    )
    employer = models.ForeignKey(
        "members.Employer", models.PROTECT, related_name="payrolls", verbose_name=_("employeur")
    )
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="+", verbose_name=_("régime")
    )
    period = models.DateField(_("période"))
    gross_salary = MoneyField(_("salaire brut ou pension (DH)"))
    days = models.PositiveSmallIntegerField(_("jours déclarés"))
    contribution_total = MoneyField(_("cotisation (DH)"))

    class Meta:
        verbose_name = _("masse salariale mensuelle")
        verbose_name_plural = _("masse salariale mensuelle")
        ordering = ["-period", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "employer", "period"], name="uniq_payroll_month"
            )
        ]
        indexes = [models.Index(fields=["scheme", "period"], name="payroll_scheme_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.period:%m/%Y} : {self.gross_salary} DH"


class ContributionCall(models.Model):
    """What an employer owes for a period (appel de cotisations)."""

    employer = models.ForeignKey(
        "members.Employer", models.PROTECT, related_name="calls", verbose_name=_("employeur")
    )
    period = models.DateField(_("période"))
    declaration = models.OneToOneField(
        Declaration,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="call",
        verbose_name=_("déclaration"),
    )
    amount_due = MoneyField(_("montant appelé (DH)"))
    due_on = models.DateField(_("date d'exigibilité"))
    issued_at = models.DateTimeField(_("émis le"), auto_now=True)

    class Meta:
        verbose_name = _("appel de cotisations")
        verbose_name_plural = _("appels de cotisations")
        ordering = ["-period", "employer"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "period"], name="uniq_call_period")
        ]
        indexes = [models.Index(fields=["due_on"], name="call_due_idx")]

    def __str__(self) -> str:
        return f"Appel {self.employer} {self.period:%m/%Y} : {self.amount_due} DH"


class Receipt(models.Model):
    """Money received from an employer (encaissement)."""

    employer = models.ForeignKey(
        "members.Employer", models.PROTECT, related_name="receipts", verbose_name=_("employeur")
    )
    amount = MoneyField(_("montant (DH)"), validators=[MinValueValidator(Decimal("0.01"))])
    received_on = models.DateField(_("reçu le"))
    channel = models.CharField(_("canal"), max_length=10, choices=ReceiptChannel.choices)
    reference = models.CharField(_("référence"), max_length=60)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )

    class Meta:
        verbose_name = _("encaissement")
        verbose_name_plural = _("encaissements")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "reference"], name="uniq_receipt_ref")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.reference} : {self.amount} DH"


class ReceiptAllocation(models.Model):
    """The part of a receipt placed on a call (imputation)."""

    receipt = models.ForeignKey(
        Receipt, models.CASCADE, related_name="allocations", verbose_name=_("encaissement")
    )
    call = models.ForeignKey(
        ContributionCall, models.PROTECT, related_name="allocations", verbose_name=_("appel")
    )
    amount = MoneyField(_("montant imputé (DH)"))
    allocated_at = models.DateTimeField(_("imputé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("imputation")
        verbose_name_plural = _("imputations")
        ordering = ["call", "allocated_at"]

    def __str__(self) -> str:
        return f"{self.amount} DH → {self.call}"
