from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openamo.audit.services import audit_chain_check


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne d'empreintes du journal d'audit, entrée par entrée : affiche OK et le "
        "nombre d'entrées, ou la première entrée altérée (et sort en erreur)."
    )

    def handle(self, **options):
        check = audit_chain_check()
        if check.broken is not None:
            entry = check.broken
            when = timezone.localtime(entry.created_at)
            raise CommandError(
                f"Journal d'audit altéré : entrée n° {entry.pk} du {when:%d/%m/%Y %H:%M:%S}, "
                f"objet « {entry.object_repr} » ({entry.object_type.name} {entry.object_id}) ; "
                f"{check.count - 1} entrée(s) intègre(s) avant elle."
            )
        if not check.head_ok:
            raise CommandError(
                f"Journal d'audit tronqué : la tête de chaîne ne désigne pas la dernière des "
                f"{check.count} entrées (des entrées finales ont été supprimées)."
            )
        self.stdout.write(f"OK : {check.count} entrée(s) vérifiée(s), chaîne intègre.")
