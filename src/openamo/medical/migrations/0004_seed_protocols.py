from django.db import migrations

from openamo.medical.seed import protocols_load


def load(apps, schema_editor):
    protocols_load(apps.get_model("medical", "TherapeuticProtocol"))


class Migration(migrations.Migration):
    dependencies = [("medical", "0003_protocols")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
