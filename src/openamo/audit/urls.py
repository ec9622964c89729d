from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("journal/", views.trail, name="trail"),
    path("lectures/", views.reads, name="reads"),
    path("agents/", views.processors, name="processors"),
]
