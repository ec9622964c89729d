"""Complaints: a category tree routed to teams, dated delays, the complaint, its messages.

A complaint belongs to one family (the member); it may be about a claim, an authorisation or
a payment of that family. Its first-answer and resolution deadlines are computed at filing
from the delay row in force (`ComplaintDelay`, dated) and stored, so a later change of the
delays does not move the deadlines of complaints already filed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.core.dated import DatedModel


class Subject(models.TextChoices):
    CLAIM = "claim", _("Dossier de remboursement")
    AUTHORIZATION = "authorization", _("Prise en charge")
    PAYMENT = "payment", _("Paiement")
    OTHER = "other", _("Autre")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Espace en ligne")
    PHONE = "phone", _("Téléphone")
    COUNTER = "counter", _("Guichet")
    LETTER = "letter", _("Courrier")


class Status(models.TextChoices):
    NEW = "new", _("Reçue")
    IN_PROGRESS = "in_progress", _("En cours de traitement")
    ANSWERED = "answered", _("Répondue")
    CLOSED = "closed", _("Clôturée")


class Resolution(models.TextChoices):
    FOUNDED = "founded", _("Fondée : corrigée")
    PARTLY = "partly", _("Partiellement fondée")
    UNFOUNDED = "unfounded", _("Non fondée : expliquée")
    WITHDRAWN = "withdrawn", _("Retirée par le réclamant")
    ACCEPTED = "accepted", _("Réponse acceptée par le réclamant")


class Team(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=120)

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Category(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("catégorie parente"),
    )

    class Meta:
        verbose_name = _("catégorie de réclamation")
        verbose_name_plural = _("catégories de réclamation")
        ordering = ["parent_id", "label"]

    def __str__(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label

    def lineage(self) -> list["Category"]:
        """This category, then its parent, up to the root."""
        chain, node = [], self
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = node.parent
        return chain


class Route(models.Model):
    """Which team handles a category; a row naming a delegation wins for that delegation."""

    category = models.ForeignKey(
        Category, models.CASCADE, related_name="routes", verbose_name=_("catégorie")
    )
    delegation = models.ForeignKey(
        "referentials.Delegation",
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("délégation"),
        help_text=_("Vide : toutes les délégations."),
    )
    team = models.ForeignKey(Team, models.PROTECT, verbose_name=_("équipe"))

    class Meta:
        verbose_name = _("routage")
        verbose_name_plural = _("routages")
        constraints = [
            models.UniqueConstraint(fields=["category", "delegation"], name="complaint_route_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.team}"


class ComplaintDelay(DatedModel):
    """The delays of a category (empty: the default for every category), dated."""

    category = models.ForeignKey(
        Category,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("catégorie"),
        help_text=_("Vide : délais par défaut."),
    )
    first_answer_hours = models.PositiveIntegerField(_("première réponse (heures)"), default=48)
    resolution_days = models.PositiveIntegerField(_("résolution (jours)"), default=15)
    reopen_days = models.PositiveIntegerField(_("réouverture possible (jours)"), default=30)

    validity_key = ("category",)

    class Meta:
        verbose_name = _("délai de réclamation")
        verbose_name_plural = _("délais de réclamation")
        ordering = ["category_id", "valid_from"]


class Complaint(models.Model):
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    member = models.ForeignKey(
        "members.Member", models.PROTECT, related_name="complaints", verbose_name=_("assuré")
    )
    subject = models.CharField(_("objet"), max_length=20, choices=Subject.choices)
    claim = models.ForeignKey(
        "claims.Claim", models.PROTECT, null=True, blank=True, verbose_name=_("dossier")
    )
    authorization = models.ForeignKey(
        "authorizations.AuthorizationRequest",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("prise en charge"),
    )
    payment = models.ForeignKey(
        "payments.PaymentOrder", models.PROTECT, null=True, blank=True, verbose_name=_("paiement")
    )
    category = models.ForeignKey(Category, models.PROTECT, verbose_name=_("catégorie"))
    title = models.CharField(_("intitulé"), max_length=200)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    team = models.ForeignKey(Team, models.PROTECT, null=True, blank=True, verbose_name=_("équipe"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("saisie par"),
    )
    filed_at = models.DateTimeField(_("reçue le"))
    first_answer_due = models.DateTimeField(_("première réponse avant"))
    resolution_due = models.DateTimeField(_("résolution avant"))
    reopen_days = models.PositiveIntegerField(_("réouverture possible (jours)"))
    first_answered_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    resolution = models.CharField(
        _("résolution"), max_length=20, choices=Resolution.choices, blank=True
    )
    satisfied = models.BooleanField(_("satisfait"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("réouvertures"), default=0)
    escalated_at = models.DateTimeField(_("escaladée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("réclamation")
        verbose_name_plural = _("réclamations")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "first_answer_due"], name="complaint_queue_idx"),
            models.Index(fields=["member", "-filed_at"], name="complaint_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def about(self):
        return self.claim or self.authorization or self.payment


class Message(models.Model):
    """One message of the thread; `internal` notes are for staff only."""

    complaint = models.ForeignKey(
        Complaint, models.CASCADE, related_name="messages", verbose_name=_("réclamation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    from_staff = models.BooleanField(_("de la caisse"))
    internal = models.BooleanField(_("note interne"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("écrit le"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint.reference} · {self.created_at:%d/%m/%Y %H:%M}"


class Deadline(models.TextChoices):
    FIRST_ANSWER = "first_answer", _("Première réponse")
    RESOLUTION = "resolution", _("Résolution")


class AlertKind(models.TextChoices):
    WARNING = "warning", _("Alerte avant échéance")
    BREACH = "breach", _("Délai dépassé : escaladée")


class DeadlineAlert(models.Model):
    """A warning before a deadline, or its breach and the escalation that followed: once per
    complaint, deadline and kind (the command can run every few minutes)."""

    complaint = models.ForeignKey(
        Complaint, models.CASCADE, related_name="alerts", verbose_name=_("réclamation")
    )
    deadline = models.CharField(_("échéance"), max_length=20, choices=Deadline.choices)
    kind = models.CharField(_("alerte"), max_length=10, choices=AlertKind.choices)
    due_at = models.DateTimeField(_("échéance le"))
    at = models.DateTimeField(_("le"))
    from_team = models.ForeignKey(
        Team, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("de")
    )
    to_team = models.ForeignKey(
        Team, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("vers")
    )

    class Meta:
        verbose_name = _("alerte de délai")
        verbose_name_plural = _("alertes de délai")
        ordering = ["complaint", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "deadline", "kind"], name="complaint_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint.reference} · {self.get_kind_display()}"
