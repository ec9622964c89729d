"""openamo analytics_refresh [--full]: bring the analytical copy (Parquet) up to date."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from openamo.analytics.extract import analytics_refresh
from openamo.analytics.tables import TABLES


class Command(BaseCommand):
    help = "Met à jour la copie analytique (Parquet) des tables opérationnelles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="relire toutes les lignes (reconstruction)"
        )

    def handle(self, *args, full=False, **options):
        with tqdm(total=len(TABLES), desc="copie analytique", unit="table") as bar:
            results = analytics_refresh(
                full=full, progress=lambda name: (bar.set_postfix_str(name), bar.update(1))
            )
        for r in results:
            self.stdout.write(
                f"{r.name:<15} {r.mode:<9} {r.rows_read:>9} lues {r.rows:>10} lignes "
                f"{r.seconds:6.2f} s"
            )
