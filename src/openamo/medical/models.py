"""Medical control: ALD exemption requests and their documents, counter-examinations, the
dated delays and the decision templates of the medical reviewers.

An ALD request is filed by the treating physician (provider portal) or by the insured person
(insured portal), routed to the medical control of the beneficiary's delegation, and decided
before its deadline (computed at filing from the `MedicalDelay` row in force, and stored). A
grant creates the `members.AldExemption` the adjudication engine already reads.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.core.dated import DatedModel


class MedicalDelay(DatedModel):
    """How long the medical control has to decide, and when a renewal reminder goes out."""

    decision_days = models.PositiveIntegerField(_("délai de décision (jours)"), default=15)
    reminder_days = models.PositiveIntegerField(
        _("rappel de renouvellement (jours avant l'échéance)"), default=60
    )
    max_upload_bytes = models.PositiveIntegerField(
        _("taille maximale d'une pièce (octets)"), default=5 * 1024 * 1024
    )

    validity_key = ()

    class Meta:
        verbose_name = _("délai du contrôle médical")
        verbose_name_plural = _("délais du contrôle médical")
        ordering = ["valid_from"]


class AldDocumentRule(DatedModel):
    """A document the file of an ALD request must hold (empty condition: every ALD)."""

    condition_code = models.CharField(
        _("ALD"), max_length=20, blank=True, help_text=_("Vide : toutes les ALD.")
    )
    document_type = models.ForeignKey(
        "referentials.DocumentType", models.PROTECT, verbose_name=_("pièce")
    )
    validity_key = ("condition_code", "document_type")

    class Meta:
        verbose_name = _("pièce exigée pour une ALD")
        verbose_name_plural = _("pièces exigées pour les ALD")
        ordering = ["condition_code", "document_type_id"]

    def __str__(self) -> str:
        return f"{self.condition_code or '*'} · {self.document_type}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("En instruction")
    INFO_REQUESTED = "info_requested", _("Complément demandé")
    COUNTER_EXAM = "counter_exam", _("Contre-visite ordonnée")
    GRANTED = "granted", _("Exonération accordée")
    REFUSED = "refused", _("Refusée")


OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.INFO_REQUESTED, RequestStatus.COUNTER_EXAM)


class FiledBy(models.TextChoices):
    PHYSICIAN = "physician", _("Médecin traitant")
    INSURED = "insured", _("Assuré")


class RefusalReason(models.TextChoices):
    NOT_ON_LIST = "not_on_list", _("Affection hors de la liste des ALD")
    NOT_ESTABLISHED = "not_established", _("Diagnostic non établi par les pièces")
    NOT_SEVERE = "not_severe", _("Critères de gravité non réunis")
    NO_SHOW = "no_show", _("Absence à la contre-visite")
    COUNTER_EXAM = "counter_exam", _("Avis défavorable de la contre-visite")
    INCOMPLETE = "incomplete", _("Pièces demandées non fournies")


class AldRequest(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        related_name="ald_requests",
        verbose_name=_("bénéficiaire"),
    )
    condition = models.ForeignKey(
        "referentials.AldCondition", models.PROTECT, related_name="+", verbose_name=_("affection")
    )
    icd10_code = models.CharField(_("code CIM-10"), max_length=10)
    filed_by = models.CharField(_("déposée par"), max_length=10, choices=FiledBy.choices)
    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("médecin traitant"),
    )
    physician_inpe = models.CharField(_("INPE du médecin traitant"), max_length=9, blank=True)
    certificate_date = models.DateField(_("date du certificat médical"))
    clinical_summary = models.TextField(_("résumé clinique"), blank=True)
    renewal_of = models.ForeignKey(
        "members.AldExemption",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("renouvellement de"),
    )
    delegation = models.ForeignKey(
        "referentials.Delegation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("délégation"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("médecin contrôleur"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("saisie par")
    )
    filed_at = models.DateTimeField(_("déposée le"))
    due_on = models.DateField(_("à décider avant le"))
    info_asked = models.TextField(_("complément demandé"), blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    refusal_reason = models.CharField(
        _("motif de refus"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    decision_note = models.TextField(_("motivation"), blank=True)
    exemption = models.OneToOneField(
        "members.AldExemption",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="ald_request",
        verbose_name=_("exonération accordée"),
    )

    class Meta:
        verbose_name = _("demande d'exonération ALD")
        verbose_name_plural = _("demandes d'exonération ALD")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="aldreq_queue_idx")]

    def __str__(self) -> str:
        return f"{self.reference} · {self.condition.code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AldRequestDocument(models.Model):
    request = models.ForeignKey(
        AldRequest, models.CASCADE, related_name="documents", verbose_name=_("demande")
    )
    document_type = models.ForeignKey(
        "referentials.DocumentType", models.PROTECT, related_name="+", verbose_name=_("pièce")
    )
    file = models.FileField(_("fichier"), upload_to="medical/ald/%Y/%m/")
    file_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("taille (octets)"))
    received_at = models.DateTimeField(_("reçue le"))

    class Meta:
        verbose_name = _("pièce d'une demande ALD")
        verbose_name_plural = _("pièces des demandes ALD")
        ordering = ["request_id", "id"]

    def __str__(self) -> str:
        return f"{self.request.reference} · {self.document_type}"


class AldRequestEvent(models.Model):
    request = models.ForeignKey(
        AldRequest, models.CASCADE, related_name="events", verbose_name=_("demande")
    )
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    action = models.CharField(_("action"), max_length=60)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("étape d'une demande ALD")
        verbose_name_plural = _("étapes des demandes ALD")
        ordering = ["request_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.action}"


class RenewalReminder(models.Model):
    """The reminder sent once before an exemption ends (one per exemption)."""

    exemption = models.OneToOneField(
        "members.AldExemption",
        models.CASCADE,
        related_name="renewal_reminder",
        verbose_name=_("exonération"),
    )
    sent_on = models.DateField(_("envoyé le"))

    class Meta:
        verbose_name = _("rappel de renouvellement")
        verbose_name_plural = _("rappels de renouvellement")

    def __str__(self) -> str:
        return f"{self.exemption_id} · {self.sent_on:%d/%m/%Y}"


class DecisionTemplate(models.Model):
    """A ready-made motivation a reviewer picks when deciding."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    text = models.TextField(_("texte"))

    class Meta:
        verbose_name = _("modèle de décision")
        verbose_name_plural = _("modèles de décision")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ExamStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Convocation envoyée")
    ATTENDED = "attended", _("Assuré présent, avis à rendre")
    DECIDED = "decided", _("Avis rendu")
    NO_SHOW = "no_show", _("Assuré absent")


class ExamOutcome(models.TextChoices):
    CONFIRM = "confirm", _("Confirmé")
    REDUCE = "reduce", _("Réduit")
    REFUSE = "refuse", _("Refusé")


class CounterExamination(models.Model):
    """A contre-visite ordered on a claim line, an authorisation request or an ALD request."""

    reference = models.CharField(_("référence"), max_length=20, unique=True)
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        related_name="counter_exams",
        verbose_name=_("bénéficiaire"),
    )
    claim_line = models.ForeignKey(
        "claims.ClaimLine",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="counter_exams",
        verbose_name=_("ligne de dossier"),
    )
    authorization = models.ForeignKey(
        "authorizations.AuthorizationRequest",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="counter_exams",
        verbose_name=_("prise en charge"),
    )
    ald_request = models.ForeignKey(
        AldRequest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="counter_exams",
        verbose_name=_("demande ALD"),
    )
    motive = models.CharField(_("motif de la contre-visite"), max_length=300)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("ordonnée par")
    )
    ordered_at = models.DateTimeField(_("ordonnée le"))
    scheduled_at = models.DateTimeField(_("convocation le"))
    place = models.CharField(_("lieu"), max_length=200)
    practitioner = models.CharField(_("médecin examinateur"), max_length=120)
    status = models.CharField(
        _("statut"), max_length=12, choices=ExamStatus.choices, default=ExamStatus.SCHEDULED
    )
    findings = models.TextField(_("constatations médicales"), blank=True)
    outcome = models.CharField(_("avis"), max_length=10, choices=ExamOutcome.choices, blank=True)
    reduced_base = models.DecimalField(
        _("base retenue"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    outcome_reason = models.CharField(_("motif de l'avis"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("avis rendu le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avis rendu par"),
    )

    class Meta:
        verbose_name = _("contre-visite")
        verbose_name_plural = _("contre-visites")
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        claim_line__isnull=False,
                        authorization__isnull=True,
                        ald_request__isnull=True,
                    )
                    | models.Q(
                        claim_line__isnull=True,
                        authorization__isnull=False,
                        ald_request__isnull=True,
                    )
                    | models.Q(
                        claim_line__isnull=True,
                        authorization__isnull=True,
                        ald_request__isnull=False,
                    )
                ),
                name="counter_exam_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def category(self) -> str:
        if self.claim_line_id:
            return "claim_line"
        return "authorization" if self.authorization_id else "ald_request"


class ProtocolItemKind(models.TextChoices):
    MEDICINE = "medicine", _("Médicaments d'une classe ATC")
    ACT = "act", _("Actes d'une lettre clé (biologie, imagerie…)")
    FORFAIT = "forfait", _("Séances ou forfaits")


class TherapeuticProtocol(DatedModel):
    """One expected care of an ALD's protocol: a class of molecules (ATC prefix), or a letter
    key or forfait with at most `max_quantity` in any `period_days` days (empty: no limit)."""

    condition_code = models.CharField(_("ALD"), max_length=20)
    item_kind = models.CharField(_("nature"), max_length=10, choices=ProtocolItemKind.choices)
    code = models.CharField(
        _("code"), max_length=30, help_text=_("Préfixe ATC (A10), lettre clé (B) ou forfait.")
    )
    label = models.CharField(_("libellé"), max_length=200)
    max_quantity = models.DecimalField(
        _("quantité maximale"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    period_days = models.PositiveIntegerField(_("sur (jours)"), null=True, blank=True)

    validity_key = ("condition_code", "item_kind", "code")

    class Meta:
        verbose_name = _("protocole thérapeutique")
        verbose_name_plural = _("protocoles thérapeutiques")
        ordering = ["condition_code", "item_kind", "code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.condition_code} · {self.label}"


class ProtocolDeviation(models.Model):
    """A claim line far from its ALD's protocol, held for the medical control."""

    claim_line = models.ForeignKey(
        "claims.ClaimLine",
        models.CASCADE,
        related_name="protocol_deviations",
        verbose_name=_("ligne de dossier"),
    )
    condition_code = models.CharField(_("ALD"), max_length=20)
    reason = models.CharField(_("écart"), max_length=300)
    found_at = models.DateTimeField(_("relevé le"))

    class Meta:
        verbose_name = _("écart au protocole")
        verbose_name_plural = _("écarts aux protocoles")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim_line", "reason"], name="protocol_dev_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.claim_line_id} · {self.reason}"
