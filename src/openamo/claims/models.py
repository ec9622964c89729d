"""Claim files (dossiers maladie), their lines, their statements and their workflow.

A claim's lines keep what was submitted; each adjudication writes a new `Statement` version
with its `StatementLine`s (nothing is overwritten, so a reprocessing after a tariff correction
keeps the earlier result), and every status change is a `ClaimTransition`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField, RateField


class ClaimStatus(models.TextChoices):
    RECEIVED = "received", _("Reçu")
    IN_ADJUDICATION = "in_adjudication", _("En liquidation")
    WAITING_DOCUMENTS = "waiting_documents", _("En attente de pièces")
    MEDICAL_REVIEW = "medical_review", _("En contrôle médical")
    ADJUDICATED = "adjudicated", _("Liquidé")
    PAID = "paid", _("Payé")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepté")
    PARTLY_ACCEPTED = "partly_accepted", _("Accepté partiellement")
    REJECTED = "rejected", _("Rejeté")


class Channel(models.TextChoices):
    PAPER = "paper", _("Papier")
    ELECTRONIC = "electronic", _("Électronique")
    MUTUELLE = "mutuelle", _("Flux mutuelle")


class LineKind(models.TextChoices):
    ACT = "act", _("Acte (lettre clé)")
    MEDICINE = "medicine", _("Médicament")
    DEVICE = "device", _("Dispositif ou optique")
    FORFAIT = "forfait", _("Forfait (séjour, séance)")


class AdjudicationRun(models.Model):
    """One batch run: what it took, what it did, who started it."""

    started_at = models.DateTimeField(_("démarré le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, verbose_name=_("lancé par")
    )
    source = models.CharField(_("origine"), max_length=200)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    claims = models.PositiveIntegerField(_("dossiers"), default=0)
    lines = models.PositiveIntegerField(_("lignes"), default=0)
    reimbursed = MoneyField(_("montant remboursé"), default=0)

    class Meta:
        verbose_name = _("campagne de liquidation")
        verbose_name_plural = _("campagnes de liquidation")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Liquidation n° {self.pk} ({self.source})"


class Claim(models.Model):
    reference = models.CharField(_("référence"), max_length=30, unique=True)
    idempotency_key = models.CharField(
        _("clé d'idempotence"), max_length=100, null=True, blank=True, unique=True
    )
    beneficiary = models.ForeignKey(
        "members.Beneficiary", models.PROTECT, related_name="claims", verbose_name=_("bénéficiaire")
    )
    scheme = models.ForeignKey(
        "referentials.Scheme", models.PROTECT, related_name="+", verbose_name=_("régime")
    )
    channel = models.CharField(_("canal"), max_length=20, choices=Channel.choices)
    deposit_date = models.DateField(_("date de dépôt"))
    first_care_date = models.DateField(_("premier soin le"))
    last_care_date = models.DateField(_("dernier soin le"))
    continuous_treatment = models.BooleanField(_("traitement continu"), default=False)
    ald_code = models.CharField(_("ALD/ALC déclarée"), max_length=20, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribué à"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier maladie")
        verbose_name_plural = _("dossiers maladie")
        ordering = ["-deposit_date", "-id"]
        indexes = [
            models.Index(fields=["status", "id"], name="claim_status_idx"),
            models.Index(fields=["beneficiary", "first_care_date"], name="claim_benef_idx"),
        ]

    def __str__(self) -> str:
        return self.reference


class ClaimLine(models.Model):
    """A line as submitted: what was done, by whom, when, for how much."""

    claim = models.ForeignKey(
        Claim, models.CASCADE, related_name="lines", verbose_name=_("dossier")
    )
    number = models.PositiveSmallIntegerField(_("n°"))
    kind = models.CharField(_("type"), max_length=10, choices=LineKind.choices)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("Lettre clé, EAN-13, code de dispositif ou de forfait."),
    )
    care_date = models.DateField(_("date des soins"))
    executor_inpe = models.CharField(_("INPE de l'exécutant"), max_length=9)
    prescriber_inpe = models.CharField(_("INPE du prescripteur"), max_length=9, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=8, decimal_places=2, default=1)
    quantity = models.DecimalField(_("quantité"), max_digits=8, decimal_places=2, default=1)
    charged = MoneyField(_("montant facturé"), null=True, blank=True)
    prescribed_quantity = models.DecimalField(
        _("quantité prescrite"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    prescription_date = models.DateField(_("date de prescription"), null=True, blank=True)
    ald_code = models.CharField(_("ALD/ALC liée"), max_length=20, blank=True)
    authorization_ref = models.CharField(_("n° de prise en charge"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("ligne de dossier")
        verbose_name_plural = _("lignes de dossier")
        ordering = ["claim_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="uniq_claim_line_number")
        ]
        # a provider's claims (API scoping, fraud views) are found by the executing INPE, what
        # a doctor prescribed (fraud 360° views, peers) by the prescribing INPE
        indexes = [
            models.Index(fields=["executor_inpe", "claim"], name="claimline_executor_idx"),
            models.Index(fields=["prescriber_inpe", "claim"], name="claimline_prescriber_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim.reference} / {self.number}"


class Statement(models.Model):
    """One adjudication of a claim (décompte); the latest version is the one in force."""

    claim = models.ForeignKey(
        Claim, models.CASCADE, related_name="statements", verbose_name=_("dossier")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    run = models.ForeignKey(
        AdjudicationRun,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("campagne"),
    )
    adjudicated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liquidé par"),
    )
    adjudicated_at = models.DateTimeField(_("liquidé le"))
    outcome = models.CharField(_("résultat"), max_length=20, choices=Outcome.choices)
    total_charged = MoneyField(_("total facturé"))
    total_base = MoneyField(_("total base de remboursement"))
    total_reimbursed = MoneyField(_("total remboursé"))
    total_copayment = MoneyField(_("ticket modérateur"))
    total_beyond_base = MoneyField(_("au-delà de la base"))
    rejection_code = models.CharField(_("motif de rejet du dossier"), max_length=40, blank=True)
    rejection_message = models.CharField(_("rejet du dossier"), max_length=300, blank=True)
    reason = models.CharField(_("motif de la liquidation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("décompte")
        verbose_name_plural = _("décomptes")
        ordering = ["claim_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "version"], name="uniq_statement_version")
        ]

    def __str__(self) -> str:
        return f"Décompte {self.claim.reference} v{self.version}"


class StatementLine(models.Model):
    statement = models.ForeignKey(
        Statement, models.CASCADE, related_name="lines", verbose_name=_("décompte")
    )
    claim_line = models.ForeignKey(
        ClaimLine, models.CASCADE, related_name="results", verbose_name=_("ligne")
    )
    number = models.PositiveSmallIntegerField(_("n°"))
    label = models.CharField(_("prestation"), max_length=250)
    quotation = models.CharField(_("cotation"), max_length=60)
    care_category = models.CharField(_("catégorie"), max_length=30, blank=True)
    sector = models.CharField(_("secteur"), max_length=20, blank=True)
    unit_value = MoneyField(_("valeur unitaire"))
    act_value = MoneyField(_("valeur de l'acte"))
    charged = MoneyField(_("facturé"))
    base = MoneyField(_("base de remboursement"))
    rate = RateField(_("taux (%)"))
    reimbursed = MoneyField(_("remboursé"))
    copayment = MoneyField(_("ticket modérateur"))
    beyond_base = MoneyField(_("au-delà de la base"))
    ald_applied = models.BooleanField(_("exonération ALD"), default=False)
    rejection_code = models.CharField(_("motif de rejet"), max_length=40, blank=True)
    rejection_message = models.CharField(_("rejet"), max_length=300, blank=True)
    deductions = models.JSONField(_("abattements"), default=list, blank=True)

    class Meta:
        verbose_name = _("ligne de décompte")
        verbose_name_plural = _("lignes de décompte")
        ordering = ["statement_id", "number"]

    def __str__(self) -> str:
        return f"{self.statement} / {self.number}"


class ClaimTransition(models.Model):
    """A status change, by a named user or by a batch run, with its time and reason."""

    claim = models.ForeignKey(
        Claim, models.CASCADE, related_name="transitions", verbose_name=_("dossier")
    )
    from_status = models.CharField(_("de"), max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=20, choices=ClaimStatus.choices)
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    run = models.ForeignKey(
        AdjudicationRun,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campagne"),
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        ordering = ["claim_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.claim.reference} : {self.from_status or '—'} → {self.to_status}"


class ReviewDecision(models.TextChoices):
    ADJUST_BASE = "adjust_base", _("Base de remboursement ramenée à un montant")
    REJECT = "reject", _("Ligne rejetée")


class LineReview(models.Model):
    """A medical reviewer's decision on a claim line, with its justification. The latest
    review of a line is applied by every later adjudication (reason `reviewer_adjustment`)."""

    claim_line = models.ForeignKey(
        ClaimLine, models.CASCADE, related_name="reviews", verbose_name=_("ligne")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("médecin contrôleur"),
    )
    decision = models.CharField(_("décision"), max_length=20, choices=ReviewDecision.choices)
    base = MoneyField(_("base retenue"), null=True, blank=True)
    justification = models.CharField(_("justification"), max_length=300)
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("avis du médecin contrôleur")
        verbose_name_plural = _("avis du médecin contrôleur")
        ordering = ["claim_line", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="reject", base__isnull=True)
                | models.Q(decision="adjust_base", base__gte=0),
                name="line_review_base_matches_decision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_line} : {self.get_decision_display()}"
