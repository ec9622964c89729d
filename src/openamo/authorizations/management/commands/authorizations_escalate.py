"""Mark overdue prior-authorisation requests as escalated (for cron; idempotent)."""

from django.core.management.base import BaseCommand

from openamo.authorizations.services import authorizations_escalate


class Command(BaseCommand):
    help = "Escalade les demandes de prise en charge dont le délai de décision est dépassé."

    def handle(self, *args, **options):
        count = authorizations_escalate()
        self.stdout.write(f"{count} demande(s) escaladée(s).")
