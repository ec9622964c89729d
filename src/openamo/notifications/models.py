"""The outbox and its deliveries.

`Notification`: one message, in French (or the family's language), to one recipient: an insured
family (through one of its beneficiaries), an employer, a broker, a mutuelle or a care provider.
It is written in the same transaction as the event it tells about (so no message is lost and
none is sent for a rolled-back event). A message on the portal channel is the recipient's inbox
entry and is copied by e-mail and SMS as the recipient's preferences allow; a message on another
channel (a confirmation code by SMS) goes to that channel only.

`Delivery`: one copy of a message on one push channel to one address. Its `key` is the per-message
idempotency key handed to the gateway, and its status is the claim the workers take before
sending (see `delivery.py`): a copy is sent at most once by us, and a gateway that knows the key
drops a retried copy.

`Preference`: a person's choice per channel; legal notices ignore it.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Courriel")
    PORTAL = "portal", _("Espace en ligne")
    MAIL = "mail", _("Courrier")


RECIPIENT_FIELDS = ("beneficiary", "employer", "broker", "mutuelle", "provider")


def _exactly_one(fields) -> Q:
    """One of these foreign keys is set, the others are empty."""
    condition = Q()
    for chosen in fields:
        condition |= Q(
            **{f"{f}__isnull": f != chosen for f in fields},
        )
    return condition


class Notification(models.Model):
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("destinataire (assuré)"),
    )
    employer = models.ForeignKey(
        "members.Employer",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("employeur"),
    )
    broker = models.ForeignKey(
        "members.Broker",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("intermédiaire"),
    )
    mutuelle = models.ForeignKey(
        "members.Mutuelle",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("mutuelle"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("prestataire"),
    )
    channel = models.CharField(
        _("canal"),
        max_length=10,
        choices=NotificationChannel.choices,
        default=NotificationChannel.PORTAL,
    )
    event = models.CharField(
        _("événement"), max_length=60, help_text=_("Ex. authorization_granted.")
    )
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("lien"), max_length=300, blank=True)
    topic = models.CharField(
        _("sujet de relance"),
        max_length=80,
        blank=True,
        help_text=_(
            "Ex. declaration_missing:2026-10 : une relance automatique n'est faite qu'une fois."
        ),
    )
    legal = models.BooleanField(
        _("avis légal"), default=False, help_text=_("Envoyé même si le destinataire a refusé.")
    )
    related_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, verbose_name=_("type d'objet")
    )
    related_id = models.PositiveBigIntegerField(_("objet"), null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("répartie le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sent_at", "id"], name="notif_outbox_idx"),
            models.Index(fields=["related_type", "related_id"], name="notif_related_idx"),
            models.Index(fields=["topic"], condition=~Q(topic=""), name="notif_topic_idx"),
            models.Index(
                fields=["id"], condition=Q(dispatched_at__isnull=True), name="notif_undispatched"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(RECIPIENT_FIELDS),
                name="notif_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"

    @property
    def recipient(self):
        for field in RECIPIENT_FIELDS:
            if getattr(self, f"{field}_id") is not None:
                return getattr(self, field)
        return None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")
    UNCERTAIN = "uncertain", _("Envoi interrompu, non renvoyé")


class Delivery(models.Model):
    notification = models.ForeignKey(
        Notification, models.CASCADE, related_name="deliveries", verbose_name=_("notification")
    )
    channel = models.CharField(_("canal"), max_length=10, choices=NotificationChannel.choices)
    address = models.CharField(_("adresse"), max_length=254)
    key = models.UUIDField(_("clé d'idempotence"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("état"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"))
    lease_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    gateway_reference = models.CharField(_("référence passerelle"), max_length=100, blank=True)
    last_error = models.CharField(_("dernière erreur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel", "address"], name="delivery_once_per_address"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address} ({self.get_status_display()})"


PUSH_CHANNELS = (NotificationChannel.EMAIL, NotificationChannel.SMS)


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("utilisateur"),
    )
    channel = models.CharField(
        _("canal"), max_length=10, choices=[(c.value, c.label) for c in PUSH_CHANNELS]
    )
    enabled = models.BooleanField(_("accepté"), default=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [models.UniqueConstraint(fields=["user", "channel"], name="notif_pref_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_channel_display()} · {self.enabled}"
