from django.db import migrations, models

from openamo.referentials.stamp_sql import triggers_create, triggers_drop


class Migration(migrations.Migration):
    dependencies = [
        ("referentials", "0004_merge_control_eligibility"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferentialStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("counter", models.BigIntegerField(default=0)),
                ("token", models.CharField(max_length=40)),
            ],
            options={
                "verbose_name": "version des référentiels",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
