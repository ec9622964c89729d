from django.urls import path

from .views import alerts, cases, family, provider

app_name = "fraud"
urlpatterns = [
    path("", family.search, name="search"),
    path("famille/<int:pk>/", family.family, name="family"),
    path("prestataire/<str:inpe>/", provider.provider, name="provider"),
    path("etablissements/", provider.groups, name="groups"),
    path("etablissements/<str:axis>/<str:value>/", provider.group, name="group"),
    path("alertes/", alerts.queue, name="alerts"),
    path("alertes/traiter/", alerts.triage, name="triage"),
    path("dossiers/", cases.cases, name="cases"),
    path("dossiers/<str:reference>/", cases.case, name="case"),
    path("dossiers/<str:reference>/statut/", cases.case_move, name="case_move"),
    path("dossiers/<str:reference>/note/", cases.case_note, name="case_note"),
    path("dossiers/<str:reference>/piece/", cases.case_document, name="case_document"),
    path(
        "dossiers/<str:reference>/piece/<int:pk>/",
        cases.document_download,
        name="case_document_download",
    ),
    path("dossiers/<str:reference>/decision/", cases.case_decision, name="case_decision"),
    path("dossiers/<str:reference>/indu/", cases.case_recovery, name="case_recovery"),
    path("dossiers/<str:reference>/suspendre/", cases.case_suspend, name="case_suspend"),
    path(
        "dossiers/<str:reference>/suspensions/<int:pk>/lever/",
        cases.suspension_lift,
        name="suspension_lift",
    ),
]
