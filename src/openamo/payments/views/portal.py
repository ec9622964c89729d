"""Portal pages: an insured family's payments, an establishment's payments (scoped by the
selectors: anything else is a 404)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from ..listings import MY_ORDERS


@login_required
def insured_payments(request):
    member = selectors.insured_member(request.user)
    return MY_ORDERS.respond(
        request,
        selectors.family_orders(request.user),
        "payments/portal_orders.html",
        {"audience": "insured", "payee": member.full_name, "rib": member.rib},
    )


@login_required
def provider_payments(request):
    provider = selectors.establishment_of(request.user)
    return MY_ORDERS.respond(
        request,
        selectors.establishment_orders(request.user),
        "payments/portal_orders.html",
        {"audience": "provider", "payee": provider.name, "rib": provider.rib},
    )


@login_required
def portal_order(request, reference):
    order = selectors.portal_order(request.user, reference)
    return render(request, "payments/portal_order.html", {"order": order})
