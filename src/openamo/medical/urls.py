from django.urls import path

from . import views_portal as portal
from . import views_staff as staff

app_name = "medical"
urlpatterns = [
    path("controle-medical/", staff.queue, name="queue"),
    path("controle-medical/statistiques/", staff.statistics, name="statistics"),
    path("controle-medical/contre-visites/", staff.exam_order, name="exam_order"),
    path("controle-medical/contre-visites/<str:reference>/", staff.exam, name="exam"),
    path(
        "controle-medical/contre-visites/<str:reference>/saisir/",
        staff.exam_record,
        name="exam_record",
    ),
    path("controle-medical/pieces/<int:pk>/", staff.document, name="document"),
    path("controle-medical/beneficiaires/<int:pk>/", staff.history, name="history"),
    path("controle-medical/<str:reference>/", staff.detail, name="detail"),
    path("controle-medical/<str:reference>/attribuer/", staff.assign, name="assign"),
    path("controle-medical/<str:reference>/decider/", staff.decide, name="decide"),
    path("prestataire/demandes-ald/", portal.provider_list, name="provider_list"),
    path("prestataire/demandes-ald/nouvelle/", portal.provider_file, name="provider_file"),
    path(
        "prestataire/demandes-ald/<str:reference>/", portal.provider_detail, name="provider_detail"
    ),
    path("mon-espace/demandes-ald/", portal.insured_list, name="insured_list"),
    path("mon-espace/demandes-ald/nouvelle/", portal.insured_file, name="insured_file"),
    path("mon-espace/demandes-ald/<str:reference>/", portal.insured_detail, name="insured_detail"),
]
