from django.urls import path

from . import views, views_reminders

app_name = "contributions"
urlpatterns = [
    path("", views.declaration_list, name="declarations"),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration"),
    path("declarations/import/", views.declaration_upload, name="upload"),
    path("declarations/saisie/", views.declaration_entry, name="entry"),
    path("appels/", views.calls_and_receipts, name="calls"),
    path("encaissements/", views.receipts, name="receipts"),
    path("impayes/", views.arrears, name="arrears"),
    path("relances/", views_reminders.reminders, name="reminders"),
    path("relances/envoyer/", views_reminders.reminder_send, name="reminder_send"),
]
