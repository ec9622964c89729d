from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from openamo.contributions.forms import parse_period
from openamo.contributions.services import declaration_import
from openamo.members.models import Employer


class Command(BaseCommand):
    help = (
        "Importe la déclaration de salaires d'un employeur pour un mois (CSV ou XLSX) : "
        "toutes les lignes ou aucune, chaque ligne erronée nommée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "employer", help="employeur : n° d'affiliation CNSS, ICE, code d'administration ou id"
        )
        parser.add_argument("period", help="mois déclaré : AAAA-MM")
        parser.add_argument("path", help="fichier .csv (UTF-8, séparateur , ou ;) ou .xlsx")
        parser.add_argument(
            "--replace", action="store_true", help="remplacer la déclaration déjà déposée"
        )

    def handle(self, employer, period, path, replace, **options):
        found = Q(cnss_number=employer) | Q(ice=employer) | Q(administration_code=employer)
        if employer.isdigit():
            found |= Q(pk=int(employer))
        matches = list(Employer.objects.filter(found)[:2])
        if len(matches) != 1:
            raise CommandError(f"employeur introuvable ou ambigu : {employer}")
        try:
            month = parse_period(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"fichier introuvable : {path}")
        outcome = declaration_import(
            employer=matches[0],
            period=month,
            name=file.name,
            content=file.read_bytes(),
            replace=replace,
        )
        for error in outcome.errors:
            self.stderr.write(str(error))
        if not outcome.ok:
            raise CommandError(outcome.summary())
        self.stdout.write(self.style.SUCCESS(outcome.summary()))
