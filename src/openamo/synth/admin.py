from django.contrib import admin

from .models import FraudLabel, SyntheticFund


@admin.register(SyntheticFund)
class SyntheticFundAdmin(admin.ModelAdmin):
    list_display = ["seed", "beneficiaries", "year", "generated_at", "seconds"]
    readonly_fields = ["seed", "beneficiaries", "year", "fraud_rates", "counts", "seconds"]


@admin.register(FraudLabel)
class FraudLabelAdmin(admin.ModelAdmin):
    list_display = ["pattern", "group", "claim", "claim_line", "beneficiary", "provider", "rate"]
    list_filter = ["pattern"]
    search_fields = ["group", "claim__reference", "provider__inpe"]
    raw_id_fields = ["claim", "claim_line", "beneficiary", "provider"]
    list_select_related = ["claim", "claim_line__claim", "beneficiary", "provider"]
