"""The navigation each page shows: apps add their entries to NAVIGATION as they land."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None  # a Django permission the user needs to see the entry
    audience: str | None = None  # "provider" or "insured": shown to those portal users too
    # The staff menu's domain: Assurés, Cotisations, Prestations, Prises en charge, Paiements,
    # Contrôle, Pilotage, Administration (portal users' menus are short and not grouped).
    section: str = ""

    def visible_to(self, user, audience: str | None) -> bool:
        if self.audience and self.audience == audience:
            return True
        if self.permission:
            return user.has_perm(self.permission)
        return self.audience is None


def audience_of(user) -> str | None:
    """Which portal a user belongs to, if any (staff have none)."""
    if getattr(user, "provider_access", None) is not None:
        return "provider"
    access = getattr(user, "portal_access", None)
    return access.role if access is not None else None


NAVIGATION: list[NavEntry] = [
    NavEntry("Accueil", "portal:home"),
    NavEntry("Mon entreprise", "portal:employer_home", audience="employer"),
    NavEntry("Mes assurés", "portal:employer_members", audience="employer"),
    NavEntry("Mes déclarations", "portal:employer_declarations", audience="employer"),
    NavEntry("Appels et paiements", "portal:employer_calls", audience="employer"),
    NavEntry("Mon portefeuille", "portal:broker:home", audience="broker"),
    NavEntry("Mes clients", "portal:broker:clients", audience="broker"),
    NavEntry("Assurés", "portal:broker:members", audience="broker"),
    NavEntry("Déclarations", "portal:broker:declarations", audience="broker"),
    NavEntry("Ma mutuelle", "portal:mutuelle:home", audience="mutuelle_agent"),
    NavEntry("Adhérents", "portal:mutuelle:members", audience="mutuelle_agent"),
    NavEntry("Dossiers des adhérents", "portal:mutuelle:claims", audience="mutuelle_agent"),
    NavEntry("Éligibilité", "portal:provider_eligibility", "members.view_member", "provider"),
    NavEntry("Assurés", "portal:members:list", "members.view_member"),
    NavEntry("Déclarations", "portal:contributions:declarations", "contributions.view_declaration"),
    NavEntry("Encaissements", "portal:contributions:calls", "contributions.view_receipt"),
    NavEntry("Impayés", "portal:contributions:arrears", "contributions.view_contributioncall"),
    NavEntry(
        "Prises en charge",
        "portal:authorizations:list",
        "authorizations.view_authorizationrequest",
        "provider",
    ),
    NavEntry(
        "File des demandes",
        "portal:authorizations:queue",
        "authorizations.view_authorizationrequest",
    ),
    NavEntry(
        "Délais par délégation",
        "portal:authorizations:delays",
        "authorizations.view_authorizationrequest",
    ),
    NavEntry(
        "Factures tiers payant",
        "portal:authorizations:invoices",
        "authorizations.view_invoice",
        "provider",
    ),
    NavEntry("Dossiers", "portal:claims:queue", "claims.view_claim"),
    NavEntry("Mes dossiers", "portal:insured_claims", audience="insured"),
    NavEntry("Mes prises en charge", "portal:insured_authorizations", audience="insured"),
    NavEntry("Mes paiements", "portal:payments:insured", audience="insured"),
    NavEntry("Paiements", "portal:payments:provider", audience="provider"),
    NavEntry("Paiements", "portal:payments:runs", "payments.view_paymentrun"),
    NavEntry("Oppositions", "portal:payments:holds", "payments.view_paymenthold"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    entries, audience = [], audience_of(user)
    for entry in NAVIGATION:
        if not entry.visible_to(user, audience):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": gettext(entry.label), "url": url, "active": request.path == url})
    return {"nav_entries": entries}
