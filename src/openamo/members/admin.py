"""Back-office for affiliation. Every save that changes history recomputes the family's rights
through the services, so the derived periods and the eligibility snapshot stay true."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models as m
from . import services


class RecomputeMixin:
    """Recompute the family's rights after the admin saved or deleted a row."""

    @staticmethod
    def member_of(obj) -> m.Member:
        return obj.member

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.member_rights_recompute(member=self.member_of(obj))

    def delete_model(self, request, obj):
        member = self.member_of(obj)
        super().delete_model(request, obj)
        services.member_rights_recompute(member=member)


class DependentInline(admin.TabularInline):
    model = m.Dependent
    extra = 0
    show_change_link = True
    fields = ("relationship", "last_name", "first_name", "birth_date", "sex", "linked_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LifeEventInline(admin.TabularInline):
    model = m.LifeEvent
    extra = 0
    fields = ("kind", "occurred_on", "dependent", "employer", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(m.Mutuelle)
class MutuelleAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(m.Employer)
class EmployerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "scheme", "cnss_number", "ice", "administration_code", "city")
    list_filter = ("kind", "scheme", "city__region")
    search_fields = (
        "name",
        "cnss_number",
        "ice",
        "tax_id",
        "trade_register",
        "administration_code",
    )
    autocomplete_fields = ("city",)


class MemberForm(forms.ModelForm):
    def clean_cin(self):
        cin = self.cleaned_data["cin"]
        exclude = self.instance.beneficiaries.filter(rank=0).first() if self.instance.pk else None
        try:
            return services._check_cin(cin, exclude=exclude)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["cin"]) from None


@admin.register(m.Member)
class MemberAdmin(RecomputeMixin, SimpleHistoryAdmin):
    form = MemberForm
    list_display = (
        "registration_number",
        "last_name",
        "first_name",
        "cin",
        "birth_date",
        "status",
        "scheme",
        "employer",
    )
    list_filter = ("status", "scheme", "sex", "mutuelle")
    search_fields = ("registration_number", "cin", "last_name", "first_name")
    readonly_fields = ("registration_number", "rights_computed_at")
    autocomplete_fields = ("employer", "city")
    date_hierarchy = "registered_on"
    inlines = [DependentInline, LifeEventInline]

    @staticmethod
    def member_of(obj):
        return obj

    def save_model(self, request, obj, form, change):
        if not obj.registration_number:
            obj.registration_number = services.registration_number_next()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        admin.ModelAdmin.delete_model(self, request, obj)


class DependentForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        member = data.get("member")
        own = getattr(self.instance, "beneficiary", None) if self.instance.pk else None
        try:
            if data.get("cin"):
                data["cin"] = services._check_cin(data["cin"], exclude=own)
            if (
                member
                and data.get("last_name")
                and data.get("first_name")
                and data.get("birth_date")
            ):
                key = services.name_key(data["last_name"], data["first_name"])
                same = member.beneficiaries.filter(name_key=key, birth_date=data["birth_date"])
                if own is not None:
                    same = same.exclude(pk=own.pk)
                if same.exists():
                    raise ValidationError(
                        {"first_name": _("Cette personne figure déjà dans la famille.")}
                    )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field, error)
        return data


@admin.register(m.Dependent)
class DependentAdmin(RecomputeMixin, SimpleHistoryAdmin):
    form = DependentForm
    list_display = ("last_name", "first_name", "relationship", "birth_date", "member", "disabled")
    list_filter = ("relationship", "disabled", "sex")
    search_fields = ("last_name", "first_name", "cin", "member__registration_number")
    autocomplete_fields = ("member",)


@admin.register(m.Beneficiary)
class BeneficiaryAdmin(admin.ModelAdmin):
    list_display = (
        "registration_number",
        "rank",
        "last_name",
        "first_name",
        "role",
        "birth_date",
        "deceased_on",
        "age_limit_on",
    )
    list_filter = ("role", "scheme")
    search_fields = ("registration_number", "cin", "last_name", "first_name")
    # The rights snapshot is the engine's cache (JSON with internal codes): the member's page
    # shows the rights timeline in words.
    readonly_fields = [f.name for f in m.Beneficiary._meta.fields if f.name != "rights"]

    def has_add_permission(self, request):
        return False


@admin.register(m.LifeEvent)
class LifeEventAdmin(RecomputeMixin, admin.ModelAdmin):
    list_display = ("member", "kind", "occurred_on", "dependent", "employer", "recorded_at")
    list_filter = ("kind",)
    search_fields = ("member__registration_number", "member__last_name", "member__cin")
    autocomplete_fields = ("member", "employer")
    date_hierarchy = "occurred_on"


@admin.register(m.RightsSuspension)
class RightsSuspensionAdmin(RecomputeMixin, admin.ModelAdmin):
    list_display = ("member", "starts_on", "ends_on", "reason")
    search_fields = ("member__registration_number", "member__last_name", "reason")
    autocomplete_fields = ("member",)


@admin.register(m.RightsPeriod)
class RightsPeriodAdmin(admin.ModelAdmin):
    list_display = ("beneficiary", "kind", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("beneficiary__registration_number", "beneficiary__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(m.AldExemption)
class AldExemptionAdmin(SimpleHistoryAdmin):
    list_display = ("beneficiary", "condition", "starts_on", "ends_on", "renewal_of")
    list_filter = ("condition__kind", "condition")
    search_fields = (
        "beneficiary__registration_number",
        "beneficiary__last_name",
        "condition__code",
        "decision_ref",
    )
    raw_id_fields = ("beneficiary", "renewal_of")
    actions = ["renew"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.member_rights_recompute(member=obj.beneficiary.member)

    def delete_model(self, request, obj):
        member = obj.beneficiary.member
        super().delete_model(request, obj)
        services.member_rights_recompute(member=member)

    @admin.action(description=_("Renouveler les exonérations sélectionnées"))
    def renew(self, request, queryset):
        for exemption in queryset:
            try:
                services.ald_exemption_renew(exemption=exemption)
            except ValidationError as exc:
                self.message_user(
                    request, f"{exemption} : {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{exemption} : renouvelée.", messages.SUCCESS)


class BrokerMandateInline(admin.TabularInline):
    model = m.BrokerMandate
    extra = 0
    fields = ("employer", "reference", "valid_from", "valid_to", "source")
    autocomplete_fields = ("employer",)
    show_change_link = True


@admin.register(m.Broker)
class BrokerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acaps_number", "ice", "city", "phone", "email")
    list_filter = ("city__region",)
    search_fields = ("name", "acaps_number", "ice", "email")
    autocomplete_fields = ("city",)
    inlines = [BrokerMandateInline]


class MandateInForceFilter(admin.SimpleListFilter):
    title = _("en vigueur")
    parameter_name = "en_vigueur"

    def lookups(self, request, model_admin):
        return [("oui", _("En vigueur aujourd'hui")), ("non", _("Terminés ou à venir"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        in_force = m.BrokerMandate.objects.in_force_on(timezone.localdate()).values("pk")
        if self.value() == "oui":
            return queryset.filter(pk__in=in_force)
        if self.value() == "non":
            return queryset.exclude(pk__in=in_force)
        return queryset


@admin.register(m.BrokerMandate)
class BrokerMandateAdmin(SimpleHistoryAdmin):
    list_display = ("broker", "employer", "reference", "valid_from", "valid_to")
    list_filter = (MandateInForceFilter, "broker")
    search_fields = ("broker__name", "broker__acaps_number", "employer__name", "reference")
    autocomplete_fields = ("broker", "employer")
    date_hierarchy = "valid_from"
