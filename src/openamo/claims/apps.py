from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "openamo.claims"
    verbose_name = _("Dossiers maladie et liquidation")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .scans import claim_owner

        register("claims.claim", claim_owner)
