from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "openamo.portal"
    verbose_name = _("Portails")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .documents import declaration_owner

        register("contributions.declaration", declaration_owner)
