from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("mon-espace/messages/", views.inbox, {"audience": "insured"}, name="insured_inbox"),
    path("employeur/messages/", views.inbox, {"audience": "employer"}, name="employer_inbox"),
    path("intermediaire/messages/", views.inbox, {"audience": "broker"}, name="broker_inbox"),
    path("mutuelle/messages/", views.inbox, {"audience": "mutuelle_agent"}, name="mutuelle_inbox"),
    path("prestataire/messages/", views.inbox, {"audience": "provider"}, name="provider_inbox"),
    path("messages/<int:pk>/", views.message, name="message"),
    path("messages/<int:pk>/lu/", views.mark_read, name="mark_read"),
    path("messages/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("mon-profil/notifications/", views.preferences, name="preferences"),
]
