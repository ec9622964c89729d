"""Alerts raised by the detectors and the cases controllers open from them.

The detectors (`fraud/rules/`, `fraud/detectors/`) write `Alert` rows; the controllers' workspace
triages them and investigates `Case` rows. An alert's subject is a beneficiary, a family (its
member) or a provider; `dedup_key` keeps one alert per finding across runs.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    IN_CASE = "in_case", _("Rattachée à un dossier")
    DISMISSED = "dismissed", _("Classée sans suite")


class Verdict(models.TextChoices):
    NONE = "", _("Sans verdict")
    CONFIRMED = "confirmed", _("Confirmée")
    DISMISSED = "dismissed", _("Infirmée")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Ouvert")
    INVESTIGATING = "investigating", _("En investigation")
    CLOSED_UNFOUNDED = "closed_unfounded", _("Clos : non fondé")
    CLOSED_ABUSE = "closed_abuse", _("Clos : abus")
    CLOSED_COURT = "closed_court", _("Clos : fraude transmise à la justice")
    CLOSED_RECOVERED = "closed_recovered", _("Clos : indu recouvré")


class Case(models.Model):
    """An investigation on an insured person, a family or a provider."""

    reference = models.CharField(_("référence"), max_length=20, unique=True)
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bénéficiaire"),
    )
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille (adhérent)"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prestataire"),
    )
    title = models.CharField(_("objet"), max_length=200)
    status = models.CharField(
        _("statut"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contrôleur"),
    )
    amount_at_stake = models.DecimalField(
        _("montant en jeu"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    amount_recovered = models.DecimalField(
        _("montant recouvré"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    opened_at = models.DateTimeField(_("ouvert le"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ouvert par"),
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier d'investigation")
        verbose_name_plural = _("dossiers d'investigation")
        ordering = ["-opened_at", "-id"]
        permissions = [("view_360", _("Consulter les vues 360° (familles, prestataires)"))]

    def __str__(self) -> str:
        return f"{self.reference} · {self.title}"


class Alert(models.Model):
    """One finding of one detector on one subject, with its evidence and its score."""

    detector = models.CharField(_("détecteur"), max_length=40, db_index=True)
    reason_code = models.CharField(_("motif (code)"), max_length=40)
    explanation = models.TextField(_("explication"))
    evidence = models.JSONField(_("éléments de preuve"), default=dict)
    score = models.FloatField(_("score"), help_text=_("0 à 1 : vraisemblance de l'anomalie."))
    amount_at_stake = models.DecimalField(
        _("montant en jeu"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bénéficiaire"),
    )
    member = models.ForeignKey(
        "members.Member",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("famille (adhérent)"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prestataire"),
    )
    claim = models.ForeignKey(
        "claims.Claim",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier de maladie"),
    )
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    dedup_key = models.CharField(_("clé de déduplication"), max_length=200, unique=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.NEW
    )
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, blank=True, default=""
    )
    dismiss_reason = models.CharField(_("motif du classement"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("dossier d'investigation"),
    )
    created_at = models.DateTimeField(_("levée le"), db_index=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-score", "-id"]
        indexes = [
            models.Index(fields=["status", "detector"], name="alert_status_idx"),
            models.Index(fields=["provider", "status"], name="alert_provider_idx"),
            models.Index(fields=["member", "status"], name="alert_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.detector} · {self.reason_code} · {self.score:.2f}"


class CaseEventKind(models.TextChoices):
    STATUS = "status", _("Changement de statut")
    DECISION = "decision", _("Décision")
    SUSPENSION = "suspension", _("Suspension des paiements")
    LIFT = "lift", _("Levée de la suspension")
    ALERT = "alert", _("Alerte rattachée")
    RECOVERY = "recovery", _("Indu à recouvrer")


class CaseEvent(models.Model):
    """What happened on a case, by whom and when: status changes, decisions, suspensions."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="events", verbose_name=_("dossier d'investigation")
    )
    kind = models.CharField(_("nature"), max_length=12, choices=CaseEventKind.choices)
    from_status = models.CharField(
        _("de"), max_length=20, choices=CaseStatus.choices, blank=True, default=""
    )
    to_status = models.CharField(
        _("vers"), max_length=20, choices=CaseStatus.choices, blank=True, default=""
    )
    text = models.TextField(_("texte"), blank=True)
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+", verbose_name=_("par")
    )

    class Meta:
        verbose_name = _("événement du dossier")
        verbose_name_plural = _("historique du dossier")
        ordering = ["case", "at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} · {self.get_kind_display()}"


class CaseNote(models.Model):
    case = models.ForeignKey(
        Case, models.CASCADE, related_name="notes", verbose_name=_("dossier d'investigation")
    )
    text = models.TextField(_("note d'investigation"))
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("par")
    )

    class Meta:
        verbose_name = _("note d'investigation")
        verbose_name_plural = _("notes d'investigation")
        ordering = ["case", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case.reference} · note {self.pk}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        Case, models.CASCADE, related_name="documents", verbose_name=_("dossier d'investigation")
    )
    label = models.CharField(_("intitulé"), max_length=200)
    # earlier pieces kept their file here; since the document store, the file is a
    # `documents.Document` of this row (served under the case's scope, reads logged)
    file = models.FileField(_("fichier"), upload_to="fraud/cases/%Y/%m/", blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    at = models.DateTimeField(_("déposé le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("déposé par")
    )

    class Meta:
        verbose_name = _("pièce du dossier")
        verbose_name_plural = _("pièces du dossier")
        ordering = ["case", "-at", "-id"]

    def __str__(self) -> str:
        return self.label


class CaseSuspension(models.Model):
    """A preventive suspension of a payee's payments (a payments hold) decided on a case; it is
    lifted only by a decision recorded on the same case."""

    case = models.ForeignKey(
        Case, models.PROTECT, related_name="suspensions", verbose_name=_("dossier d'investigation")
    )
    hold = models.OneToOneField(
        "payments.PaymentHold",
        models.PROTECT,
        related_name="case_suspension",
        verbose_name=_("opposition au paiement"),
    )
    lift_decision = models.OneToOneField(
        CaseEvent,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="lifted_suspension",
        verbose_name=_("décision de levée"),
    )

    class Meta:
        verbose_name = _("suspension préventive")
        verbose_name_plural = _("suspensions préventives")
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} · {self.hold}"


from .scan_models import ScanRun  # noqa: E402  (the scan's runs, kept in their own module)

__all__ = [
    "Alert",
    "AlertStatus",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseEventKind",
    "CaseNote",
    "CaseStatus",
    "CaseSuspension",
    "ScanRun",
    "Verdict",
]
