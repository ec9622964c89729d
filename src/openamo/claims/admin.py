"""Admin for claim files: search and inspect. Statements, their lines, transitions, runs and
medical reviews are records of what happened, so they are read-only here; claims change through
the services (the staff pages), never by editing rows."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from .models import (
    AdjudicationRun,
    Claim,
    ClaimLine,
    ClaimTransition,
    LineReview,
    Outcome,
    Statement,
    StatementLine,
)
from .templatetags.claims_format import outcome_label


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReasonLabel:
    @admin.display(description=_("motif"))
    def reason_label(self, obj) -> str:
        """A batch's reason is an outcome code ("accepted"): its French label."""
        return outcome_label(obj.reason) if obj.reason else "—"


class ClaimLineInline(ReadOnlyInline):
    model = ClaimLine
    show_change_link = False
    fields = (
        "number",
        "kind",
        "code",
        "care_date",
        "executor_inpe",
        "coefficient",
        "quantity",
        "charged",
    )


class StatementInline(ReasonLabel, ReadOnlyInline):
    model = Statement
    fields = (
        "version",
        "adjudicated_at",
        "adjudicated_by",
        "run",
        "outcome",
        "total_charged",
        "total_reimbursed",
        "reason_label",
    )
    readonly_fields = fields


class TransitionInline(ReasonLabel, ReadOnlyInline):
    model = ClaimTransition
    show_change_link = False
    fields = ("at", "from_status", "to_status", "by", "run", "reason_label")
    readonly_fields = fields


class LatestOutcomeFilter(admin.SimpleListFilter):
    title = _("résultat")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return Outcome.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        latest = Statement.objects.filter(claim_id=OuterRef("pk")).order_by("-version")
        return queryset.alias(latest_outcome=Subquery(latest.values("outcome")[:1])).filter(
            latest_outcome=self.value()
        )


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("reference", "beneficiary", "deposit_date", "channel", "status", "assigned_to")
    list_filter = ("status", "channel", LatestOutcomeFilter, "deposit_date")
    search_fields = ("=reference", "=beneficiary__registration_number", "=beneficiary__cin")
    list_select_related = ("beneficiary", "assigned_to")
    date_hierarchy = "deposit_date"
    inlines = [ClaimLineInline, StatementInline, TransitionInline]
    show_full_result_count = False


class StatementLineInline(ReadOnlyInline):
    model = StatementLine
    show_change_link = False
    fields = (
        "number",
        "label",
        "quotation",
        "act_value",
        "charged",
        "base",
        "rate",
        "reimbursed",
        "copayment",
        "beyond_base",
        "rejection_code",
        "deductions",
    )


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("claim", "version", "outcome", "total_reimbursed", "adjudicated_at", "run")
    list_filter = ("outcome",)
    search_fields = ("=claim__reference",)
    list_select_related = ("claim", "run")
    inlines = [StatementLineInline]
    show_full_result_count = False


@admin.register(ClaimTransition)
class ClaimTransitionAdmin(ReasonLabel, ReadOnlyAdmin):
    list_display = ("claim", "from_status", "to_status", "at", "by", "reason_label")
    list_filter = ("to_status",)
    search_fields = ("=claim__reference",)
    list_select_related = ("claim", "by")
    show_full_result_count = False


@admin.register(AdjudicationRun)
class AdjudicationRunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "source",
        "started_at",
        "finished_at",
        "started_by",
        "claims",
        "reimbursed",
    )
    search_fields = ("source", "reason")


@admin.register(LineReview)
class LineReviewAdmin(ReadOnlyAdmin):
    list_display = ("claim_line", "decision", "base", "reviewer", "at", "justification")
    list_filter = ("decision",)
    search_fields = ("=claim_line__claim__reference",)
    list_select_related = ("claim_line__claim", "reviewer")
