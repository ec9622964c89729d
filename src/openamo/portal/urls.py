from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import broker, employer, insured, language, mutuelle, profile, provider, search, views
from .security import ThrottledAuthenticationForm

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", search.search, name="search"),
    path("mon-profil/", profile.profile, name="profile"),
    path("langue/", language.language_set, name="language"),
    path("mon-espace/", insured.home, name="insured_home"),
    path("mon-espace/dossiers/", insured.claims, name="insured_claims"),
    path("mon-espace/prises-en-charge/", insured.authorizations, name="insured_authorizations"),
    path("mon-espace/dossiers/<str:reference>/", insured.claim_statement, name="insured_statement"),
    path(
        "mon-espace/dossiers/<str:reference>/decompte.pdf",
        insured.claim_statement_pdf,
        name="insured_statement_pdf",
    ),
    path("mon-espace/rib/", insured.rib_change, name="insured_rib"),
    path("mon-espace/rib/confirmer/", insured.rib_confirm, name="insured_rib_confirm"),
    path("employeur/", employer.home, name="employer_home"),
    path("employeur/assures/", employer.members, name="employer_members"),
    path("employeur/assures/export.csv", employer.members_csv, name="employer_members_csv"),
    path("employeur/assures/export.xlsx", employer.members_xlsx, name="employer_members_xlsx"),
    path("employeur/declarations/", employer.declarations, name="employer_declarations"),
    path(
        "employeur/declarations/deposer/",
        employer.declaration_upload,
        name="employer_declaration_upload",
    ),
    path(
        "employeur/declarations/modele.csv",
        employer.declaration_template,
        name="employer_declaration_template",
    ),
    path(
        "employeur/declarations/<int:pk>/",
        employer.declaration_detail,
        name="employer_declaration",
    ),
    path("employeur/appels/", employer.calls, name="employer_calls"),
    path("employeur/appels/<int:pk>/", employer.call_detail, name="employer_call"),
    path("prestataire/eligibilite/", provider.eligibility, name="provider_eligibility"),
    path("intermediaire/", include((broker.urlpatterns, "broker"))),
    path("mutuelle/", include((mutuelle.urlpatterns, "mutuelle"))),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="portal/login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("assures/", include("openamo.members.urls")),
    path("cotisations/", include("openamo.contributions.urls")),
    path("dossiers/", include("openamo.claims.urls")),
    path("prises-en-charge/", include("openamo.authorizations.urls")),
    path("paiements/", include("openamo.payments.urls")),
    path("complementaire/", include("openamo.complementary.urls")),
    path("controle/", include("openamo.audit.urls")),
    path("controle/", include("openamo.fraud.urls")),
    path("pilotage/", include("openamo.analytics.urls")),
    path("", include("openamo.complaints.urls")),
    path("", include("openamo.medical.urls")),
    path("documents/", include("openamo.documents.urls")),
    path("", include("openamo.notifications.urls")),
]
