from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    name = "openamo.fraud"
    verbose_name = _("Contrôle et lutte contre la fraude")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .documents import case_document_owner

        register("fraud.casedocument", case_document_owner)
