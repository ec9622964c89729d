from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("assures/", include("openamo.members.urls")),
    path("cotisations/", include("openamo.contributions.urls")),
    path("dossiers/", include("openamo.claims.urls")),
]
