"""The navigation each page shows: apps add their entries to NAVIGATION as they land."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None  # a Django permission the user needs to see the entry


NAVIGATION: list[NavEntry] = [
    NavEntry("Accueil", "portal:home"),
    NavEntry("Assurés", "portal:members:list", "members.view_member"),
    NavEntry("Déclarations", "portal:contributions:declarations", "contributions.view_declaration"),
    NavEntry("Encaissements", "portal:contributions:calls", "contributions.view_receipt"),
    NavEntry("Impayés", "portal:contributions:arrears", "contributions.view_contributioncall"),
    NavEntry(
        "Prises en charge", "portal:authorizations:list", "authorizations.view_authorizationrequest"
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
        "Factures tiers payant", "portal:authorizations:invoices", "authorizations.view_invoice"
    ),
    NavEntry("Dossiers", "portal:claims:queue", "claims.view_claim"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": []}
    entries = []
    for entry in NAVIGATION:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": entry.label, "url": url, "active": request.path == url})
    return {"nav_entries": entries}
