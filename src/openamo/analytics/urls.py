from django.urls import path

from . import views
from .dashboards import DASHBOARDS

app_name = "analytics"
urlpatterns = [path(f"{slug}/", views.board, {"slug": slug}, name=slug) for slug in DASHBOARDS]
