from django.db import migrations


class Migration(migrations.Migration):
    """Two branches met: the referential stamp, and the medicine ATC code with the forfaits'
    establishment kind. The stamp's triggers are put back after every migrate (apps.py)."""

    dependencies = [
        ("referentials", "0005_referential_stamp"),
        ("referentials", "0006_forfait_establishment_kind"),
    ]

    operations = []
