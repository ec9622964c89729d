"""The controllers' and auditors' pages: the audit trail, the read log, the processors'
statistics. Thin: a filter form, a selector, a listing."""

from django.contrib.auth.decorators import login_required, permission_required

from . import selectors
from .forms import PeriodForm, ReadFilterForm, TrailFilterForm
from .labels import field_changes_shown
from .listings import PROCESSORS, READS, TRAIL, type_label
from .reads import read_label

VIEW_TRAIL = "audit.view_auditentry"
VIEW_READS = "audit.view_accesslog"
STATISTICS_DAYS = 30


def _staff(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def _shown(entries: list) -> None:
    for entry in entries:
        entry.shown = field_changes_shown(entry.object_type.model_class(), entry.changes)
        entry.type_label = type_label(entry)


def _read_labels(rows: list) -> None:
    for row in rows:
        row.what_label = read_label(row.what)
        row.object_label = f"{type_label(row)} {row.object_id}" if row.object_type_id else ""


@_staff(VIEW_TRAIL)
def trail(request):
    form = TrailFilterForm(request.GET or None)
    rows = selectors.trail(**form.filters())
    context = {"form": form, "tab": "trail"}
    return TRAIL.respond(request, rows, "audit/trail.html", context, on_page=_shown)


@_staff(VIEW_READS)
def reads(request):
    form = ReadFilterForm(request.GET or None)
    rows = selectors.reads(**form.filters()).select_related("object_type")
    context = {"form": form, "tab": "reads"}
    return READS.respond(request, rows, "audit/reads.html", context, on_page=_read_labels)


@_staff(VIEW_TRAIL)
def processors(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period(default_days=STATISTICS_DAYS)
    stats, medians = selectors.processor_statistics(start=start, end=end)
    context = {"form": form, "tab": "processors", "start": start, "end": end, "medians": medians}
    return PROCESSORS.respond(request, stats, "audit/processors.html", context)
