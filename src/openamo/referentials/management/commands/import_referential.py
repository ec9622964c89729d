from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openamo.referentials.imports import SPECS
from openamo.referentials.services import UnknownReferential, referential_import


class Command(BaseCommand):
    help = "Importe un fichier CSV ou XLSX dans un référentiel : toutes les lignes ou aucune."

    def add_arguments(self, parser):
        kinds = ", ".join(f"{s.name} ({s.label})" for s in SPECS)
        parser.add_argument("referential", help=f"référentiel : {kinds}")
        parser.add_argument("path", help="fichier .csv (UTF-8, séparateur , ou ;) ou .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="valider sans rien enregistrer")

    def handle(self, referential, path, dry_run, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"fichier introuvable : {path}")
        try:
            result = referential_import(
                name=referential, filename=file.name, content=file.read_bytes(), dry_run=dry_run
            )
        except UnknownReferential as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.ok:
            raise CommandError(result.summary())
        suffix = " (validation seule, rien n'a été enregistré)" if dry_run else ""
        self.stdout.write(self.style.SUCCESS(result.summary() + suffix))
