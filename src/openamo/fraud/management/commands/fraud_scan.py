"""openamo fraud_scan [--since DATE] [--detectors ...]: the after-payment fraud scan."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openamo.fraud.scan import DETECTORS, fraud_scan


class Command(BaseCommand):
    help = "Passage de détection après paiement : règles et détecteurs statistiques."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="lignes dont les soins datent de ce jour (AAAA-MM-JJ)")
        parser.add_argument("--detectors", nargs="+", choices=DETECTORS, help="détecteurs à lancer")

    def handle(self, *args, since=None, detectors=None, **options):
        try:
            start = date.fromisoformat(since) if since else None
        except ValueError as error:
            raise CommandError(f"--since : date invalide « {since} » (AAAA-MM-JJ)") from error
        steps = ["extract", *(detectors or DETECTORS), "rerank", "write"]
        with tqdm(total=len(steps), desc="détection", unit="étape") as bar:
            run = fraud_scan(
                since=start,
                detectors=detectors,
                progress=lambda name: (bar.set_postfix_str(name), bar.update(1)),
            )
        self.stdout.write(
            f"{run.lines} lignes lues, {run.alerts_created} alertes levées, "
            f"{run.alerts_updated} mises à jour ; {run.figures} ; durées {run.durations}"
        )
