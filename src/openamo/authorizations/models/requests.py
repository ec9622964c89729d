"""Prior-authorisation requests (demandes de prise en charge), their acts, documents, the
documents a reviewer asked for, and the trail of every step (who or which rule took it).

An agreement granted (approved or partly approved) is definitive: no reserves.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.claims.models import LineKind
from openamo.referentials.choices import RequestStage
from openamo.referentials.fields import MoneyField, RateField


class RequestStatus(models.TextChoices):
    INCOMPLETE = "incomplete", _("Pièces manquantes")
    PENDING = "pending", _("En instruction")
    APPROVED = "approved", _("Accordée")
    PARTLY_APPROVED = "partly_approved", _("Accordée partiellement")
    REFUSED = "refused", _("Refusée")


GRANTED = (RequestStatus.APPROVED, RequestStatus.PARTLY_APPROVED)
DECIDED = (*GRANTED, RequestStatus.REFUSED)


class Queue(models.TextChoices):
    DELEGATION = "delegation", _("Délégation régionale")
    MEDICAL = "medical", _("Médecin contrôleur")


class RefusalReason(models.TextChoices):
    NOT_JUSTIFIED = "not_medically_justified", _("Acte non justifié médicalement")
    NOT_COVERED = "not_covered", _("Prestation non couverte par le régime")
    NO_RIGHTS = "no_rights", _("Droits fermés aux dates prévues")
    PROVIDER_NOT_AGREED = "provider_not_agreed", _("Prestataire non conventionné pour ces soins")
    DUPLICATE = "duplicate_request", _("Demande en double d'une prise en charge existante")
    DOCUMENTS_NOT_PROVIDED = "documents_not_provided", _("Pièces demandées non fournies")
    QUOTATION = "quotation_incorrect", _("Cotation incorrecte")


# The kinds of act a request names are the kinds of claim line (valued by the same engine).
ActKind = LineKind


class AuthorizationRequest(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True)
    idempotency_key = models.CharField(
        _("clé d'idempotence"), max_length=100, null=True, blank=True, unique=True
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        related_name="authorization_requests",
        verbose_name=_("prestataire"),
    )
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        related_name="authorization_requests",
        verbose_name=_("bénéficiaire"),
    )
    authorization_type = models.ForeignKey(
        "referentials.AuthorizationType",
        models.PROTECT,
        related_name="requests",
        verbose_name=_("type"),
    )
    stage = models.CharField(
        _("demande"), max_length=10, choices=RequestStage.choices, default=RequestStage.INITIAL
    )
    diagnosis = models.CharField(_("diagnostic (CIM-10)"), max_length=10)
    ald_code = models.CharField(_("ALD/ALC invoquée"), max_length=20, blank=True)
    doctor_inpe = models.CharField(_("INPE du médecin"), max_length=9, blank=True)
    planned_start = models.DateField(_("début prévu"))
    planned_end = models.DateField(_("fin prévue"))
    sessions_per_week = models.PositiveSmallIntegerField(
        _("séances par semaine"), null=True, blank=True
    )
    estimated_amount = MoneyField(_("montant estimé (DH)"))
    status = models.CharField(_("statut"), max_length=20, choices=RequestStatus.choices)
    queue = models.CharField(_("file"), max_length=12, choices=Queue.choices, blank=True)
    delegation = models.ForeignKey(
        "referentials.Delegation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="authorization_requests",
        verbose_name=_("délégation"),
    )
    submitted_at = models.DateTimeField(_("déposée le"))
    queued_at = models.DateTimeField(_("mise en file le"), null=True, blank=True)
    due_at = models.DateTimeField(_("à décider avant le"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escaladée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decision_rule = models.CharField(_("règle de décision"), max_length=60, blank=True)
    refusal_reason = models.CharField(
        _("motif de refus"), max_length=30, choices=RefusalReason.choices, blank=True
    )
    decision_note = models.TextField(_("motivation"), blank=True)
    valid_from = models.DateField(_("accord valable du"), null=True, blank=True)
    valid_to = models.DateField(_("au"), null=True, blank=True)
    amount_charged = MoneyField(_("montant des actes (DH)"), default=0)
    amount_covered = MoneyField(_("part de la caisse (DH)"), default=0)
    copayment = MoneyField(_("ticket modérateur (DH)"), default=0)
    remaining = MoneyField(_("reste à charge de l'assuré (DH)"), default=0)
    exemption_applied = models.CharField(_("exonération appliquée"), max_length=20, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposée par"),
    )

    class Meta:
        verbose_name = _("demande de prise en charge")
        verbose_name_plural = _("demandes de prise en charge")
        ordering = ["-submitted_at", "-id"]
        permissions = [("decide_authorizationrequest", _("Décider des prises en charge"))]
        indexes = [
            models.Index(fields=["status", "due_at"], name="authz_queue_idx"),
            models.Index(fields=["provider", "submitted_at"], name="authz_provider_idx"),
            models.Index(fields=["beneficiary", "status"], name="authz_benef_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def granted(self) -> bool:
        return self.status in GRANTED

    @property
    def decided(self) -> bool:
        return self.status in DECIDED


class RequestAct(models.Model):
    """An act, forfait or device asked for, valued by the claims engine, and what was granted."""

    request = models.ForeignKey(
        AuthorizationRequest, models.CASCADE, related_name="acts", verbose_name=_("demande")
    )
    number = models.PositiveSmallIntegerField(_("n°"))
    kind = models.CharField(_("type"), max_length=10, choices=ActKind.choices)
    code = models.CharField(_("code"), max_length=30)
    coefficient = models.DecimalField(_("coefficient"), max_digits=9, decimal_places=2, default=1)
    quantity = models.DecimalField(_("quantité"), max_digits=9, decimal_places=2, default=1)
    charged = MoneyField(_("montant prévu (DH)"), null=True, blank=True)
    quotation = models.CharField(_("cotation"), max_length=60, blank=True)
    label = models.CharField(_("libellé"), max_length=250, blank=True)
    care_category = models.CharField(_("catégorie"), max_length=30, blank=True)
    base = MoneyField(_("base (DH)"), default=0)
    rate = RateField(_("taux (%)"), default=0)
    covered = MoneyField(_("part de la caisse (DH)"), default=0)
    copayment = MoneyField(_("ticket modérateur (DH)"), default=0)
    problem = models.CharField(_("anomalie"), max_length=300, blank=True)
    granted_quantity = models.DecimalField(
        _("quantité accordée"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("acte demandé")
        verbose_name_plural = _("actes demandés")
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="uniq_authz_act_number")
        ]

    def __str__(self) -> str:
        return self.quotation or self.code


class SubmittedDocument(models.Model):
    """A document of the nomenclature sent with a request (its metadata; the file itself is
    kept by the document store)."""

    request = models.ForeignKey(
        AuthorizationRequest, models.CASCADE, related_name="documents", verbose_name=_("demande")
    )
    document_type = models.ForeignKey(
        "referentials.DocumentType", models.PROTECT, related_name="+", verbose_name=_("pièce")
    )
    file_name = models.CharField(_("fichier"), max_length=200, blank=True)
    reference = models.CharField(_("référence ou date du document"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("reçue le"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("envoyée par"),
    )

    class Meta:
        verbose_name = _("pièce fournie")
        verbose_name_plural = _("pièces fournies")
        ordering = ["request", "received_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} · {self.document_type}"


class DocumentAsk(models.Model):
    """A document of the nomenclature a reviewer asked for (never one outside it)."""

    request = models.ForeignKey(
        AuthorizationRequest, models.CASCADE, related_name="asks", verbose_name=_("demande")
    )
    document_type = models.ForeignKey(
        "referentials.DocumentType", models.PROTECT, related_name="+", verbose_name=_("pièce")
    )
    note = models.CharField(_("précision"), max_length=300, blank=True)
    asked_at = models.DateTimeField(_("demandée le"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("demandée par")
    )
    received_at = models.DateTimeField(_("reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("pièce demandée par le contrôle")
        verbose_name_plural = _("pièces demandées par le contrôle")
        ordering = ["request", "asked_at"]

    def __str__(self) -> str:
        return f"{self.request} · {self.document_type}"


class RequestEvent(models.Model):
    """One step of a request: by a user, or by a rule (`rule` names it), with its reason."""

    request = models.ForeignKey(
        AuthorizationRequest, models.CASCADE, related_name="events", verbose_name=_("demande")
    )
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    rule = models.CharField(_("règle"), max_length=60, blank=True)
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("de"), max_length=20, blank=True)
    to_status = models.CharField(
        _("vers"), max_length=20, blank=True, choices=RequestStatus.choices
    )
    note = models.TextField(_("détail"), blank=True)

    class Meta:
        verbose_name = _("étape de la demande")
        verbose_name_plural = _("historique des demandes")
        ordering = ["request", "at", "id"]

    def __str__(self) -> str:
        who = self.by or f"règle {self.rule}"
        return f"{self.request} · {self.action} ({who})"
