"""Back-office for contributions. Declarations and their computed shares are read-only here:
they are written by the services (import or manual entry pages) so that calls, payroll and
rights stay consistent. Receipts are recorded through the service, which matches them."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from openamo.referentials.admin_tools import DecimalDisplayMixin

from . import models as m
from . import services


class ReadOnlyAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ShareInline(admin.TabularInline):
    model = m.ContributionShare
    extra = 0
    can_delete = False
    fields = (
        "component",
        "rate",
        "raw_amount",
        "amount",
        "floor_applied",
        "ceiling_applied",
        "yearly_ceiling_applied",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = m.DeclarationLine
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("line_number", "member", "population", "gross_salary", "days", "contribution_total")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = (
        "period",
        "employer",
        "scheme",
        "source",
        "line_count",
        "payroll_total",
        "contribution_total",
        "submitted_at",
    )
    list_filter = ("scheme", "source", "period")
    search_fields = ("employer__name", "employer__cnss_number", "employer__ice", "file_name")
    date_hierarchy = "period"
    list_select_related = ("employer", "scheme")
    inlines = [LineInline]


@admin.register(m.DeclarationLine)
class DeclarationLineAdmin(ReadOnlyAdmin):
    list_display = (
        "declaration",
        "line_number",
        "member",
        "population",
        "gross_salary",
        "days",
        "contribution_total",
    )
    list_filter = ("population", "declaration__scheme", "declaration__period")
    search_fields = ("member__registration_number", "member__cin", "member__last_name")
    list_select_related = ("declaration__employer", "member")
    raw_id_fields = ("member", "declaration")
    inlines = [ShareInline]


@admin.register(m.ContributionShare)
class ContributionShareAdmin(ReadOnlyAdmin):
    list_display = (
        "period",
        "member",
        "component",
        "rate",
        "amount",
        "floor_applied",
        "ceiling_applied",
        "yearly_ceiling_applied",
    )
    list_filter = (
        "component",
        "floor_applied",
        "ceiling_applied",
        "yearly_ceiling_applied",
        "period",
    )
    search_fields = ("member__registration_number", "member__cin")
    list_select_related = ("member",)
    raw_id_fields = ("member", "line")


@admin.register(m.Payroll)
class PayrollAdmin(ReadOnlyAdmin):
    list_display = ("period", "member", "employer", "gross_salary", "days", "contribution_total")
    list_filter = ("scheme", "period")
    search_fields = ("member__registration_number", "member__cin", "employer__name")
    list_select_related = ("member", "employer")
    raw_id_fields = ("member", "employer", "line")


class AllocationInline(admin.TabularInline):
    model = m.ReceiptAllocation
    extra = 0
    can_delete = False
    fields = ("receipt", "call", "amount", "allocated_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.ContributionCall)
class ContributionCallAdmin(ReadOnlyAdmin):
    list_display = ("period", "employer", "amount_due", "due_on", "issued_at")
    list_filter = ("period", "due_on", "employer__scheme")
    search_fields = ("employer__name", "employer__cnss_number", "employer__ice")
    list_select_related = ("employer",)
    inlines = [AllocationInline]


@admin.register(m.Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = ("received_on", "employer", "channel", "reference", "amount", "recorded_at")
    list_filter = ("channel", "received_on")
    search_fields = ("reference", "employer__name", "employer__cnss_number")
    list_select_related = ("employer",)
    fields = ("employer", "amount", "received_on", "channel", "reference", "note")
    inlines = [AllocationInline]
    actions = ["match_receipts"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Recorded through the service (the form already refused a reference recorded twice),
        then matched to the employer's calls."""
        recorded = services.receipt_record(
            employer=obj.employer,
            amount=obj.amount,
            received_on=obj.received_on,
            channel=obj.channel,
            reference=obj.reference,
            note=obj.note,
            user=request.user,
        )
        obj.pk = recorded.pk

    @admin.action(description=_("Imputer les encaissements sélectionnés sur les appels dus"))
    def match_receipts(self, request, queryset):
        for receipt in queryset:
            services.receipt_match(receipt=receipt)
        messages.success(request, _("Imputation faite."))


@admin.register(m.ReceiptAllocation)
class ReceiptAllocationAdmin(ReadOnlyAdmin):
    list_display = ("allocated_at", "receipt", "call", "amount")
    list_filter = ("allocated_at",)
    search_fields = ("receipt__reference", "call__employer__name")
    list_select_related = ("receipt", "call__employer")
