from django.contrib import admin

from .models import Category, Complaint, ComplaintDelay, Route, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "parent"]
    list_filter = ["parent"]
    inlines = [RouteInline]


@admin.register(ComplaintDelay)
class ComplaintDelayAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "first_answer_hours",
        "resolution_days",
        "reopen_days",
        "valid_from",
        "valid_to",
    ]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["reference", "member", "category", "status", "filed_at", "first_answer_due"]
    list_filter = ["status", "channel"]
    raw_id_fields = ["member", "claim", "authorization", "payment", "assigned_to", "filed_by"]
    readonly_fields = ["reference", "filed_at", "first_answer_due", "resolution_due"]
