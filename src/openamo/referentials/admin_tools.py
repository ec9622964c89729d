"""Admin building blocks shared by the referential pages: in-force filter, import page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from openamo.core.templatetags.amounts import pct, qty

from .fields import MoneyField, RateField
from .imports import BY_NAME
from .services import referential_import

# French users type 22,50: decimal inputs follow the active language.
LOCALIZED_DECIMALS = {models.DecimalField: {"localize": True}}


def _decimal_column(model, name):
    """A list column for a decimal field: "80 %" for a rate, "48" or "9,4" for a parameter
    (Django's admin would print every stored decimal place: "80,000", "48,000")."""
    if not isinstance(name, str):
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a method or an annotation: left as it is
        return name
    if not isinstance(field, models.DecimalField) or isinstance(field, MoneyField):
        return name
    show = pct if isinstance(field, RateField) else qty

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        value = getattr(obj, name)
        return show(value) if value is not None else "—"

    column.__name__ = f"{name}_display"
    return column


@admin.display(description=_("source"), ordering="source")
def source_short(obj) -> str:
    """The source on one line, cut with its full text as a tooltip (a decree's title would make
    every row 100 px tall and push the dates out of sight)."""
    text = obj.source or ""
    if len(text) <= SOURCE_WIDTH:
        return text or "—"
    return format_html('<span title="{}">{}…</span>', text, text[: SOURCE_WIDTH - 1].rstrip())


SOURCE_WIDTH = 40


@admin.display(description=_("régime"), ordering="scheme__code")
def scheme_short(obj) -> str:
    """The scheme's code (CNOPS), its full name as a tooltip: the lists keep their width."""
    scheme = obj.scheme
    if scheme is None:
        return "—"
    return format_html('<span title="{}">{}</span>', scheme.name, scheme.code.upper())


SHORT_COLUMNS = {"source": source_short, "scheme": scheme_short}


class DecimalDisplayMixin:
    """List pages show rates as "80 %", other decimals without trailing zeros, and the source
    of a dated row on one line."""

    def get_list_display(self, request):
        return [
            SHORT_COLUMNS.get(name) or _decimal_column(self.model, name)
            if isinstance(name, str)
            else name
            for name in super().get_list_display(request)
        ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        names = {f.name for f in self.model._meta.fields}
        return queryset.select_related("scheme") if "scheme" in names else queryset


class InForceFilter(admin.SimpleListFilter):
    title = _("validité")
    parameter_name = "validite"

    def lookups(self, request, model_admin):
        return [
            ("now", _("En vigueur aujourd'hui")),
            ("past", _("Échues")),
            ("future", _("À venir")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "now":
            return queryset.in_force_on(today)
        if self.value() == "past":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))
    dry_run = forms.BooleanField(label=_("Valider seulement (ne rien enregistrer)"), required=False)

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Format non pris en charge : CSV ou XLSX attendu."))
        return file


class ReferentialAdmin(DecimalDisplayMixin, SimpleHistoryAdmin):
    """History of who changed what, plus a page to import the referential from a file."""

    import_spec: str | None = None
    formfield_overrides = LOCALIZED_DECIMALS
    change_list_template = "admin/referentials/change_list.html"
    list_per_page = 50

    def get_urls(self):
        urls = super().get_urls()
        if not self.import_spec:
            return urls
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.import_view)
        return [path("importer/", view, name="{}_{}_import".format(*info)), *urls]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.import_spec and self.has_add_permission(request):
            info = self.opts.app_label, self.opts.model_name
            extra_context["import_url"] = reverse("admin:{}_{}_import".format(*info))
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        spec = BY_NAME[self.import_spec]
        result = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            result = referential_import(
                name=spec.name,
                filename=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
            )
            if result.ok:
                level = messages.INFO if form.cleaned_data["dry_run"] else messages.SUCCESS
                self.message_user(request, result.summary(), level)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Importer : %(label)s") % {"label": spec.label},
            "spec": spec,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/referentials/import.html", context)
