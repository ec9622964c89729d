"""Staff pages: holds on payments (set by fraud control or the payment officer), lifted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import HoldForm, LiftForm
from ..listings import HOLDS
from ..models import PaymentHold
from .common import ADD_HOLD, CHANGE_HOLD, VIEW_HOLD, errors_to_form, errors_to_messages, staff


@staff(VIEW_HOLD)
def holds(request):
    can_add = request.user.has_perm(ADD_HOLD)
    form = HoldForm(request.POST or None) if can_add else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            hold = services.payment_hold_set(
                **{data["target_kind"]: data["object"]},
                reason=data["reason"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                by=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, f"Opposition posée : {hold.target_label}.")
            return redirect("portal:payments:holds")
    in_force = request.GET.get("en_cours") == "1"
    return HOLDS.respond(
        request,
        selectors.hold_list(in_force_only=in_force),
        "payments/holds.html",
        {
            "form": form,
            "in_force": in_force,
            "can_lift": request.user.has_perm(CHANGE_HOLD),
            "lift_form": LiftForm(),
        },
    )


@require_POST
@staff(CHANGE_HOLD)
def hold_lift(request, pk):
    hold = get_object_or_404(PaymentHold, pk=pk)
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Le motif de la levée est obligatoire.")
        return redirect("portal:payments:holds")
    try:
        services.payment_hold_lift(hold=hold, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        errors_to_messages(request, exc)
    else:
        messages.success(request, f"Opposition levée : {hold.target_label}.")
    return redirect("portal:payments:holds")
