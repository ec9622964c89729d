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
    staff_only: bool = False  # shown to staff users (is_staff) only, whatever their permissions

    def visible_to(self, user, audience: str | None) -> bool:
        if self.audience and self.audience == audience:
            return True
        if self.staff_only:
            return bool(user.is_staff) and audience is None
        if self.permission:
            return user.has_perm(self.permission)
        return self.audience is None


# The staff menu's sections, in the order of the bar.
ASSURES, COTISATIONS, PRESTATIONS, PEC = "Assurés", "Cotisations", "Prestations", "Prises en charge"
PAIEMENTS, CONTROLE, PILOTAGE, ADMINISTRATION = (
    "Paiements",
    "Contrôle",
    "Pilotage",
    "Administration",
)
SECTIONS = (ASSURES, COTISATIONS, PRESTATIONS, PEC, PAIEMENTS, CONTROLE, PILOTAGE, ADMINISTRATION)


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
    NavEntry("Complémentaire santé", "portal:complementary:portfolio", audience="employer"),
    NavEntry("Mon portefeuille", "portal:broker:home", audience="broker"),
    NavEntry("Mes clients", "portal:broker:clients", audience="broker"),
    NavEntry("Assurés", "portal:broker:members", audience="broker"),
    NavEntry("Déclarations", "portal:broker:declarations", audience="broker"),
    NavEntry("Complémentaire", "portal:complementary:portfolio", audience="broker"),
    NavEntry("Ma mutuelle", "portal:mutuelle:home", audience="mutuelle_agent"),
    NavEntry("Adhérents", "portal:mutuelle:members", audience="mutuelle_agent"),
    NavEntry("Dossiers des adhérents", "portal:mutuelle:claims", audience="mutuelle_agent"),
    NavEntry(
        "Éligibilité", "portal:provider_eligibility", "members.view_member", "provider", ASSURES
    ),
    NavEntry("Assurés", "portal:members:list", "members.view_member", section=ASSURES),
    NavEntry(
        "Déclarations",
        "portal:contributions:declarations",
        "contributions.view_declaration",
        section=COTISATIONS,
    ),
    NavEntry(
        "Encaissements",
        "portal:contributions:calls",
        "contributions.view_receipt",
        section=COTISATIONS,
    ),
    NavEntry(
        "Impayés",
        "portal:contributions:arrears",
        "contributions.view_contributioncall",
        section=COTISATIONS,
    ),
    NavEntry(
        "Prises en charge",
        "portal:authorizations:list",
        "authorizations.view_authorizationrequest",
        "provider",
        PEC,
    ),
    NavEntry(
        "File des demandes",
        "portal:authorizations:queue",
        "authorizations.view_authorizationrequest",
        section=PEC,
    ),
    NavEntry(
        "Délais par délégation",
        "portal:authorizations:delays",
        "authorizations.view_authorizationrequest",
        section=PEC,
    ),
    NavEntry(
        "Factures tiers payant",
        "portal:authorizations:invoices",
        "authorizations.view_invoice",
        "provider",
        PEC,
    ),
    NavEntry("Dossiers", "portal:claims:queue", "claims.view_claim", section=PRESTATIONS),
    NavEntry(
        "Réclamations",
        "portal:complaints:queue",
        "complaints.view_complaint",
        section=PRESTATIONS,
    ),
    NavEntry("Mes dossiers", "portal:insured_claims", audience="insured"),
    NavEntry(
        "Ma complémentaire",
        "portal:complementary:insured_claims",
        audience="insured",
    ),
    NavEntry("Mes prises en charge", "portal:insured_authorizations", audience="insured"),
    NavEntry("Mes paiements", "portal:payments:insured", audience="insured"),
    NavEntry("Mes réclamations", "portal:complaints:mine", audience="insured"),
    NavEntry("Réclamations", "portal:complaints:employer", audience="employer"),
    NavEntry("Réclamations", "portal:complaints:broker", audience="broker"),
    NavEntry(
        "Réclamations : tableau de bord",
        "portal:complaints:dashboard",
        "complaints.view_complaint",
        section=PRESTATIONS,
    ),
    NavEntry("Paiements", "portal:payments:provider", audience="provider"),
    NavEntry(
        "Lots de paiement", "portal:payments:runs", "payments.view_paymentrun", section=PAIEMENTS
    ),
    NavEntry(
        "Oppositions", "portal:payments:holds", "payments.view_paymenthold", section=PAIEMENTS
    ),
    NavEntry(
        "Flux complémentaires",
        "portal:complementary:flow_upload",
        "complementary.add_flowfile",
        section=PAIEMENTS,
    ),
    NavEntry("Vue 360°", "portal:fraud:search", "fraud.view_360", section=CONTROLE),
    NavEntry(
        "Contrôle médical", "portal:medical:queue", "medical.view_aldrequest", section=CONTROLE
    ),
    NavEntry("Demandes ALD", "portal:medical:provider_list", audience="provider"),
    NavEntry("Mes demandes ALD", "portal:medical:insured_list", audience="insured"),
    NavEntry("Alertes", "portal:fraud:alerts", "fraud.view_alert", section=CONTROLE),
    NavEntry("Enquêtes", "portal:fraud:cases", "fraud.view_case", section=CONTROLE),
    NavEntry("Journal d'audit", "portal:audit:trail", "audit.view_auditentry", section=CONTROLE),
    NavEntry(
        "Journal des lectures", "portal:audit:reads", "audit.view_accesslog", section=CONTROLE
    ),
    NavEntry(
        "Activité des agents", "portal:audit:processors", "audit.view_auditentry", section=CONTROLE
    ),
    *(
        NavEntry(label, f"portal:analytics:{slug}", "analytics.view_dashboards", section=PILOTAGE)
        for slug, label in (
            ("effectifs", "Effectifs"),
            ("cotisations", "Masse salariale et cotisations"),
            ("consommation", "Consommation de soins"),
            ("delais", "Délais de traitement"),
            ("reclamations", "Réclamations"),
            ("taux", "Taux clés"),
        )
    ),
    *(
        NavEntry("Tableaux de bord", "portal:analytics:effectifs", audience=audience)
        for audience in ("employer", "broker", "mutuelle_agent")
    ),
    NavEntry("Administration", "admin:index", section=ADMINISTRATION, staff_only=True),
]


# A portal user's bar stays on one row at 1366 px: past this many entries, the last ones go
# under one drop-down.
PORTAL_FLAT = 6


def _portal_menu(entries: list[dict]) -> list[dict]:
    flat = [{**e, "entries": []} for e in entries]
    if len(flat) <= PORTAL_FLAT:
        return flat
    keep = PORTAL_FLAT - 2  # room for the drop-down itself
    rest = entries[keep:]
    more = {
        "label": gettext("Plus"),
        "url": "",
        "active": any(e["active"] for e in rest),
        "entries": rest,
    }
    return flat[:keep] + [more]


def _grouped(entries: list[dict]) -> list[dict]:
    """The staff menu: entries without a section first, then one group per section in the
    bar's order; a section holding one entry is shown as that entry (no drop-down)."""
    groups: dict[str, list[dict]] = {}
    flat = []
    for entry in entries:
        if entry["section"]:
            groups.setdefault(entry["section"], []).append(entry)
        else:
            flat.append({**entry, "entries": []})
    for section in SECTIONS:
        members = groups.get(section)
        if not members:
            continue
        if len(members) == 1:
            flat.append({**members[0], "entries": []})
        else:
            active = any(e["active"] for e in members)
            flat.append({"label": section, "url": "", "active": active, "entries": members})
    return flat


def _mark_active(entries: list[dict], path: str) -> None:
    """The entry of the page: its own address, else the longest address the page lies under
    (a claim's file lights "Dossiers"); the home page only lights on itself."""
    best = None
    for entry in entries:
        url = entry["url"]
        under = path == url or (url != "/" and path.startswith(url))
        if under and (best is None or len(url) > len(best["url"])):
            best = entry
    if best is not None:
        best["active"] = True


def navigation(request):
    """`nav_entries`: every entry the user may open (flat); `nav_menu`: the bar as drawn, the
    staff's entries grouped by section, a portal user's left flat."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_entries": [], "nav_menu": []}
    entries, audience = [], audience_of(user)
    for entry in NAVIGATION:
        if not entry.visible_to(user, audience):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        section = entry.section if audience is None else ""
        entries.append(
            {"label": gettext(entry.label), "url": url, "active": False, "section": section}
        )
    _mark_active(entries, request.path)
    menu = _grouped(entries) if audience is None else _portal_menu(entries)
    return {"nav_entries": entries, "nav_menu": menu, "nav_audience": audience or "staff"}
