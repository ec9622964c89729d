import os
import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from openamo.analytics.demo import analytics_demo
from openamo.complaints.demo import complaints_demo
from openamo.complementary.demo import complementary_demo
from openamo.core.money import format_dh
from openamo.fraud.demo import fraud_demo_step
from openamo.medical.demo import ald_queue_fill
from openamo.members.models import Member
from openamo.notifications.demo import demo_messages
from openamo.synth.accounts import demo_accounts_reset
from openamo.synth.span import Span


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--until : date invalide « {value} » (attendu AAAA-MM-JJ)") from error


class Command(BaseCommand):
    help = (
        "Prépare la caisse de démonstration : base de données, référentiels d'exemple, caisse "
        "synthétique (les douze mois jusqu'à aujourd'hui) liquidée et payée, comptes par rôle."
    )

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--until", type=_day, default=None, help="dernier jour de la caisse (AAAA-MM-JJ)"
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="reconstruire entièrement la caisse à la date du jour (sans cette option, une "
            "caisse de moins de 60 jours est avancée jusqu'à aujourd'hui)",
        )

    def handle(self, **options):
        self.started = time.perf_counter()
        today = options["until"] or timezone.localdate()
        if today > timezone.localdate():
            raise CommandError("--until : la caisse ne peut pas finir après aujourd'hui")
        self._step("Base de données")
        call_command("migrate", interactive=False, verbosity=0)
        if options["refresh"]:
            self._refresh(today)
        self._step("Référentiels d'exemple")
        call_command("load_sample_referentials", stdout=self.stdout)
        if self._fund(options, today):
            self._living(options, today)
        self._step("Comptes de démonstration")
        accounts = demo_accounts_reset()
        seconds = time.perf_counter() - self.started
        self.stdout.write(self.style.SUCCESS(f"\nCaisse de démonstration prête ({seconds:.0f} s)."))
        self.stdout.write("Comptes (mots de passe renouvelés à chaque lancement) :")
        width = max(len(label) for label, _, _ in accounts)
        for label, username, password in accounts:
            self.stdout.write(
                f"  {label:<{width}}  identifiant : {username:<13} mot de passe : {password}"
            )
        listen = os.environ.get("OPENAMO_LISTEN", "127.0.0.1:8000")
        self.stdout.write(f"Adresse : http://{listen}/  (administration : /admin/)\n")

    def _step(self, label: str) -> None:
        elapsed = time.perf_counter() - self.started
        self.stdout.write(f"[{elapsed:4.0f} s] {label}…")
        self.stdout.flush()

    def _refresh(self, today: date) -> None:
        from openamo.synth.models import SyntheticFund

        fund = SyntheticFund.objects.first()
        if fund is None or fund.until == today:
            return
        self._step(f"Caisse du {fund.until or fund.year} effacée pour la reconstruire au {today}")
        call_command("flush", interactive=False, verbosity=0)

    def _fund(self, options, today: date) -> bool:
        """Generate the fund on an empty database; False when one is kept."""
        if Member.objects.exists():
            from openamo.synth.forward import forward_days
            from openamo.synth.models import SyntheticFund

            fund = SyntheticFund.objects.first()
            if forward_days(fund, today):
                return self._forward(fund, today)
            until = fund.until if fund else None
            self.stdout.write(f"Caisse déjà générée (jusqu'au {until or '?'}) : conservée.")
            if until and until != today:
                self.stdout.write(
                    "  Pour la caisse à la date du jour : openamo demo --refresh "
                    "(efface la base et la reconstruit)."
                )
            return False
        from openamo.synth.services import fund_generate

        self._step(
            f"Caisse synthétique ({options['beneficiaries']} bénéficiaires, soins du "
            f"{Span.until(today).start:%d/%m/%Y} au {today:%d/%m/%Y})"
        )
        with tqdm(total=options["beneficiaries"], unit=" bénéf.") as bar:
            fund = fund_generate(
                beneficiaries=options["beneficiaries"],
                seed=options["seed"],
                until=today,
                progress=bar.update,
            )
        self.stdout.write(
            f"  {fund.counts['claims']} dossiers, {fund.counts['claim_lines']} lignes"
        )
        return True

    def _forward(self, fund, today: date) -> bool:
        """A recent fund brought forward to `today`: the missing days only."""
        from openamo.synth.forward import fund_forward

        self.since = fund.until
        self._step(f"Caisse avancée du {fund.until:%d/%m/%Y} au {today:%d/%m/%Y} (jours manquants)")
        with tqdm(total=fund.beneficiaries, unit=" bénéf.") as bar:
            done = fund_forward(today=today, progress=bar.update)
        self.stdout.write(
            f"  {done.counts.get('claims', 0)} dossiers, "
            f"{done.counts.get('authorization_requests', 0)} demandes de prise en charge, "
            f"{done.counts.get('declarations', 0)} déclarations"
        )
        return True

    def _living(self, options, today: date) -> None:
        """The fund on a normal morning: recent files still in the works, statements dated,
        contributions paid with some arrears, the year's payment runs."""
        from openamo.synth import today as living

        self._step("Dossiers en cours (reçus ces derniers jours, pièces, contrôle médical)")
        mail = living.claims_set_aside(today=today, seed=options["seed"])
        run = self._adjudicate()
        living.claims_put_back(mail)
        if run is not None:
            self._step("Dates de liquidation")
            living.statements_backdate(run_id=run.pk, today=today)
        self._step("Encaissements des cotisations")
        since = getattr(self, "since", None)
        receipts = living.contributions_settle(today=today, seed=options["seed"], since=since)
        self.stdout.write(f"  {receipts} encaissements")
        self._payments(today)
        self._step("Couverture complémentaire (contrats, décomptes de l'année, flux)")
        complementary_demo(today=today, write=self.stdout.write)
        self.stdout.write(f"  {ald_queue_fill(today=today, seed=options['seed'])} demandes ALD")
        self._step(f"Réclamations : {complaints_demo(today=today, seed=options['seed'])}")
        fraud_demo_step(self, today)
        demo_messages(today=today, out=self.stdout)
        analytics_demo(step=self._step)

    def _adjudicate(self):
        from openamo.claims.models import Claim, ClaimStatus
        from openamo.claims.services import claims_adjudicate_pending

        pending = Claim.objects.filter(status=ClaimStatus.RECEIVED).count()
        if not pending:
            return None
        self._step(f"Liquidation des {pending} dossiers reçus")
        with tqdm(total=pending, unit=" dossiers") as bar:
            run = claims_adjudicate_pending(
                source="démonstration",
                progress=lambda written: bar.update(written.claims),
                notify=False,  # the fund's past: the demo's messages come from notifications.demo
            )
        self.stdout.write(
            f"  {run.claims} dossiers liquidés, {format_dh(run.reimbursed)} remboursés"
        )
        return run

    def _payments(self, today: date) -> None:
        from openamo.synth.models import SyntheticFund
        from openamo.synth.payments import demo_payments

        fund = SyntheticFund.objects.first()
        since = Span.until(fund.until).start if fund and fund.until else today
        self._step("Paiements (lots de l'année, retours banque, lot du jour en préparation)")
        if getattr(self, "since", None):
            from openamo.synth.payments import payments_forward

            runs = payments_forward(today=today, since=self.since)
        else:
            with tqdm(unit=" lots") as bar:

                def progress(done, total):
                    bar.total = total
                    bar.update(done - bar.n)

                runs = demo_payments(today=today, since=since, progress=progress)
        rejected = sum(run.orders.filter(status="rejected").count() for run in runs)
        total = sum((run.total for run in runs), start=0)
        self.stdout.write(
            f"  {len(runs)} lots, {sum(r.order_count for r in runs)} virements, "
            f"{format_dh(total)}, {rejected} rejeté(s) par la banque"
        )
