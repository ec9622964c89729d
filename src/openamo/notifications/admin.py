from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "beneficiary", "channel", "event", "subject", "sent_at"]
    list_filter = ["channel", "event", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "beneficiary__registration_number", "beneficiary__last_name"]
    raw_id_fields = ["beneficiary"]
    readonly_fields = ["created_at", "related_type", "related_id"]
    date_hierarchy = "created_at"
