"""The fraud rules' referential: thresholds, who may receive which code, what a bundle includes,
and from which score a rule holds a line before payment. Dated rows, edited by an administrator;
the rules read the rows in force on the scan's date."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel


class ControlRule(models.TextChoices):
    DUPLICATE_LINE = "duplicate_line", _("Doublon de ligne")
    UNBUNDLING = "unbundling", _("Fractionnement d'un forfait ou d'un acte")
    QUANTITY = "quantity_beyond_duration", _("Quantité au-delà de la durée de traitement")
    SEX = "sex_incompatible", _("Acte incompatible avec le sexe")
    AGE = "age_incompatible", _("Acte incompatible avec l'âge")
    AFTER_DEATH = "care_after_death", _("Soins après décès")
    DURING_STAY = "care_during_stay", _("Soins ambulatoires pendant une hospitalisation")
    DIALYSIS = "dialysis_over_three", _("Plus de trois dialyses par semaine")
    PHANTOM_STAY = "phantom_stay", _("Hospitalisation fictive")
    SHOPPING = "doctor_shopping", _("Nomadisme médical")
    PRESCRIPTION_REUSE = "prescription_reuse", _("Ordonnance délivrée plusieurs fois")


class ControlParameterCode(models.TextChoices):
    MAX_BOXES = "max_boxes_per_line", _("Boîtes par ligne de médicament (max.)")
    DIALYSIS_PER_WEEK = "dialysis_sessions_per_week", _("Séances de dialyse par semaine (max.)")
    PHANTOM_WINDOW = "phantom_stay_window_days", _("Hospitalisation fictive : fenêtre (jours)")
    SHOPPING_WINDOW = "shopping_window_days", _("Nomadisme : fenêtre (jours)")
    SHOPPING_PRESCRIBERS = "shopping_prescribers", _("Nomadisme : prescripteurs (min.)")
    SHOPPING_PHARMACIES = "shopping_pharmacies", _("Nomadisme : pharmacies (min.)")


class ControlParameter(DatedModel):
    code = models.CharField(_("paramètre"), max_length=40, choices=ControlParameterCode.choices)
    value = models.DecimalField(_("valeur"), max_digits=10, decimal_places=2)
    history = HistoricalRecords()
    validity_key = ("code",)

    class Meta:
        verbose_name = _("paramètre de contrôle")
        verbose_name_plural = _("paramètres de contrôle")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="uniq_control_param_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} = {self.value}"


class ControlRuleSetting(DatedModel):
    """Before payment, a hit scored at or above `hold_from_score` holds its lines for review
    (the insured reads the reason on the statement); below it, or without a score, an alert only."""

    rule = models.CharField(_("règle"), max_length=40, choices=ControlRule.choices)
    hold_from_score = models.DecimalField(
        _("suspension avant paiement à partir du score"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Entre 0 et 1. Vide : alerte seulement, jamais de suspension."),
    )
    history = HistoricalRecords()
    validity_key = ("rule",)

    class Meta:
        verbose_name = _("réglage d'une règle de contrôle")
        verbose_name_plural = _("réglages des règles de contrôle")
        ordering = ["rule", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "valid_from"], name="uniq_control_rule_start")
        ]

    def __str__(self) -> str:
        return self.get_rule_display()


class CodeRestriction(DatedModel):
    """Who may receive a code (or every code of a prefix ending in '*'): sex and age range."""

    code = models.CharField(_("code ou préfixe"), max_length=30, help_text=_("Ex. ACC-*."))
    label = models.CharField(_("libellé"), max_length=200)
    sex = models.CharField(
        _("sexe"), max_length=1, blank=True, choices=[("M", _("Homme")), ("F", _("Femme"))]
    )
    min_age = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    history = HistoricalRecords()
    validity_key = ("code",)

    class Meta:
        verbose_name = _("restriction d'un acte")
        verbose_name_plural = _("restrictions des actes (sexe, âge)")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="uniq_code_restriction")
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"


class CodeBundle(DatedModel):
    """A code that already pays others when the same executor bills them around its date."""

    code = models.CharField(_("code ou préfixe"), max_length=30, help_text=_("Ex. CHIR-*."))
    label = models.CharField(_("libellé"), max_length=200)
    included = models.CharField(
        _("codes compris"), max_length=200, help_text=_("Séparés par des virgules : HOSP-MED, K.")
    )
    days = models.PositiveSmallIntegerField(_("jours couverts après la date"), default=0)
    max_coefficient = models.DecimalField(
        _("coefficient maximum des codes compris"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    history = HistoricalRecords()
    validity_key = ("code",)

    class Meta:
        verbose_name = _("forfait et ses composantes")
        verbose_name_plural = _("forfaits et leurs composantes")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="uniq_code_bundle_start")
        ]

    @property
    def included_codes(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.included.split(",") if c.strip())

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"
