from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "openamo.documents"
    label = "documents"
    verbose_name = "Pièces et documents"
