"""One stored file: what it is (told by its content), its fingerprint, who sent it, and the
object it belongs to (a complaint's message, an authorisation's document, a claim file, a
declaration, a fraud case), whose scope decides who may read it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def document_storage():
    """Looked up at each use (the settings may name another store, e.g. in tests)."""
    return storages["documents"]


class Document(models.Model):
    owner_type = models.ForeignKey(
        ContentType, models.PROTECT, related_name="+", verbose_name=_("type du rattachement")
    )
    owner_id = models.PositiveBigIntegerField(_("identifiant du rattachement"))
    path = models.CharField(_("emplacement"), max_length=200)
    name = models.CharField(_("nom du fichier"), max_length=120)
    kind = models.CharField(_("type"), max_length=10)
    mime = models.CharField(_("type MIME"), max_length=100)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, db_index=True)
    beneficiary = models.ForeignKey(
        "members.Beneficiary",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne concernée"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="document_owner_idx")]

    def __str__(self) -> str:
        return self.name

    def open(self):
        return document_storage().open(self.path, "rb")
