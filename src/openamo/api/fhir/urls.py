from django.urls import path

from . import views

app_name = "fhir"

urlpatterns = [
    path("", views.root, name="root"),
    path("metadata", views.metadata, name="metadata"),
    path("<str:resource_type>", views.endpoint, name="type"),
    path("<str:resource_type>/<str:resource_id>", views.endpoint, name="instance"),
]
