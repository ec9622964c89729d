from django.db import migrations


def load(apps, schema_editor):
    team = apps.get_model("complaints", "Team")
    team.objects.get_or_create(
        code="escalade", defaults={"label": "Responsables réclamations (escalade)"}
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_escalation")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
