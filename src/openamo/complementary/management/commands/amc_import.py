"""openamo amc_import DIR --insurer CODE: import the base fund's flow files dropped in DIR.

Every `*.csv` directly in DIR is imported (all or nothing per file), then moved to DIR/done/
or DIR/rejected/ with its report beside it (`<file>.rapport.txt`). A file whose content was
already imported is moved to done/ and pays nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openamo.complementary.flows import flow_file_import
from openamo.complementary.models import Insurer
from openamo.core.tabular import limits_configured


class Command(BaseCommand):
    help = "Importe les fichiers de flux de la caisse de base déposés dans un dossier."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--insurer", required=True, help="code de l'organisme complémentaire")

    def handle(self, directory, insurer, **options):
        folder = Path(directory)
        if not folder.is_dir():
            raise CommandError(f"dossier introuvable : {folder}")
        try:
            organisme = Insurer.objects.get(code=insurer)
        except Insurer.DoesNotExist:
            raise CommandError(f"organisme inconnu : {insurer}") from None
        for sub in ("done", "rejected"):
            (folder / sub).mkdir(exist_ok=True)
        for path in sorted(p for p in folder.glob("*.csv") if p.is_file()):
            with path.open("rb") as file:  # past the cap, the file is refused unread
                content = file.read(limits_configured().bytes + 1)
            record, new = flow_file_import(insurer=organisme, name=path.name, content=content)
            report = record.report if new else f"Déjà intégré le {record.received_at:%d/%m/%Y}\n"
            target = folder / ("done" if record.status == "done" else "rejected") / path.name
            path.replace(target)
            target.with_name(target.name + ".rapport.txt").write_text(report, encoding="utf-8")
            self.stdout.write(f"{path.name} : {record.get_status_display()}")
