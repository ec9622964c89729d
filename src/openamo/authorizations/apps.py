from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorizationsConfig(AppConfig):
    name = "openamo.authorizations"
    verbose_name = _("Prises en charge et tiers payant")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .documents import submitted_owner

        register("authorizations.submitteddocument", submitted_owner)
