from django.contrib import admin

from .models import PayerAccount, PaymentHold, PaymentItem, PaymentOrder, PaymentRun


@admin.register(PayerAccount)
class PayerAccountAdmin(admin.ModelAdmin):
    list_display = ("name", "rib", "active")


class ReadOnly(admin.ModelAdmin):
    """Runs and orders change only through the payments services (pages, bank files)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnly):
    list_display = ("reference", "kind", "cut_off", "status", "order_count", "total")
    list_filter = ("kind", "status")
    search_fields = ("reference",)
    exclude = ("bank_file",)


class ItemInline(admin.TabularInline):
    model = PaymentItem
    extra = 0
    raw_id_fields = ("claim", "statement", "invoice")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnly):
    list_display = ("reference", "payee_name", "amount", "status", "settled_on")
    list_filter = ("status", "run__kind")
    search_fields = ("reference", "payee_name")
    raw_id_fields = ("run", "member", "provider")
    inlines = [ItemInline]


@admin.register(PaymentHold)
class PaymentHoldAdmin(ReadOnly):
    list_display = ("__str__", "reason", "starts_on", "ends_on", "lifted_at")
