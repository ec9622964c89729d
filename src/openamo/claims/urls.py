from django.urls import path

from . import views, views_scans

app_name = "claims"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("export.csv", views.queue_csv, name="queue_csv"),
    path("retraitement/", views.reprocess, name="reprocess"),
    path("saisie/", views.intake, name="intake"),
    path("import/", views.upload, name="upload"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/prendre/", views.take, name="take"),
    path("<str:reference>/liquider/", views.adjudicate, name="adjudicate"),
    path("<str:reference>/statut/", views.move, name="move"),
    path("<str:reference>/avis/", views.review, name="review"),
    path("<str:reference>/decompte/", views.statement, name="statement"),
    path("<str:reference>/scans/", views_scans.scan_upload, name="scan_upload"),
    path("<str:reference>/decompte.pdf", views.statement_download, name="statement_pdf"),
]
