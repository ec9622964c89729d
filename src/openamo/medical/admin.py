from django.contrib import admin

from . import models as m


@admin.register(m.MedicalDelay)
class MedicalDelayAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "valid_to", "decision_days", "reminder_days", "max_upload_bytes")


@admin.register(m.AldDocumentRule)
class AldDocumentRuleAdmin(admin.ModelAdmin):
    list_display = ("condition_code", "document_type", "valid_from", "valid_to")
    list_filter = ("condition_code",)


@admin.register(m.DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "label")
