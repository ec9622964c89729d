from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel

from ..choices import CareCategory, ContributionBase, ContributionComponent, Population, Sector
from ..fields import MoneyField, RateField

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class Scheme(models.Model):
    """A scheme (régime): CNOPS, CNSS salariés, TNS... each with its own parameters."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    fund = models.CharField(_("caisse gestionnaire"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("régime")
        verbose_name_plural = _("régimes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code.upper()} — {self.name}"


class ParameterCode(models.TextChoices):
    """The named parameters of a scheme; the label carries the unit."""

    DEPOSIT_DELAY_DAYS = "deposit_delay_days", _("Délai de dépôt des dossiers (jours)")
    BILLING_DELAY_DAYS = "billing_delay_days", _("Délai de facturation tiers payant (jours)")
    BILLING_BATCH_MAX = "billing_batch_max", _("Dossiers par bordereau de facturation (max.)")
    CHILD_AGE_LIMIT = "child_age_limit", _("Âge limite des enfants (ans)")
    STUDENT_AGE_LIMIT = "student_age_limit", _("Âge limite des enfants étudiants (ans)")
    RIGHTS_MAINTENANCE_MONTHS = "rights_maintenance_months", _("Maintien des droits (mois)")
    RIGHTS_MAINTENANCE_DIVORCE_MONTHS = (
        "rights_maintenance_divorce_months",
        _("Maintien des droits du conjoint divorcé (mois)"),
    )
    RIGHTS_MAINTENANCE_SURVIVOR_MONTHS = (
        "rights_maintenance_survivor_months",
        _("Maintien des droits des survivants (mois)"),
    )
    RIGHTS_OPENING_DAYS = "rights_opening_days", _("Ouverture des droits : jours cotisés")
    RIGHTS_OPENING_WINDOW_MONTHS = (
        "rights_opening_window_months",
        _("Ouverture des droits : fenêtre (mois)"),
    )
    ALD_EXEMPTION_YEARS = "ald_exemption_years", _("Validité de l'exonération ALD (ans)")
    ALD_RATE = "ald_rate", _("Taux de prise en charge ALD/ALC (%)")
    INSURED_PAYMENT_DAYS = "insured_payment_days", _("Remboursement de l'assuré (jours)")
    PROVIDER_PAYMENT_DAYS = "provider_payment_days", _("Paiement des prestataires (jours)")
    DIRECT_BILLING_PAYMENT_DAYS = (
        "direct_billing_payment_days",
        _("Paiement des factures tiers payant (jours)"),
    )
    PUBLIC_HOSPITAL_DIRECT_BILLING_MIN = (
        "public_hospital_direct_billing_min",
        _("Seuil tiers payant hôpital public (DH)"),
    )
    BIOLOGY_DIRECT_BILLING_MIN_B = (
        "biology_direct_billing_min_b",
        _("Seuil tiers payant biologie (coefficient B)"),
    )
    AUTHORIZATION_DECISION_HOURS = (
        "authorization_decision_hours",
        _("Délai de décision d'une prise en charge (heures)"),
    )
    COMPLAINT_ANSWER_HOURS = "complaint_answer_hours", _("Délai de réponse aux réclamations (h)")
    ANAM_LEVY_RATE = "anam_levy_rate", _("Prélèvement ANAM (% des cotisations)")
    ADMIN_COSTS_CAP_RATE = "admin_costs_cap_rate", _("Plafond des frais de gestion (%)")
    ELIGIBILITY_PROBE_MISSES = (
        "eligibility_probe_misses",
        _("Sondage d'éligibilité : recherches infructueuses tolérées par fenêtre"),
    )
    ELIGIBILITY_PROBE_WINDOW_MINUTES = (
        "eligibility_probe_window_minutes",
        _("Sondage d'éligibilité : durée de la fenêtre (minutes)"),
    )


class SchemeParameter(DatedModel):
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="parameters", verbose_name=_("régime")
    )
    code = models.CharField(_("paramètre"), max_length=50, choices=ParameterCode.choices)
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=3)
    history = HistoricalRecords()
    validity_key = ("scheme", "code")

    class Meta:
        verbose_name = _("paramètre de régime")
        verbose_name_plural = _("paramètres de régime")
        ordering = ["scheme", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code", "valid_from"], name="uniq_param_start"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.scheme.code.upper()} · {self.get_code_display()} = {self.value.normalize():f}"
        )


class ContributionRate(DatedModel):
    """A contribution rate for a population and a share, with its monthly floor and ceiling."""

    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="contribution_rates", verbose_name=_("régime")
    )
    population = models.CharField(_("population"), max_length=20, choices=Population.choices)
    component = models.CharField(_("part"), max_length=20, choices=ContributionComponent.choices)
    base = models.CharField(_("assiette"), max_length=20, choices=ContributionBase.choices)
    rate = RateField(_("taux (%)"), validators=PERCENT)
    floor_monthly = MoneyField(_("plancher mensuel (DH)"), null=True, blank=True)
    ceiling_monthly = MoneyField(_("plafond mensuel (DH)"), null=True, blank=True)
    ceiling_yearly = MoneyField(_("plafond annuel (DH)"), null=True, blank=True)
    history = HistoricalRecords()
    validity_key = ("scheme", "population", "component")

    class Meta:
        verbose_name = _("taux de cotisation")
        verbose_name_plural = _("taux de cotisation")
        ordering = ["scheme", "population", "component", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "population", "component", "valid_from"],
                name="uniq_contrib_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code.upper()} · {self.get_population_display()} · {self.get_component_display()} {self.rate.normalize():f} %"


class ReimbursementRate(DatedModel):
    """The rate applied to the reimbursement base, per care category and sector."""

    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="reimbursement_rates", verbose_name=_("régime")
    )
    care_category = models.CharField(
        _("catégorie de soins"), max_length=30, choices=CareCategory.choices
    )
    sector = models.CharField(
        _("secteur"), max_length=20, choices=Sector.choices, default=Sector.ALL
    )
    rate = RateField(_("taux (%)"), validators=PERCENT)
    history = HistoricalRecords()
    validity_key = ("scheme", "care_category", "sector")

    class Meta:
        verbose_name = _("taux de remboursement")
        verbose_name_plural = _("taux de remboursement")
        ordering = ["scheme", "care_category", "sector", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "care_category", "sector", "valid_from"], name="uniq_reimb_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code.upper()} · {self.get_care_category_display()} · {self.get_sector_display()} : {self.rate.normalize():f} %"
