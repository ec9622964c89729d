"""Staff pages: search a member, read a member's file. Thin: call a selector, render."""

from datetime import date

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from .models import Member
from .selectors import member_file, member_search

PER_PAGE = 25


@login_required
@permission_required("members.view_member", raise_exception=True)
def member_list(request):
    query = request.GET.get("q", "")
    page = Paginator(member_search(query=query), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "members/member_list.html", {"q": query, "page": page})


@login_required
@permission_required("members.view_member", raise_exception=True)
def member_detail(request, pk: int):
    try:
        context = member_file(member_id=pk)
    except Member.DoesNotExist:
        raise Http404("Assuré introuvable") from None
    context["today"] = date.today()
    return render(request, "members/member_detail.html", context)
