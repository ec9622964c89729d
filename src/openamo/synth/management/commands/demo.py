from django.core.management import call_command
from django.core.management.base import BaseCommand

from openamo.synth.accounts import demo_account_reset


class Command(BaseCommand):
    help = "Prépare la caisse de démonstration : base de données, référentiels d'exemple, comptes."

    def handle(self, **options):
        self.stdout.write("Base de données…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Référentiels d'exemple…")
        call_command("load_sample_referentials", stdout=self.stdout)
        _, password = demo_account_reset(
            username="admin", first_name="Administrateur", last_name="OpenAMO", superuser=True
        )
        self.stdout.write(self.style.SUCCESS("\nCaisse de démonstration prête."))
        self.stdout.write("Comptes (mots de passe renouvelés à chaque lancement) :")
        self.stdout.write(f"  administrateur   identifiant : admin   mot de passe : {password}")
        self.stdout.write("Adresse : http://127.0.0.1:8000/  (administration : /admin/)\n")
