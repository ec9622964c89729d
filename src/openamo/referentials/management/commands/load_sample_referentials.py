from django.core.management.base import BaseCommand, CommandError

from openamo.referentials.services import sample_referentials_load


class Command(BaseCommand):
    help = (
        "Charge le jeu de référentiels d'exemple (données d'exemple, sources dans chaque fichier)."
    )

    def handle(self, **options):
        for result in sample_referentials_load():
            for error in result.errors:
                self.stderr.write(f"{result.spec.name}: {error}")
            if not result.ok:
                raise CommandError(result.summary())
            self.stdout.write(result.summary())
