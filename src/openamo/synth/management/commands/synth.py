import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openamo.synth.services import FundNotEmpty, fund_generate
from openamo.synth.shape import FRAUD_PATTERNS


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--until : date invalide « {value} » (attendu AAAA-MM-JJ)") from error


class Command(BaseCommand):
    help = (
        "Génère une caisse synthétique (assurés, droits, dossiers, cotisations, fraudes injectées)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=2025, help="année civile des soins")
        parser.add_argument(
            "--until",
            type=_day,
            default=None,
            help="dernier jour des soins (AAAA-MM-JJ) : les douze mois jusqu'à ce jour",
        )
        parser.add_argument(
            "--fraud-rate",
            action="append",
            default=[],
            metavar="MOTIF=TAUX",
            help="taux d'un motif (répétable), ex. duplicate_line=0.01 ; motifs : "
            + ", ".join(p.code for p in FRAUD_PATTERNS),
        )
        parser.add_argument("--no-fraud", action="store_true", help="aucune fraude injectée")

    def handle(self, **options):
        rates = {p.code: 0.0 for p in FRAUD_PATTERNS} if options["no_fraud"] else {}
        for item in options["fraud_rate"]:
            code, _, value = item.partition("=")
            try:
                rates[code] = float(value)
            except ValueError as error:
                raise CommandError(f"taux invalide : « {item} » (attendu MOTIF=TAUX)") from error
        started = time.perf_counter()
        bar = tqdm(
            total=options["beneficiaries"], unit=" bénéf.", disable=options["verbosity"] == 0
        )
        try:
            fund = fund_generate(
                beneficiaries=options["beneficiaries"],
                seed=options["seed"],
                year=options["year"],
                until=options["until"],
                fraud_rates=rates,
                progress=bar.update,
            )
        except (FundNotEmpty, ValueError) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        counts = ", ".join(f"{k} {v:,}".replace(",", " ") for k, v in fund.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Caisse générée en {seconds:.1f} s : {counts}"))
