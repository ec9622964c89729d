"""Who did what (`AuditEntry`, append-only, hash-chained) and who saw what (`AccessLog`)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    DELETE = "delete", _("Suppression")
    TRANSITION = "transition", _("Changement de statut")


class AuditEntry(models.Model):
    """One write on one object, recorded in the same transaction as the write.

    `changes` maps each field to [old, new]. `previous_hash`/`hash` chain the entries in `id`
    order (see `audit.chain`); rows are never updated nor deleted.
    """

    created_at = models.DateTimeField(_("date"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(
        _("auteur (libellé)"), max_length=150, help_text=_("Utilisateur, jeton ou traitement.")
    )
    action = models.CharField(_("action"), max_length=12, choices=AuditAction.choices)
    object_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name=_("type d'objet"))
    object_id = models.CharField(_("identifiant"), max_length=64)
    object_repr = models.CharField(_("objet"), max_length=200)
    changes = models.JSONField(_("modifications"), default=dict)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    previous_hash = models.CharField(_("empreinte précédente"), max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_label} {self.object_repr}"


class AuditHead(models.Model):
    """The chain's last hash, one row locked by each writer so that entries chain in order."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("tête de chaîne d'audit")

    def __str__(self) -> str:
        return self.last_hash


class AccessLog(models.Model):
    """One read of personal or medical data: who looked at whose data, when, from where."""

    created_at = models.DateTimeField(_("date"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utilisateur"),
    )
    actor_label = models.CharField(_("lecteur"), max_length=150)
    provider_inpe = models.CharField(_("INPE du prestataire"), max_length=20, blank=True)
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne concernée"),
    )
    what = models.CharField(
        _("donnée lue"), max_length=40, help_text=_("Ex. eligibility, statement, view360.")
    )
    object_type = models.ForeignKey(
        ContentType, models.PROTECT, null=True, blank=True, verbose_name=_("type d'objet")
    )
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    where = models.CharField(_("page ou appel"), max_length=200)
    found = models.BooleanField(
        _("trouvé"), default=True, help_text=_("Faux quand la recherche ne désigne personne.")
    )
    source_ip = models.GenericIPAddressField(_("adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("lecture de données")
        verbose_name_plural = _("journal des lectures")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="access_user_idx"),
            models.Index(fields=["beneficiary", "created_at"], name="access_beneficiary_idx"),
            models.Index(fields=["provider_inpe", "found", "created_at"], name="access_miss_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_label} {self.what}"
