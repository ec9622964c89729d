from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "openamo.ops"
    label = "ops"
    verbose_name = "Exploitation"
