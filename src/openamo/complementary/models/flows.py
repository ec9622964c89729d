"""The money of the four flows: what the insurer pays the insured (or owes back), the
base fund's flow files, and the single window's recourse statements with their
reconciliation by the insurer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import MoneyField

from .cover import Contract, Flow, Insurer
from .statements import ComplementaryLine, ComplementaryStatement


class MovementKind(models.TextChoices):
    ADVANCE = "advance", _("Paiement par anticipation")
    PAYMENT = "payment", _("Paiement de la part complémentaire")
    TOP_UP = "top_up", _("Régularisation : complément versé")
    RECEIVABLE = "receivable", _("Régularisation : trop-perçu à récupérer")


class Movement(models.Model):
    """One amount the insurer pays an insured (or, for a receivable, is owed back), drawn on
    the insurer's ordering account. A claim is paid once per contract (`payment`, `top_up` or
    `receivable` at most once; advances before the base statement)."""

    contract = models.ForeignKey(
        Contract, models.PROTECT, related_name="movements", verbose_name=_("contrat")
    )
    claim = models.ForeignKey(
        "claims.Claim", models.PROTECT, related_name="+", verbose_name=_("dossier")
    )
    member = models.ForeignKey(
        "members.Member", models.PROTECT, related_name="+", verbose_name=_("assuré")
    )
    flow = models.CharField(_("flux"), max_length=20, choices=Flow.choices)
    kind = models.CharField(_("nature"), max_length=20, choices=MovementKind.choices)
    amount = MoneyField(_("montant"))
    statement = models.ForeignKey(
        ComplementaryStatement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("décompte complémentaire"),
    )
    flow_file = models.ForeignKey(
        "FlowFile",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("fichier de flux"),
    )
    payer_account = models.ForeignKey(
        "payments.PayerAccount",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte donneur d'ordre"),
    )
    created_at = models.DateTimeField(_("le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )

    class Meta:
        verbose_name = _("règlement complémentaire")
        verbose_name_plural = _("règlements complémentaires")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "claim"],
                condition=~Q(kind="advance"),
                name="amc_claim_settled_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="amc_movement_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.claim_id} : {self.amount}"


class FlowFileStatus(models.TextChoices):
    DONE = "done", _("Intégré")
    REJECTED = "rejected", _("Rejeté")


class FlowFile(models.Model):
    """A file of settled base statement lines sent by the base fund (see docs/amc_flow.md)."""

    insurer = models.ForeignKey(
        Insurer, models.PROTECT, related_name="flow_files", verbose_name=_("organisme")
    )
    name = models.CharField(_("fichier"), max_length=200)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    status = models.CharField(_("statut"), max_length=10, choices=FlowFileStatus.choices)
    lines = models.PositiveIntegerField(_("lignes"), default=0)
    paid = MoneyField(_("montant payé"), default=0)
    report = models.TextField(_("compte rendu"), blank=True)
    received_at = models.DateTimeField(_("reçu le"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )

    class Meta:
        verbose_name = _("fichier de flux de la caisse")
        verbose_name_plural = _("fichiers de flux de la caisse")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["insurer", "sha256"],
                condition=Q(status="done"),
                name="amc_flow_file_once",
            )
        ]

    def __str__(self) -> str:
        return self.name


class RecourseStatus(models.TextChoices):
    ISSUED = "issued", _("Émis")
    RECONCILED = "reconciled", _("Rapproché sans écart")
    DISPUTED = "disputed", _("Rapproché avec contestations")


class RecourseStatement(models.Model):
    """Single window: what the base fund advanced for an insurer over a period, to recover."""

    insurer = models.ForeignKey(
        Insurer, models.PROTECT, related_name="recourse_statements", verbose_name=_("organisme")
    )
    reference = models.CharField(_("référence"), max_length=40, unique=True)
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    total = MoneyField(_("montant réclamé"))
    matched = MoneyField(_("montant rapproché"), default=0)
    disputed = MoneyField(_("montant contesté"), default=0)
    status = models.CharField(
        _("statut"), max_length=12, choices=RecourseStatus.choices, default=RecourseStatus.ISSUED
    )
    issued_at = models.DateTimeField(_("émis le"))

    class Meta:
        verbose_name = _("relevé de recours (guichet unique)")
        verbose_name_plural = _("relevés de recours (guichet unique)")
        ordering = ["-period_end", "insurer"]

    def __str__(self) -> str:
        return self.reference


class RecourseLine(models.Model):
    recourse = models.ForeignKey(
        RecourseStatement, models.CASCADE, related_name="lines", verbose_name=_("relevé")
    )
    line = models.OneToOneField(
        ComplementaryLine,
        models.PROTECT,
        related_name="recourse",
        verbose_name=_("ligne complémentaire"),
    )
    claim_reference = models.CharField(_("dossier"), max_length=30)
    number = models.PositiveSmallIntegerField(_("n° de ligne"))
    amount = MoneyField(_("montant avancé"))
    matched = models.BooleanField(_("rapprochée"), null=True)
    insurer_amount = MoneyField(_("montant de l'organisme"), null=True, blank=True)
    dispute = models.CharField(_("motif de contestation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ligne de relevé de recours")
        verbose_name_plural = _("lignes de relevé de recours")
        ordering = ["recourse", "claim_reference", "number"]

    def __str__(self) -> str:
        return f"{self.recourse} / {self.claim_reference}-{self.number}"
