from django.contrib import admin

from .models import Delivery, Notification, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = [
        "channel",
        "address",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "channel", "event", "subject", "sent_at", "read_at"]
    list_filter = ["channel", "event", "legal", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "beneficiary__registration_number", "beneficiary__last_name"]
    raw_id_fields = ["beneficiary", "employer", "broker", "mutuelle", "provider"]
    readonly_fields = ["created_at", "related_type", "related_id", "dispatched_at", "topic"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The copies; « Envoi interrompu » are the e-mails a killed worker may have handed over:
    check with the recipient before sending again."""

    list_display = ["id", "notification", "channel", "address", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["address", "key", "gateway_reference"]
    raw_id_fields = ["notification"]
    readonly_fields = ["key", "attempts", "lease_until", "sent_at", "gateway_reference"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "channel", "enabled", "updated_at"]
    list_filter = ["channel", "enabled"]
    raw_id_fields = ["user"]
