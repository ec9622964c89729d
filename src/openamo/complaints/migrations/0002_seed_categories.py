from django.db import migrations

from openamo.complaints.seed import seed_load


def load(apps, schema_editor):
    seed_load(
        apps.get_model("complaints", "Team"),
        apps.get_model("complaints", "Category"),
        apps.get_model("complaints", "Route"),
        apps.get_model("complaints", "ComplaintDelay"),
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
