from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openamo.claims.intake import claims_intake
from openamo.claims.models import Claim, ClaimStatus
from openamo.claims.services import CHUNK, claims_adjudicate_pending
from openamo.core.money import format_dh


class Command(BaseCommand):
    help = (
        "Liquide en masse les dossiers reçus (ou ceux d'un fichier JSON Lines, enregistrés d'abord). "
        "Une campagne interrompue reprend là où elle s'est arrêtée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", help="fichier JSON Lines de dossiers à enregistrer puis liquider"
        )
        parser.add_argument("--limit", type=int, help="nombre maximal de dossiers")
        parser.add_argument("--chunk", type=int, default=CHUNK, help="dossiers par transaction")
        parser.add_argument("--reason", default="", help="motif de la campagne")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processus en parallèle (PostgreSQL ; 2 sur une machine à 2 cœurs)",
        )
        parser.add_argument("--quiet", action="store_true", help="sans barre de progression")

    def handle(self, file, limit, chunk, reason, quiet, workers, **options):
        source = "dossiers en attente"
        if file:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"fichier introuvable : {file}")
            intake = claims_intake(content=path.read_bytes())
            for error in intake.errors:
                self.stderr.write(str(error))
            if intake.errors:
                raise CommandError(
                    f"{len(intake.errors)} erreur(s) : aucun dossier n'a été enregistré."
                )
            self.stdout.write(
                f"{intake.registered} dossier(s) enregistré(s), {intake.skipped} déjà reçu(s)."
            )
            source = f"fichier {path.name}"
        pending = Claim.objects.filter(status=ClaimStatus.RECEIVED).count()
        total = pending if limit is None else min(limit, pending)
        with tqdm(total=total, unit="dossier", disable=quiet, file=self.stderr) as bar:
            run = claims_adjudicate_pending(
                source=source,
                reason=reason,
                limit=limit,
                chunk=chunk,
                workers=workers,
                progress=lambda written: bar.update(written.claims),
            )
        seconds = (run.finished_at - run.started_at).total_seconds() or 1e-9
        self.stdout.write(
            self.style.SUCCESS(
                f"Liquidation n° {run.pk} : {run.claims} dossier(s), {run.lines} ligne(s), "
                f"{format_dh(run.reimbursed)} remboursés, en {seconds:.1f} s "
                f"({run.claims / seconds:.0f} dossiers/s)."
            )
        )
