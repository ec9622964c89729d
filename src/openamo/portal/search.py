"""The top bar's search: a registration number, a CIN, a name, a claim or request reference, an
INPE or an invoice number, looked up only inside what the user may see (through the same
scoped selectors as the pages). One hit: straight to its page; several: a results page.

Staff search what their permissions open; an insured person their family's claims and
requests; a mutuelle agent its members and their claims; an employer or a broker the members
of its scope; a provider its own requests and invoices (never people: they check eligibility).
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from openamo.authorizations import selectors as authorizations
from openamo.claims.models import Claim
from openamo.core.identifiers import normalize_cin
from openamo.members.selectors import member_search
from openamo.referentials.models import Provider

from . import selectors, selectors_broker, selectors_mutuelle
from .context import audience_of

MAX_HITS = 30
MAX_QUERY = 100


@dataclass(frozen=True)
class Hit:
    kind: str  # what was found, in French ("Assuré", "Dossier"...)
    title: str
    detail: str
    url: str


def _members(rows, url_of) -> list[Hit]:
    return [
        Hit("Assuré", m.full_name, f"n° {m.registration_number} · CIN {m.cin}", url_of(m))
        for m in rows[:MAX_HITS]
    ]


def _people(rows, term: str):
    """`member_search` matches numbers by their start; an exact number wins over the others."""
    exact = rows.filter(Q(registration_number=term) | Q(cin=normalize_cin(term)))
    return exact if exact.exists() else rows


def _claims(rows, url_of) -> list[Hit]:
    return [
        Hit(
            "Dossier",
            c.reference,
            f"{c.beneficiary.full_name} · {c.get_status_display()}",
            url_of(c),
        )
        for c in rows.select_related("beneficiary")[:MAX_HITS]
    ]


def _requests(rows, url_of) -> list[Hit]:
    return [
        Hit(
            "Demande de prise en charge",
            r.reference,
            f"{r.beneficiary.full_name} · {r.get_status_display()}",
            url_of(r),
        )
        for r in rows[:MAX_HITS]
    ]


def _invoices(rows) -> list[Hit]:
    return [
        Hit(
            "Facture tiers payant",
            f"{i.reference} (n° {i.number})",
            f"{i.provider.name} · {i.get_status_display()}",
            reverse("portal:authorizations:invoice", args=[i.pk]),
        )
        for i in rows[:MAX_HITS]
    ]


def _request_url(r):
    return reverse("portal:authorizations:detail", args=[r.pk])


def staff_hits(user, term: str) -> list[Hit]:
    hits: list[Hit] = []
    if user.has_perm("members.view_member"):
        rows = _people(member_search(query=term), term)
        hits += _members(rows, lambda m: reverse("portal:members:detail", args=[m.pk]))
    if user.has_perm("claims.view_claim"):
        rows = Claim.objects.filter(reference__iexact=term)
        hits += _claims(rows, lambda c: reverse("portal:claims:detail", args=[c.reference]))
    if authorizations.is_staff_reader(user):
        rows = authorizations.request_list().filter(reference__iexact=term)
        hits += _requests(rows, _request_url)
    if user.has_perm("authorizations.view_invoice"):
        rows = authorizations.invoice_list().filter(Q(reference__iexact=term) | Q(number=term))
        hits += _invoices(rows)
    if user.has_perm("referentials.view_provider") and term.isdigit():
        for p in Provider.objects.filter(inpe=term)[:MAX_HITS]:
            url = reverse("admin:referentials_provider_change", args=[p.pk])
            hits.append(Hit("Prestataire", p.name, f"INPE {p.inpe}", url))
    return hits


def insured_hits(user, term: str) -> list[Hit]:
    home = reverse("portal:insured_home")
    hits = [
        Hit("Bénéficiaire", b.full_name, f"n° {b.registration_number}/{b.rank:02d}", home)
        for b in selectors.family_beneficiaries(user).filter(
            Q(registration_number=term)
            | Q(cin=normalize_cin(term))
            | Q(last_name__iexact=term)
            | Q(first_name__iexact=term)
        )
    ]
    rows = selectors.family_claims(user).filter(reference__iexact=term)
    hits += _claims(rows, lambda c: reverse("portal:insured_statement", args=[c.reference]))
    requests = selectors.family_authorizations(user)
    if requests:
        rows = requests.filter(reference__iexact=term)
        hits += _requests(rows, lambda r: reverse("portal:insured_authorizations"))
    return hits


def mutuelle_hits(user, term: str) -> list[Hit]:
    rows = _people(selectors_mutuelle.mutuelle_members(user, query=term), term)
    hits = _members(rows, lambda m: reverse("portal:mutuelle:member", args=[m.registration_number]))
    claims = Claim.objects.filter(
        beneficiary__member__mutuelle=selectors_mutuelle.mutuelle_of(user), reference__iexact=term
    )
    return hits + _claims(claims, lambda c: reverse("portal:mutuelle:claim", args=[c.reference]))


def employer_hits(user, term: str) -> list[Hit]:
    rows = selectors.employer_members(user, query=term)
    url = f"{reverse('portal:employer_members')}?{urlencode({'q': term})}"
    return _members(rows, lambda m: url)


def broker_hits(user, term: str) -> list[Hit]:
    rows = selectors_broker.portfolio_members(user, on=timezone.localdate(), query=term)
    url = f"{reverse('portal:broker:members')}?{urlencode({'q': term})}"
    return _members(rows, lambda m: url)


def provider_hits(user, term: str) -> list[Hit]:
    provider = authorizations.provider_of(user)
    rows = authorizations.request_list(provider=provider).filter(reference__iexact=term)
    hits = _requests(rows, _request_url)
    invoices = authorizations.invoice_list(provider=provider).filter(
        Q(reference__iexact=term) | Q(number=term)
    )
    return hits + _invoices(invoices)


BY_AUDIENCE = {
    "insured": insured_hits,
    "mutuelle_agent": mutuelle_hits,
    "employer": employer_hits,
    "broker": broker_hits,
    "provider": provider_hits,
}


def search_hits(user, query: str) -> list[Hit]:
    """What the user may open that matches `query` (empty for an empty query)."""
    term = query.strip()[:MAX_QUERY]
    if not term:
        return []
    audience = audience_of(user)
    if audience is None:
        return staff_hits(user, term) if user.is_staff else []
    return BY_AUDIENCE.get(audience, lambda u, t: [])(user, term)


@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits = search_hits(request.user, query)
    if len(hits) == 1:
        return redirect(hits[0].url)
    context = {"search_query": query, "hits": hits, "truncated": len(hits) >= MAX_HITS}
    return render(request, "portal/search.html", context)
