from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "openamo.core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers field__any)
