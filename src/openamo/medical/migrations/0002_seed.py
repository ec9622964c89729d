from django.db import migrations

from openamo.medical.seed import seed_load


def load(apps, schema_editor):
    seed_load(
        apps.get_model("referentials", "DocumentType"),
        apps.get_model("medical", "AldDocumentRule"),
        apps.get_model("medical", "MedicalDelay"),
        apps.get_model("medical", "DecisionTemplate"),
    )


class Migration(migrations.Migration):
    dependencies = [("medical", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
