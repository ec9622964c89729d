import json
import os

from django.core.management.base import BaseCommand, CommandError

from openamo.members.models import Member
from openamo.ops.personal_data import person_data


class Command(BaseCommand):
    help = (
        "Exporte en JSON tout ce qui est conservé sur une personne (droit d'accès, loi 09-08) : "
        "assuré, ayants droit, droits, dossiers, prises en charge, paiements, journal des lectures."
    )

    def add_arguments(self, parser):
        parser.add_argument("registration_number", help="numéro d'immatriculation de l'assuré")
        parser.add_argument("--output", help="fichier de sortie (par défaut : la sortie standard)")

    def handle(self, registration_number, output=None, **options):
        try:
            data = person_data(registration_number=registration_number)
        except Member.DoesNotExist as exc:
            raise CommandError(f"aucun assuré immatriculé {registration_number}") from exc
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        if output:
            descriptor = os.open(output, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
            with open(descriptor, "w", encoding="utf-8") as out:
                out.write(text)
            self.stdout.write(f"export écrit dans {output}")
        else:
            self.stdout.write(text)
