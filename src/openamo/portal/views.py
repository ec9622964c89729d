from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from openamo.authorizations.selectors import provider_of

from .homes.provider import provider_panel
from .homes.staff import staff_panels, staff_roles
from .roles import Role

PORTAL_HOMES = {
    Role.INSURED: "portal:insured_home",
    Role.EMPLOYER: "portal:employer_home",
    Role.BROKER: "portal:broker:home",
    Role.MUTUELLE_AGENT: "portal:mutuelle:home",
}


@login_required
def home(request):
    """A portal user goes to their space; a provider and staff see the dashboard of their work
    (one panel per role held, see `portal.homes`)."""
    access = getattr(request.user, "portal_access", None)
    if access is not None and access.role in PORTAL_HOMES:
        return redirect(PORTAL_HOMES[access.role])
    today, now = timezone.localdate(), timezone.now()
    provider = provider_of(request.user)
    if provider is not None:
        panels, roles = [provider_panel(provider=provider, today=today, now=now)], []
    else:
        held = staff_roles(request.user)
        panels = staff_panels(request.user, roles=held, today=today, now=now)
        roles = [str(role.label) for role in held]
    context = {"panels": panels, "roles": roles, "today": today}
    return render(request, "portal/home.html", context)
