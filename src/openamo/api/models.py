from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for provider software and partner systems. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("utilisateur"),
    )
    name = models.CharField(_("nom"), max_length=100, help_text=_("Logiciel ou partenaire."))
    prefix = models.CharField(_("préfixe"), max_length=8, db_index=True)
    digest = models.CharField(_("empreinte"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class IdempotentSubmission(models.Model):
    """A submission made through the API under an idempotency key: who sent it, a digest of
    what was sent and the record it made. The same key with the same payload gets that record
    back; with another payload (or from another user), a 409."""

    kind = models.CharField(_("type"), max_length=30)
    key = models.CharField(_("clé d'idempotence"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("utilisateur"),
    )
    fingerprint = models.CharField(_("empreinte de la demande"), max_length=64)
    reference = models.CharField(_("enregistrement"), max_length=40)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        verbose_name = _("demande idempotente")
        verbose_name_plural = _("demandes idempotentes")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="uniq_api_submission_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.reference}"
