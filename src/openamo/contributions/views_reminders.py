"""Staff: the employers whose payroll declaration is missing for the period due, and the
reminder sent by hand (to the employer and its brokers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .reminders import declaration_reminders_send, declarations_missing, period_due


@login_required
@permission_required("contributions.view_declaration", raise_exception=True)
def reminders(request):
    day = timezone.localdate()
    context = {"rows": declarations_missing(day=day), "period": period_due(day), "day": day}
    return render(request, "contributions/reminders.html", context)


@login_required
@permission_required("contributions.add_declaration", raise_exception=True)
@require_POST
def reminder_send(request):
    day = timezone.localdate()
    missing = declarations_missing(day=day)
    chosen = request.POST.get("employer", "")
    if chosen != "all":
        missing = [m for m in missing if str(m.employer_id) == chosen]
    told = declaration_reminders_send(missing=missing, day=day, automatic=False)
    messages.success(request, _("%(n)d employeur(s) relancé(s).") % {"n": told})
    return redirect("portal:contributions:reminders")
