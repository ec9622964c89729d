from django.core.management.base import BaseCommand

from openamo.ops.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Applique la politique de conservation (docs/operations.md) : supprime ou anonymise ce "
        "qui a dépassé sa durée. Avec --dry-run, compte sans rien modifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans modifier")

    def handle(self, dry_run=False, **options):
        for rule, count in retention_apply(dry_run=dry_run):
            verb = rule.action if not dry_run else f"à {rule.action}"
            self.stdout.write(f"{rule.label} (plus de {rule.days} jours) : {count} {verb}")
        if dry_run:
            self.stdout.write("simulation : rien n'a été modifié")
