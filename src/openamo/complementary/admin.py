from django.contrib import admin

from openamo.referentials.admin_tools import DecimalDisplayMixin

from .models import (
    ComplementaryLine,
    ComplementaryStatement,
    Contract,
    Endorsement,
    Enrolment,
    Guarantee,
    Insurer,
    NetworkProvider,
)


@admin.register(Insurer)
class InsurerAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "mutuelle"]
    list_filter = ["kind"]


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0


class GuaranteeInline(admin.TabularInline):
    model = Guarantee
    extra = 0
    fields = [
        "care_category",
        "basis",
        "rate",
        "flat",
        "network_rate",
        "per_act_ceiling",
        "person_year_ceiling",
        "family_year_ceiling",
        "waiting_days",
        "excluded",
        "valid_from",
        "valid_to",
        "endorsement",
    ]


@admin.register(Contract)
class ContractAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["reference", "label", "insurer", "kind", "policyholder", "broker", "starts_on"]
    list_filter = ["kind", "insurer"]
    search_fields = ["reference", "label"]
    raw_id_fields = ["policyholder", "broker"]
    inlines = [EndorsementInline, GuaranteeInline]


@admin.register(Guarantee)
class GuaranteeAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["contract", "care_category", "basis", "rate", "flat", "valid_from", "valid_to"]
    list_filter = ["care_category", "basis"]


@admin.register(Enrolment)
class EnrolmentAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["beneficiary", "contract", "valid_from", "valid_to"]
    raw_id_fields = ["beneficiary"]
    list_select_related = ["beneficiary", "contract"]


@admin.register(NetworkProvider)
class NetworkProviderAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["contract", "inpe", "valid_from", "valid_to"]


class LineInline(admin.TabularInline):
    model = ComplementaryLine
    extra = 0
    can_delete = False
    raw_id_fields = ["base_line", "beneficiary", "member", "guarantee"]


@admin.register(ComplementaryStatement)
class ComplementaryStatementAdmin(DecimalDisplayMixin, admin.ModelAdmin):
    list_display = ["claim", "contract", "total_base", "total_complementary", "total_remainder"]
    raw_id_fields = ["base_statement", "claim", "computed_by"]
    inlines = [LineInline]
