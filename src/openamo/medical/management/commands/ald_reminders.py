"""Daily: remind the insured whose ALD exemption ends soon to ask for its renewal."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from openamo.medical.services import renewal_reminders_send


class Command(BaseCommand):
    help = "Rappels de renouvellement des exonérations ALD arrivant à échéance (une fois chacune)."

    def handle(self, *args, **options):
        sent = renewal_reminders_send(today=timezone.localdate())
        self.stdout.write(f"{sent} rappel(s) de renouvellement envoyé(s).")
