from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "openamo.medical"
    verbose_name = _("Contrôle médical")

    def ready(self) -> None:
        post_migrate.connect(_seeds_ensure, sender=self, dispatch_uid="medical_seeds")


def _seeds_ensure(sender, using="default", **kwargs) -> None:
    """The ALD document rules, delays, decision templates and protocols back after a database
    was emptied (`flush` sends post_migrate too); the data migrations load them the first time."""
    from openamo.referentials.models import DocumentType

    from .models import AldDocumentRule, DecisionTemplate, MedicalDelay, TherapeuticProtocol
    from .seed import protocols_load, seed_load

    if not AldDocumentRule.objects.using(using).exists():
        seed_load(DocumentType, AldDocumentRule, MedicalDelay, DecisionTemplate)
    if not TherapeuticProtocol.objects.using(using).exists():
        protocols_load(TherapeuticProtocol)
