"""Staff pages: search a member, read a member's file. Thin: call a selector, render."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing
from openamo.referentials.choices import Population

from .models import Member
from .selectors import member_file, member_search

MEMBERS = Listing(
    name="assures",
    sheet="Assurés",
    default_sort="nom",
    columns=(
        Column(
            "immatriculation",
            _("Immatriculation"),
            lambda m: m.registration_number,
            ("registration_number",),
        ),
        Column("nom", _("Nom"), lambda m: m.last_name, ("last_name", "first_name")),
        Column("prenom", _("Prénom"), lambda m: m.first_name, ("first_name", "last_name")),
        Column("cin", _("CIN"), lambda m: m.cin, ("cin",)),
        Column("date_naissance", _("Naissance"), lambda m: m.birth_date, ("birth_date",)),
        Column("regime", _("Régime"), lambda m: m.scheme.code.upper(), ("scheme__code",)),
        Column("statut", _("Statut"), lambda m: m.get_status_display(), ("status",)),
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
    context = {"q": query, "status": status, "statuses": Population.choices}
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
