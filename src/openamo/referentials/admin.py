from django.contrib import admin
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openamo.core.templatetags.amounts import dh

from . import models as m
from .admin_tools import LOCALIZED_DECIMALS, InForceFilter, ReferentialAdmin

DATED_LIST = ("valid_from", "valid_to", "source")


class DatedInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    formfield_overrides = LOCALIZED_DECIMALS


@admin.register(m.Scheme)
class SchemeAdmin(ReferentialAdmin):
    import_spec = "regimes"
    list_display = ("code_upper", "name", "fund")
    search_fields = ("code", "name", "fund")

    @admin.display(description=_("code"), ordering="code")
    def code_upper(self, obj):
        return obj.code.upper()


@admin.register(m.SchemeParameter)
class SchemeParameterAdmin(ReferentialAdmin):
    import_spec = "parametres"
    list_display = ("scheme", "code", "value", *DATED_LIST)
    list_filter = (InForceFilter, "scheme", "code")
    search_fields = ("code", "scheme__code", "source")
    date_hierarchy = "valid_from"


@admin.register(m.ContributionRate)
class ContributionRateAdmin(ReferentialAdmin):
    import_spec = "taux-cotisation"
    list_display = (
        "scheme",
        "population",
        "component",
        "base",
        "rate",
        "floor_monthly",
        "ceiling_monthly",
        "ceiling_yearly",
        *DATED_LIST,
    )
    list_filter = (InForceFilter, "scheme", "population", "component")
    search_fields = ("scheme__code", "source")


@admin.register(m.ReimbursementRate)
class ReimbursementRateAdmin(ReferentialAdmin):
    import_spec = "taux-remboursement"
    list_display = ("scheme", "care_category", "sector", "rate", *DATED_LIST)
    list_filter = (InForceFilter, "scheme", "care_category", "sector")
    search_fields = ("scheme__code", "source")


class LetterKeyValueInline(DatedInline):
    model = m.LetterKeyValue
    fields = ("sector", "value", "valid_from", "valid_to", "source")


@admin.register(m.LetterKey)
class LetterKeyAdmin(ReferentialAdmin):
    import_spec = "lettres-cles"
    list_display = ("code", "label", "care_category")
    list_filter = ("care_category",)
    search_fields = ("code", "label")
    inlines = [LetterKeyValueInline]


@admin.register(m.LetterKeyValue)
class LetterKeyValueAdmin(ReferentialAdmin):
    import_spec = "lettres-cles"
    list_display = ("letter_key", "sector", "value", *DATED_LIST)
    list_filter = (InForceFilter, "sector", "letter_key__care_category")
    search_fields = ("letter_key__code", "letter_key__label")


class TariffForfaitValueInline(DatedInline):
    model = m.TariffForfaitValue
    fields = ("sector", "amount", "valid_from", "valid_to", "source")


@admin.register(m.TariffForfait)
class TariffForfaitAdmin(ReferentialAdmin):
    import_spec = "forfaits"
    list_display = ("code", "label", "grid", "care_category", "unit", "requires_prior_approval")
    list_filter = ("grid", "care_category", "unit", "requires_prior_approval")
    search_fields = ("code", "label")
    inlines = [TariffForfaitValueInline]


@admin.register(m.TariffForfaitValue)
class TariffForfaitValueAdmin(ReferentialAdmin):
    import_spec = "forfaits"
    list_display = ("forfait", "sector", "amount", *DATED_LIST)
    list_filter = (InForceFilter, "sector", "forfait__grid")
    search_fields = ("forfait__code", "forfait__label")


class MedicinePriceInline(DatedInline):
    model = m.MedicinePrice
    fields = ("ppv", "pbr", "reimbursable", "valid_from", "valid_to", "source")


@admin.register(m.Medicine)
class MedicineAdmin(ReferentialAdmin):
    import_spec = "medicaments"
    list_display = (
        "brand",
        "dosage",
        "form",
        "inn",
        "ean13",
        "is_generic",
        "ppv_today",
        "pbr_today",
    )
    list_filter = ("is_generic", "form", "laboratory")
    search_fields = ("ean13", "brand", "inn", "generic_group")
    inlines = [MedicinePriceInline]

    def get_queryset(self, request):
        """The price in force today beside each medicine (one subquery per column)."""
        today = timezone.localdate()
        prices = m.MedicinePrice.objects.filter(medicine=OuterRef("pk"), valid_from__lte=today)
        prices = prices.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        prices = prices.order_by("-valid_from")
        return (
            super()
            .get_queryset(request)
            .annotate(
                ppv_now=Subquery(prices.values("ppv")[:1]),
                pbr_now=Subquery(prices.values("pbr")[:1]),
            )
        )

    @admin.display(description=_("PPV (aujourd'hui)"), ordering="ppv_now")
    def ppv_today(self, obj):
        return dh(obj.ppv_now)

    @admin.display(description=_("PBR (aujourd'hui)"), ordering="pbr_now")
    def pbr_today(self, obj):
        return dh(obj.pbr_now)


@admin.register(m.MedicinePrice)
class MedicinePriceAdmin(ReferentialAdmin):
    import_spec = "medicaments"
    list_display = ("medicine", "ppv", "pbr", "reimbursable", *DATED_LIST)
    list_filter = (InForceFilter, "reimbursable")
    search_fields = ("medicine__ean13", "medicine__brand", "medicine__inn")
    autocomplete_fields = ("medicine",)


class DeviceForfaitInline(DatedInline):
    model = m.DeviceForfait
    fields = ("amount", "valid_from", "valid_to", "source")


@admin.register(m.Device)
class DeviceAdmin(ReferentialAdmin):
    import_spec = "dispositifs"
    list_display = ("code", "label", "category", "requires_prior_approval")
    list_filter = ("category", "requires_prior_approval")
    search_fields = ("code", "label")
    inlines = [DeviceForfaitInline]


@admin.register(m.DeviceForfait)
class DeviceForfaitAdmin(ReferentialAdmin):
    import_spec = "dispositifs"
    list_display = ("device", "amount", *DATED_LIST)
    list_filter = (InForceFilter, "device__category")
    search_fields = ("device__code", "device__label")
    autocomplete_fields = ("device",)


@admin.register(m.AldCondition)
class AldConditionAdmin(ReferentialAdmin):
    import_spec = "ald"
    list_display = (
        "code",
        "number",
        "kind",
        "label",
        "anam_code",
        "icd10_codes",
        "lifetime_exemption",
        *DATED_LIST,
    )
    list_filter = (InForceFilter, "kind", "lifetime_exemption")
    search_fields = ("code", "label", "anam_code", "icd10_codes")


@admin.register(m.Region)
class RegionAdmin(ReferentialAdmin):
    import_spec = "regions"
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(m.Delegation)
class DelegationAdmin(ReferentialAdmin):
    import_spec = "delegations"
    list_display = ("code", "name", "region", "seat", "opened_on")
    list_filter = ("region",)
    search_fields = ("code", "name", "seat")


@admin.register(m.City)
class CityAdmin(ReferentialAdmin):
    import_spec = "villes"
    list_display = ("name", "region", "delegation", "population")
    list_filter = ("region", "delegation")
    search_fields = ("name",)


@admin.register(m.Provider)
class ProviderAdmin(ReferentialAdmin):
    import_spec = "prestataires"
    list_display = (
        "name",
        "inpe",
        "kind",
        "specialty",
        "sector",
        "city",
        "direct_billing",
        "active",
    )
    list_filter = ("kind", "sector", "direct_billing", "active", "specialty", "city__region")
    search_fields = ("inpe", "name", "city__name", "anam_registration")
    autocomplete_fields = ("city",)
    fieldsets = (
        (None, {"fields": ("inpe", "name", "kind", "specialty", "sector", "active")}),
        (_("Coordonnées"), {"fields": ("city", "address", "phone", "email")}),
        (
            _("Tiers payant"),
            {"fields": ("anam_registration", "rib", "direct_billing", "direct_billing_since")},
        ),
    )


@admin.register(m.DocumentType)
class DocumentTypeAdmin(ReferentialAdmin):
    import_spec = "pieces"
    list_display = ("code", "label")
    search_fields = ("code", "label", "description")


class RequiredDocumentInline(DatedInline):
    model = m.RequiredDocument
    fields = ("document_type", "stage", "mandatory", "valid_from", "valid_to", "source")
    autocomplete_fields = ("document_type",)


@admin.register(m.AuthorizationType)
class AuthorizationTypeAdmin(ReferentialAdmin):
    import_spec = "types-pec"
    list_display = ("code", "label", "care_category", "auto_approvable", "yearly_agreement")
    list_filter = ("care_category", "auto_approvable", "yearly_agreement")
    search_fields = ("code", "label")
    inlines = [RequiredDocumentInline]


@admin.register(m.RequiredDocument)
class RequiredDocumentAdmin(ReferentialAdmin):
    import_spec = "pieces-exigees"
    list_display = ("authorization_type", "document_type", "stage", "mandatory", *DATED_LIST)
    list_filter = (InForceFilter, "authorization_type", "stage", "mandatory")
    search_fields = ("authorization_type__code", "document_type__code", "document_type__label")


@admin.register(m.ControlParameter)
class ControlParameterAdmin(ReferentialAdmin):
    import_spec = "controle-parametres"
    list_display = ("code", "value", *DATED_LIST)
    list_filter = (InForceFilter, "code")


@admin.register(m.ControlRuleSetting)
class ControlRuleSettingAdmin(ReferentialAdmin):
    import_spec = "controle-regles"
    list_display = ("rule", "hold_from_score", *DATED_LIST)
    list_filter = (InForceFilter, "rule")


@admin.register(m.CodeRestriction)
class CodeRestrictionAdmin(ReferentialAdmin):
    import_spec = "controle-restrictions"
    list_display = ("code", "label", "sex", "min_age", "max_age", *DATED_LIST)
    list_filter = (InForceFilter, "sex")
    search_fields = ("code", "label")


@admin.register(m.CodeBundle)
class CodeBundleAdmin(ReferentialAdmin):
    import_spec = "controle-forfaits"
    list_display = ("code", "label", "included", "days", "max_coefficient", *DATED_LIST)
    list_filter = (InForceFilter,)
    search_fields = ("code", "label", "included")
