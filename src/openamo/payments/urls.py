from django.urls import path

from .views import holds, portal, runs

app_name = "payments"
urlpatterns = [
    path("", runs.runs, name="runs"),
    path("preparer/", runs.prepare, name="prepare"),
    path("oppositions/", holds.holds, name="holds"),
    path("oppositions/<int:pk>/lever/", holds.hold_lift, name="hold_lift"),
    path("mes-paiements/", portal.insured_payments, name="insured"),
    path("etablissement/", portal.provider_payments, name="provider"),
    path("espace/<str:reference>/", portal.portal_order, name="portal_order"),
    path("ordres/<str:reference>/", runs.order_detail, name="order"),
    path("lots/<str:reference>/", runs.run_detail, name="run"),
    path("lots/<str:reference>/virements.csv", runs.run_file, name="run_file"),
    path("lots/<str:reference>/emettre/", runs.run_issue, name="run_issue"),
    path("lots/<str:reference>/payer/", runs.run_settle_all, name="run_settle_all"),
    path("lots/<str:reference>/retour/", runs.run_returns, name="run_returns"),
]
