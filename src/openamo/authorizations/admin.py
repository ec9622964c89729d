from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    AuthorizationRequest,
    DirectBillingAgreement,
    DocumentAsk,
    Invoice,
    InvoiceBatch,
    InvoiceLine,
    ProviderAccess,
    RequestAct,
    RequestEvent,
    SubmittedDocument,
)
from .templatetags.authorizations_format import rule_label


@admin.register(DirectBillingAgreement)
class DirectBillingAgreementAdmin(admin.ModelAdmin):
    list_display = ["provider", "status", "starts_on", "ends_on", "automatic", "decided_by"]
    list_filter = ["status", "automatic"]
    search_fields = ["provider__name", "provider__inpe"]
    raw_id_fields = ["provider"]
    readonly_fields = ["applied_at", "decided_at", "decided_by"]


@admin.register(ProviderAccess)
class ProviderAccessAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "granted_at"]
    search_fields = ["user__username", "provider__name", "provider__inpe"]
    raw_id_fields = ["user", "provider"]


class RequestActInline(admin.TabularInline):
    model = RequestAct
    extra = 0
    fields = [
        "number",
        "kind",
        "code",
        "quotation",
        "quantity",
        "granted_quantity",
        "base",
        "rate",
        "covered",
        "copayment",
        "problem",
    ]
    readonly_fields = fields


class SubmittedDocumentInline(admin.TabularInline):
    model = SubmittedDocument
    extra = 0
    fields = ["document_type", "file_name", "reference", "received_at", "sent_by"]
    readonly_fields = fields


class RuleSentence:
    """Decision rules read as their sentence, the code as a tooltip."""

    @admin.display(description=_("règle"))
    def rule_sentence(self, obj):
        return _sentence(obj.rule)

    @admin.display(description=_("règle de décision"))
    def decision_rule_sentence(self, obj):
        return _sentence(obj.decision_rule)


def _sentence(code: str):
    if not code:
        return "—"
    return format_html('<span title="{}">{}</span>', code, rule_label(code))


class RequestEventInline(RuleSentence, admin.TabularInline):
    model = RequestEvent
    extra = 0
    fields = ["at", "action", "by", "rule_sentence", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(AuthorizationRequest)
class AuthorizationRequestAdmin(RuleSentence, admin.ModelAdmin):
    """Read-mostly: requests are written by the services (decisions through the portal)."""

    list_display = [
        "reference",
        "beneficiary",
        "provider",
        "authorization_type",
        "status",
        "queue",
        "delegation",
        "due_at",
        "escalated_at",
        "amount_covered",
    ]
    list_filter = [
        "status",
        "queue",
        "delegation",
        "authorization_type",
        ("escalated_at", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "reference",
        "beneficiary__registration_number",
        "provider__name",
        "provider__inpe",
    ]
    raw_id_fields = ["provider", "beneficiary", "decided_by", "submitted_by"]
    date_hierarchy = "submitted_at"
    inlines = [RequestActInline, SubmittedDocumentInline, RequestEventInline]
    readonly_fields = [
        "decision_rule_sentence" if f.name == "decision_rule" else f.name
        for f in AuthorizationRequest._meta.fields
        if f.name != "id"
    ]
    exclude = ["decision_rule"]

    def has_add_permission(self, request):
        return False


@admin.register(RequestAct)
class RequestActAdmin(admin.ModelAdmin):
    list_display = ["request", "number", "code", "quantity", "granted_quantity", "covered"]
    search_fields = ["request__reference", "code"]
    raw_id_fields = ["request"]


@admin.register(SubmittedDocument)
class SubmittedDocumentAdmin(admin.ModelAdmin):
    list_display = ["request", "document_type", "file_name", "received_at"]
    search_fields = ["request__reference"]
    raw_id_fields = ["request", "sent_by"]


@admin.register(DocumentAsk)
class DocumentAskAdmin(admin.ModelAdmin):
    list_display = ["request", "document_type", "asked_by", "asked_at", "received_at"]
    search_fields = ["request__reference"]
    raw_id_fields = ["request", "asked_by"]


@admin.register(RequestEvent)
class RequestEventAdmin(RuleSentence, admin.ModelAdmin):
    list_display = ["request", "at", "action", "by", "rule_sentence", "to_status"]
    list_filter = ["action"]
    search_fields = ["request__reference"]
    raw_id_fields = ["request", "by"]

    def has_change_permission(self, request, obj=None):
        return False


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    fields = [
        "number",
        "kind",
        "code",
        "care_date",
        "quantity",
        "charged",
        "covered",
        "accepted",
        "reasons",
    ]
    readonly_fields = fields


@admin.register(InvoiceBatch)
class InvoiceBatchAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "provider",
        "received_on",
        "status",
        "invoice_count",
        "amount_claimed",
        "amount_accepted",
    ]
    list_filter = ["status"]
    search_fields = ["reference", "provider__name", "provider__inpe"]
    raw_id_fields = ["provider", "submitted_by"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "number",
        "provider",
        "agreement",
        "status",
        "amount_charged",
        "amount_accepted",
        "payment_due_on",
        "paid_on",
    ]
    list_filter = ["status"]
    search_fields = ["reference", "number", "agreement__reference", "provider__name"]
    raw_id_fields = ["batch", "provider", "agreement"]
    inlines = [InvoiceLineInline]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(admin.ModelAdmin):
    list_display = ["invoice", "number", "code", "care_date", "charged", "accepted"]
    search_fields = ["invoice__reference", "code"]
    raw_id_fields = ["invoice"]
