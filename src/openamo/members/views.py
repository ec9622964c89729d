"""Staff pages: search a member, read a member's file. Thin: call a selector, render."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from openamo.portal.columns import (
    BIRTH_DATE,
    CIN,
    FIRST_NAME,
    LAST_NAME,
    MEMBER_STATUS,
    REGISTRATION,
)
from openamo.portal.listing import Column, Listing
from openamo.referentials.choices import Population

from .models import Member
from .selectors import member_file, member_search

MEMBERS = Listing(
    name="assures",
    sheet="Assurés",
    default_sort="nom",
    columns=(
        REGISTRATION,
        LAST_NAME,
        FIRST_NAME,
        CIN,
        BIRTH_DATE,
        Column("regime", _("Régime"), lambda m: m.scheme.code.upper(), ("scheme__code",)),
        MEMBER_STATUS,
        Column(
            "employeur",
            _("Employeur"),
            lambda m: m.employer.name if m.employer else None,
            ("employer__name",),
        ),
        Column(
            "immatricule_le", _("Immatriculé le"), lambda m: m.registered_on, ("registered_on",)
        ),
    ),
)


@login_required
@permission_required("members.view_member", raise_exception=True)
def member_list(request):
    query = request.GET.get("q", "")[:100]
    status = request.GET.get("statut", "")
    status = status if status in Population.values else ""
    members = member_search(query=query)
    if status:
        members = members.filter(status=status)
    try:
        since = date.fromisoformat(request.GET.get("depuis", ""))
    except ValueError:
        since = None
    if since:
        members = members.filter(registered_on__gte=since)
    context = {"q": query, "status": status, "statuses": Population.choices, "since": since}
    return MEMBERS.respond(request, members, "members/member_list.html", context)


@login_required
@permission_required("members.view_member", raise_exception=True)
def member_detail(request, pk: int):
    try:
        context = member_file(member_id=pk)
    except Member.DoesNotExist:
        raise Http404("Assuré introuvable") from None
    context["today"] = date.today()
    return render(request, "members/member_detail.html", context)
