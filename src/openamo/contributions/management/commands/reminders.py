"""`openamo reminders [--day AAAA-MM-JJ]`: the daily reminders (missing payroll declarations on
their due day, contribution arrears); idempotent. The notification worker runs it once a day;
cron may run it too."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from openamo.contributions.reminders import reminders_run


class Command(BaseCommand):
    help = "Relances du jour : déclarations de salaires manquantes, cotisations impayées."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args, day=None, **options):
        done = reminders_run(day=day or timezone.localdate())
        self.stdout.write(
            f"relances : {done['declarations']} déclaration(s) manquante(s), "
            f"{done['arrears']} employeur(s) en impayé"
        )
