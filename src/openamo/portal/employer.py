"""The employer's space: identity and balance, insured members, monthly declarations (list,
detail, file upload) and contribution calls with their payments; every list sorts, pages and
exports to CSV and XLSX (`employer_lists.py`).

Everything read here goes through `portal.selectors` (scoped to the user's employer); the
employer a declaration is filed for comes from the user's access row, never from the form.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openamo.contributions import services as contributions
from openamo.contributions.forms import PeriodField
from openamo.contributions.lines import COLUMNS as DECLARATION_COLUMNS
from openamo.contributions.models import MAX_DAYS
from openamo.core.money import ZERO, format_dh, money
from openamo.documents.services import documents_of
from openamo.referentials.choices import ContributionComponent

from . import employer_lists as lists
from . import selectors
from .homes.contributors import employer_calls_chart
from .payment_states import PaymentState, payment_state, with_states  # noqa: F401

LATEST_RECEIPTS = 20
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


# ---- home -------------------------------------------------------------------------------------


@login_required
def home(request):
    employer = selectors.employer_of(request.user)
    today = timezone.localdate()
    calls = list(selectors.employer_calls(request.user))
    arrears = selectors.employer_arrears(request.user, on=today)
    declarations = selectors.employer_declarations(request.user)
    context = {
        "employer": employer,
        "today": today,
        "member_count": selectors.employer_members(request.user).count(),
        "declaration_count": declarations.count(),
        "latest_declarations": with_states(list(declarations[:6]), today),
        "calls": with_states(calls[:6], today),
        "called_total": money(sum((c.amount_due for c in calls), ZERO)),
        "paid_total": money(sum((c.paid for c in calls), ZERO)),
        "outstanding_total": money(sum((max(c.outstanding, ZERO) for c in calls), ZERO)),
        "arrears": arrears,
        "arrears_total": money(sum((a.outstanding for a in arrears), ZERO)),
        "calls_chart": employer_calls_chart(calls, today=today),
    }
    return render(request, "portal/employer/home.html", context)


# ---- members ----------------------------------------------------------------------------------


@login_required
def members(request):
    employer = selectors.employer_of(request.user)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "employer": employer,
        "query": query,
        "total": selectors.employer_members(request.user).count(),
    }
    rows = selectors.employer_members(request.user, query=query)
    return lists.MEMBERS.respond(request, rows, "portal/employer/members.html", context)


def _export(request, fmt: str):
    """The former export addresses: the list's own export, same search and order."""
    selectors.employer_of(request.user)
    query = request.GET.copy()
    query["export"] = fmt
    return redirect(f"{reverse('portal:employer_members')}?{query.urlencode()}")


@login_required
def members_csv(request):
    return _export(request, "csv")


@login_required
def members_xlsx(request):
    return _export(request, "xlsx")


# ---- declarations -----------------------------------------------------------------------------


class EmployerDeclarationForm(forms.Form):
    """The month and the file; no employer field: it is the user's own."""

    period = PeriodField(label=gettext_lazy("Mois déclaré"))
    file = forms.FileField(
        label=gettext_lazy("Fichier de la déclaration (CSV ou XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period and period > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("une période future ne peut pas être déclarée"))
        return period

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("fichier CSV ou XLSX attendu"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("fichier trop volumineux (5 Mo au plus)"))
        return upload


@login_required
def declarations(request):
    employer = selectors.employer_of(request.user)
    return lists.DECLARATIONS.respond(
        request,
        selectors.employer_declarations(request.user),
        "portal/employer/declarations.html",
        {"employer": employer},
        on_page=lambda rows: with_states(rows, timezone.localdate()),
    )


def _share_columns(lines) -> list[tuple[str, str]]:
    present = {s.component for line in lines for s in line.shares.all()}
    return [(value, label) for value, label in ContributionComponent.choices if value in present]


@login_required
def declaration_detail(request, pk: int):
    declaration = selectors.employer_declaration(request.user, pk)
    lines = list(declaration.lines.all())
    columns = _share_columns(lines)
    totals = {component: ZERO for component, _label in columns}
    rows = []
    for line in lines:
        by_component = {s.component: s for s in line.shares.all()}
        for component, share in by_component.items():
            totals[component] = money(totals[component] + share.amount)
        rows.append((line, [by_component.get(component) for component, _label in columns]))
    context = {
        "employer": declaration.employer,
        "d": declaration,
        "columns": columns,
        "rows": rows,
        "share_totals": [totals[component] for component, _label in columns],
        "days_total": sum(line.days for line in lines),
        "originals": documents_of(declaration),
        "state": payment_state(
            amount_due=declaration.amount_due,
            paid=declaration.paid,
            due_on=declaration.due_on,
            today=timezone.localdate(),
        ),
    }
    return render(request, "portal/employer/declaration_detail.html", context)


@login_required
def declaration_upload(request):
    employer = selectors.employer_of(request.user)
    outcome = None
    form = EmployerDeclarationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = contributions.declaration_import(
            employer=employer,
            period=form.cleaned_data["period"],
            name=upload.name,
            content=upload.read(),
            user=request.user,
        )
        if outcome.ok:
            d = outcome.declaration
            messages.success(
                request,
                _(
                    "Déclaration de %(month)s enregistrée : %(lines)s ligne(s), masse salariale "
                    "%(payroll)s, cotisations %(total)s."
                )
                % {
                    "month": date_format(d.period, "F Y"),
                    "lines": d.line_count,
                    "payroll": format_dh(d.payroll_total),
                    "total": format_dh(d.contribution_total),
                },
            )
            return redirect("portal:employer_declaration", pk=d.pk)
    context = {
        "employer": employer,
        "form": form,
        "outcome": outcome,
        "columns": DECLARATION_COLUMNS,
        "max_days": MAX_DAYS,
    }
    return render(request, "portal/employer/declaration_upload.html", context)


@login_required
def declaration_template(request):
    """A CSV to fill in: one line per insured member of the employer, salary and days empty."""
    employer = selectors.employer_of(request.user)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(DECLARATION_COLUMNS)
    for m in selectors.employer_members(request.user):
        writer.writerow([m.registration_number, m.cin, "", "", ""])
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    slug = slugify(employer.name)[:40] or "employeur"
    response["Content-Disposition"] = f'attachment; filename="modele-declaration-{slug}.csv"'
    return response


# ---- calls and payments -----------------------------------------------------------------------


@login_required
def calls(request):
    employer = selectors.employer_of(request.user)
    today = timezone.localdate()
    arrears = selectors.employer_arrears(request.user, on=today)
    receipts = list(selectors.employer_receipts(request.user)[:LATEST_RECEIPTS])
    context = {
        "employer": employer,
        "receipts": receipts,
        "credit": money(sum((r.left_over for r in receipts if r.left_over > ZERO), ZERO)),
        "arrears": arrears,
        "arrears_total": money(sum((a.outstanding for a in arrears), ZERO)),
    }
    return lists.CALLS.respond(
        request,
        selectors.employer_calls(request.user),
        "portal/employer/calls.html",
        context,
        on_page=lambda rows: with_states(rows, today),
    )


@login_required
def call_detail(request, pk: int):
    call = selectors.employer_call(request.user, pk)
    call.state = payment_state(
        amount_due=call.amount_due, paid=call.paid, due_on=call.due_on, today=timezone.localdate()
    )
    return render(
        request, "portal/employer/call_detail.html", {"employer": call.employer, "call": call}
    )
