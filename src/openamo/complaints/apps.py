from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "openamo.complaints"
    verbose_name = _("Réclamations")

    def ready(self) -> None:
        from openamo.documents.scopes import register

        from .documents import message_owner

        register("complaints.message", message_owner)
        post_migrate.connect(_seeds_ensure, sender=self, dispatch_uid="complaints_seeds")


def _seeds_ensure(sender, using="default", **kwargs) -> None:
    """The category tree, teams and delays back after a database was emptied (`flush` sends
    post_migrate too); the data migrations load them the first time. Idempotent."""
    from .models import Category, ComplaintDelay, Route, Team
    from .seed import seed_load

    if Category.objects.using(using).exists():
        return
    seed_load(Team, Category, Route, ComplaintDelay)
    Team.objects.get_or_create(
        code="escalade", defaults={"label": "Responsables réclamations (escalade)"}
    )
