from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "openamo.complaints"
    verbose_name = _("Réclamations")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .documents import message_owner

        register("complaints.message", message_owner)
