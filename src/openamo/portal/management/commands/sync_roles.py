from django.core.management.base import BaseCommand

from openamo.portal.roles import roles_sync


class Command(BaseCommand):
    help = "Crée les groupes des rôles et leur accorde leurs permissions (n'en retire aucune)."

    def handle(self, **options):
        missing = roles_sync()
        for role, permissions in missing.items():
            self.stdout.write(f"{role} : permission(s) absente(s) {', '.join(permissions)}")
        self.stdout.write(self.style.SUCCESS("Rôles synchronisés."))
