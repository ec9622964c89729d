from django.urls import path

from . import views_insured as insured
from . import views_portfolio as portfolio
from . import views_staff as staff

app_name = "complaints"
urlpatterns = [
    path("reclamations/", staff.queue, name="queue"),
    path("reclamations/nouvelle/", staff.file_on_behalf, name="file_on_behalf"),
    path("reclamations/tableau-de-bord/", portfolio.dashboard, name="dashboard"),
    path("employeur/reclamations/", portfolio.employer_complaints, name="employer"),
    path("intermediaire/reclamations/", portfolio.broker_complaints, name="broker"),
    path("reclamations/<str:reference>/", staff.detail, name="detail"),
    path("reclamations/<str:reference>/message/", staff.message, name="message"),
    path("reclamations/<str:reference>/attribuer/", staff.assign, name="assign"),
    path("reclamations/<str:reference>/cloturer/", staff.close, name="close"),
    path("reclamations/<str:reference>/rouvrir/", staff.reopen, name="reopen"),
    path("mon-espace/reclamations/", insured.mine, name="mine"),
    path("mon-espace/reclamations/nouvelle/", insured.file, name="file"),
    path("mon-espace/reclamations/<str:reference>/", insured.detail, name="mine_detail"),
    path(
        "mon-espace/reclamations/<str:reference>/satisfaction/",
        insured.satisfaction,
        name="satisfaction",
    ),
    path("mon-espace/reclamations/<str:reference>/rouvrir/", insured.reopen, name="mine_reopen"),
    path("mon-espace/reclamations/<str:reference>/cloturer/", insured.close, name="mine_close"),
]
