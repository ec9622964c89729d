"""The FHIR searches: each parses its parameters, asks a selector for the rows in scope (in a
stable order) and answers a paged `searchset` Bundle (`searchset.py`)."""

from django.http import HttpResponse

from openamo.audit.reads import claim_read

from . import payment_reconciliation, selectors, systems
from .mapping.claim_out import eob_from_statement
from .mapping.common import beneficiary_id_parse, provider_resource_type
from .mapping.patient import patient_from_beneficiary
from .mapping.provider import resource_from_provider
from .outcome import FhirError
from .responses import base_url, respond
from .searchset import searchset


def _params(request, allowed: set[str], required: str) -> dict[str, str]:
    given = {k: v for k, v in request.GET.items() if not k.startswith("_")}
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise FhirError.one(
            400,
            f"paramètre(s) de recherche non pris en charge : {', '.join(unknown)} "
            f"(possibles : {', '.join(sorted(allowed))})",
            "not-supported",
        )
    if not given.get(required, "").strip():
        raise FhirError.one(400, f"le paramètre « {required} » est obligatoire", "required")
    return given


def _token(value: str) -> tuple[str | None, str]:
    """`system|value` or `value` (a token search parameter)."""
    if "|" in value:
        system, _, code = value.partition("|")
        return system or None, code.strip()
    return None, value.strip()


def _searchset(request, rows, render) -> HttpResponse:
    return respond(searchset(request, base=base_url(request), rows=rows, render=render))


def patient_search(request, user):
    system, value = _token(_params(request, {"identifier"}, "identifier")["identifier"])
    found = selectors.beneficiaries_by_identifier(user=user, system=system, value=value)
    return _searchset(
        request,
        found,
        lambda page: [patient_from_beneficiary(selectors.beneficiary_record(b)) for b in page],
    )


def eob_search(request, user):
    value = _params(request, {"patient"}, "patient")["patient"].strip()
    key = beneficiary_id_parse(value.removeprefix("Patient/"))
    if key is None:
        raise FhirError.one(
            400,
            "patient attendu sous la forme Patient/<n° d'immatriculation>-<rang>",
            "value",
            "patient",
        )
    claims = selectors.adjudicated_claims_of(user=user, registration_number=key[0], rank=key[1])

    def render(page):
        found = selectors.with_statements_in_force(page)
        for claim, statement in found:
            claim_read(request, claim, "fhir_eob_search", obj=statement, user=user)
        return [eob_from_statement(*pair) for pair in found]

    return _searchset(request, claims, render)


def payment_reconciliation_search(request, user):
    return _searchset(
        request, payment_reconciliation.search(request, user), payment_reconciliation.render
    )


def _provider_search(resource_type):
    def search(request, user):
        system, value = _token(_params(request, {"identifier"}, "identifier")["identifier"])
        provider = None
        if system in (None, systems.INPE):
            provider = selectors.provider_get(user=user, inpe=value)
        found = []
        if provider is not None and provider_resource_type(provider.kind) == resource_type:
            found = [provider]
        return _searchset(
            request,
            found,
            lambda page: [resource_from_provider(selectors.provider_record(p)) for p in page],
        )

    return search


SEARCH = {
    "Patient": patient_search,
    "ExplanationOfBenefit": eob_search,
    "Organization": _provider_search("Organization"),
    "Practitioner": _provider_search("Practitioner"),
    "PaymentReconciliation": payment_reconciliation_search,
}
