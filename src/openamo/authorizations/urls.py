from django.urls import path

from . import views

app_name = "authorizations"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("nouvelle/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/pieces/", views.request_documents, name="documents"),
    path("<int:pk>/decision/", views.request_decide, name="decide"),
    path("<int:pk>/demande-piece/", views.request_ask, name="ask"),
    path("file/", views.queue, name="queue"),
    path("delais/", views.delays, name="delays"),
    path("factures/", views.invoices, name="invoices"),
    path("factures/<int:pk>/", views.invoice_detail, name="invoice"),
    path("factures/bordereau/", views.batch_new, name="batch_new"),
]
