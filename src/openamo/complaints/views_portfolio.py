"""The complaints dashboards: the whole fund for the complaints staff, a portfolio for an
employer (its insured employees) or a broker (the employers under its mandates), each read
through the portal's scoped selectors. Portfolio pages show natures, dates and statuses,
never the messages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openamo.portal import selectors as portal
from openamo.portal import selectors_broker as brokers
from openamo.portal.charts import Chart, Series

from . import stats
from .models import Complaint
from .views_staff import VIEW, staff

LATEST = 50


def _rows(complaints) -> list[stats.Row]:
    values = complaints.values_list(
        "category__parent__label", "category__label", "filed_at", "first_answered_at", "closed_at"
    )
    return [
        stats.Row(parent or label, filed, answered, closed)
        for parent, label, filed, answered, closed in values
    ]


def _month(moment) -> str:
    return f"{timezone.localtime(moment):%m/%Y}"


def _charts(board: stats.Dashboard) -> list[Chart]:
    months = [m.label for m in board.months]
    return [
        Chart(
            id="par-nature",
            title=_("Réclamations par nature"),
            labels=[n for n, _o, _c in board.by_nature],
            series=[
                Series(_("Ouvertes"), [o for _n, o, _c in board.by_nature]),
                Series(_("Clôturées"), [c for _n, _o, c in board.by_nature]),
            ],
            stacked=True,
            horizontal=True,
        ),
        Chart(
            id="par-mois",
            title=_("Reçues et clôturées par mois"),
            labels=months,
            series=[
                Series(_("Reçues"), [m.filed for m in board.months]),
                Series(_("Clôturées"), [m.closed for m in board.months]),
            ],
        ),
        Chart(
            id="sous-48h",
            title=_("Part des réclamations répondues sous 48 h, par mois de dépôt"),
            labels=months,
            series=[Series(_("Répondues sous 48 h"), [m.share_48h or 0 for m in board.months])],
            type="line",
            unit="%",
        ),
    ]


def _context(complaints, **extra) -> dict:
    board = stats.dashboard(_rows(complaints), now=timezone.now(), month_of=_month)
    # months in calendar order (labels are "MM/YYYY")
    board.months.sort(key=lambda m: (m.label[3:], m.label[:2]))
    latest = complaints.select_related("member", "category", "category__parent").order_by(
        "-filed_at", "-id"
    )[:LATEST]
    return {"board": board, "charts": _charts(board), "latest": latest, **extra}


@staff(VIEW)
def dashboard(request):
    context = _context(Complaint.objects.all(), scope=_("toute la caisse"), staff_view=True)
    return render(request, "complaints/dashboard.html", context)


@login_required
def employer_complaints(request):
    employer = portal.employer_of(request.user)
    complaints = Complaint.objects.filter(member__employer=employer)
    return render(request, "complaints/dashboard.html", _context(complaints, scope=employer.name))


@login_required
def broker_complaints(request):
    broker = brokers.broker_of(request.user)
    employers = brokers.portfolio_employers(request.user, on=timezone.localdate())
    complaints = Complaint.objects.filter(member__employer__in=employers.values("pk"))
    return render(request, "complaints/dashboard.html", _context(complaints, scope=broker.name))
