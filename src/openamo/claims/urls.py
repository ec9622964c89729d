from django.urls import path  # noqa: F401  (the claims pages are added here)

app_name = "claims"
urlpatterns: list = []
