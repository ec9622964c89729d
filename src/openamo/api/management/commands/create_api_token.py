from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from openamo.api.auth import api_token_create


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un utilisateur ; la valeur n'est affichée qu'une fois."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="logiciel ou partenaire qui utilisera le jeton")

    def handle(self, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"utilisateur inconnu : {username}")
        _, raw = api_token_create(user=user, name=name)
        self.stdout.write(raw)
