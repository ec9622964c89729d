import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from openamo.core.money import format_dh
from openamo.members.models import Member
from openamo.synth.accounts import demo_accounts_reset


class Command(BaseCommand):
    help = (
        "Prépare la caisse de démonstration : base de données, référentiels d'exemple, caisse "
        "synthétique (une année de soins) liquidée, comptes par rôle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=2025)

    def handle(self, **options):
        started = time.perf_counter()
        self.stdout.write("Base de données…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Référentiels d'exemple…")
        call_command("load_sample_referentials", stdout=self.stdout)
        self._fund(options)
        self._adjudicate()
        self._payments()
        accounts = demo_accounts_reset()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"\nCaisse de démonstration prête ({seconds:.0f} s)."))
        self.stdout.write("Comptes (mots de passe renouvelés à chaque lancement) :")
        width = max(len(label) for label, _, _ in accounts)
        for label, username, password in accounts:
            self.stdout.write(
                f"  {label:<{width}}  identifiant : {username:<13} mot de passe : {password}"
            )
        listen = os.environ.get("OPENAMO_LISTEN", "127.0.0.1:8000")
        self.stdout.write(f"Adresse : http://{listen}/  (administration : /admin/)\n")

    def _fund(self, options) -> None:
        if Member.objects.exists():
            self.stdout.write("Caisse déjà générée : conservée.")
            return
        from openamo.synth.services import fund_generate

        self.stdout.write(
            f"Caisse synthétique ({options['beneficiaries']} bénéficiaires, "
            f"soins de {options['year']})…"
        )
        with tqdm(total=options["beneficiaries"], unit=" bénéf.") as bar:
            fund = fund_generate(
                beneficiaries=options["beneficiaries"],
                seed=options["seed"],
                year=options["year"],
                progress=bar.update,
            )
        self.stdout.write(
            f"  {fund.counts['claims']} dossiers, {fund.counts['claim_lines']} lignes"
        )

    def _adjudicate(self) -> None:
        from openamo.claims.models import Claim, ClaimStatus
        from openamo.claims.services import claims_adjudicate_pending

        pending = Claim.objects.filter(status=ClaimStatus.RECEIVED).count()
        if not pending:
            return
        self.stdout.write(f"Liquidation des {pending} dossiers reçus…")
        with tqdm(total=pending, unit=" dossiers") as bar:
            run = claims_adjudicate_pending(
                source="démonstration", progress=lambda written: bar.update(written.claims)
            )
        self.stdout.write(
            f"  {run.claims} dossiers liquidés, {format_dh(run.reimbursed)} remboursés"
        )

    def _payments(self) -> None:
        from openamo.synth.payments import demo_payments

        runs = demo_payments()
        if runs:
            self.stdout.write("Paiements (un lot assurés, un lot prestataires, retour banque)…")
        for run in runs:
            rejected = run.orders.filter(status="rejected").count()
            self.stdout.write(
                f"  {run.reference} : {run.order_count} virements, {format_dh(run.total)}, "
                f"{rejected} rejeté(s) par la banque"
            )
