"""The outbox: one row per message to send, in French, to one beneficiary on one channel.

A row is written in the same transaction as the event it tells about (so no message is lost
and none is sent for a rolled-back event); `sent_at` is set by whoever sends it.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Courriel")
    PORTAL = "portal", _("Espace assuré")
    MAIL = "mail", _("Courrier")


class Notification(models.Model):
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=NotificationChannel.choices)
    event = models.CharField(
        _("événement"), max_length=60, help_text=_("Ex. authorization_granted.")
    )
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    related_type = models.ForeignKey(
        ContentType, models.SET_NULL, null=True, blank=True, verbose_name=_("type d'objet")
    )
    related_id = models.PositiveBigIntegerField(_("objet"), null=True, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sent_at", "id"], name="notif_outbox_idx"),
            models.Index(fields=["related_type", "related_id"], name="notif_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"
