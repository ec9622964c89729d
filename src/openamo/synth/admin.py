from decimal import Decimal

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openamo.core.templatetags.amounts import qty

from .models import FraudLabel, SyntheticFund


@admin.register(SyntheticFund)
class SyntheticFundAdmin(admin.ModelAdmin):
    list_display = ["seed", "beneficiaries", "year", "generated_at", "seconds"]
    readonly_fields = ["seed", "beneficiaries", "year", "fraud_rates", "counts", "seconds"]


@admin.register(FraudLabel)
class FraudLabelAdmin(admin.ModelAdmin):
    list_display = [
        "pattern",
        "group",
        "claim",
        "claim_line",
        "beneficiary",
        "provider",
        "rate_display",
    ]
    list_filter = ["pattern"]
    search_fields = ["group", "claim__reference", "provider__inpe"]
    raw_id_fields = ["claim", "claim_line", "beneficiary", "provider"]
    list_select_related = ["claim", "claim_line__claim", "beneficiary", "provider"]

    @admin.display(description=_("taux injecté"), ordering="rate")
    def rate_display(self, obj):
        """A share of the population (0.002, 0.00025) read per thousand: 2 ‰, 0,25 ‰."""
        if obj.rate is None:
            return "—"
        return qty(round(Decimal(str(obj.rate)) * 1000, 2)) + "\u00a0‰"
