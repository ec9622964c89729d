"""The user's profile: who they are, what they act for, and a password change (Django's
`PasswordChangeForm`, its messages in French; the session stays open afterwards)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render

from openamo.authorizations.selectors import provider_of

from .homes.staff import staff_roles


def _acting_for(user) -> str:
    """What the account acts for: the family, employer, mutuelle, broker or establishment."""
    access = getattr(user, "portal_access", None)
    if access is not None:
        target = access.member or access.employer or access.mutuelle or access.broker
        return f"{access.get_role_display()} · {target}"
    provider = provider_of(user)
    return f"Prestataire de soins · {provider.name}" if provider is not None else ""


@login_required
def profile(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Votre mot de passe a été modifié.")
        return redirect("portal:profile")
    context = {
        "form": form,
        "roles": [str(role.label) for role in staff_roles(request.user)],
        "acting_for": _acting_for(request.user),
    }
    return render(request, "portal/profile.html", context)
