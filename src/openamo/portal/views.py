from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .roles import Role


@login_required
def home(request):
    access = getattr(request.user, "portal_access", None)
    if access is not None and access.role == Role.INSURED:
        return redirect("portal:insured_home")
    if access is not None and access.role == Role.EMPLOYER:
        return redirect("portal:employer_home")
    if access is not None and access.role == Role.BROKER:
        return redirect("portal:broker:home")
    if access is not None and access.role == Role.MUTUELLE_AGENT:
        return redirect("portal:mutuelle:home")
    return render(request, "portal/home.html")
