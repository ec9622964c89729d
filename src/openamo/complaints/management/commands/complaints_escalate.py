"""Warn before complaint deadlines and escalate the breached ones (for cron; idempotent)."""

from django.core.management.base import BaseCommand

from openamo.complaints.escalation import complaints_escalate


class Command(BaseCommand):
    help = "Alerte avant l'échéance des réclamations et escalade celles dont le délai est dépassé."

    def handle(self, *args, **options):
        run = complaints_escalate()
        self.stdout.write(
            f"{run.warned} réclamation(s) proche(s) de l'échéance, "
            f"{run.escalated} réclamation(s) escaladée(s)."
        )
