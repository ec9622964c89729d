"""The CapabilityStatement: exactly the interactions and searches the views implement."""

from datetime import date

from ..models import FHIR_VERSION, CapabilityStatement

# resource type → (interactions, search parameters, what it is)
RESOURCES = {
    "Patient": (("read", "search-type"), ("identifier",), "Bénéficiaire (assuré ou ayant droit)"),
    "Coverage": (("read",), (), "Couverture AMO d'un bénéficiaire (régime, période de droits)"),
    "CoverageEligibilityRequest": (
        ("create",),
        (),
        "Demande d'éligibilité : la réponse est une CoverageEligibilityResponse",
    ),
    "Claim": (
        ("create",),
        (),
        "Dossier maladie (use=claim) : réponse ClaimResponse après liquidation",
    ),
    "ClaimResponse": (("read",), (), "Résultat de la liquidation d'un dossier"),
    "ExplanationOfBenefit": (
        ("read", "search-type"),
        ("patient",),
        "Décompte en vigueur d'un dossier liquidé",
    ),
    "Organization": (("read", "search-type"), ("identifier",), "Établissement de soins (INPE)"),
    "Practitioner": (("read", "search-type"), ("identifier",), "Professionnel de santé (INPE)"),
    "PaymentReconciliation": (
        ("read", "search-type"),
        ("requestor", "created", "identifier"),
        "Paiement d'un prestataire (ordre de virement) et factures réglées",
    ),
}
# resource type → (operation, its definition in the specification)
OPERATIONS = {"Claim": (("submit", "http://hl7.org/fhir/OperationDefinition/Claim-submit"),)}
# parameters of every search: page size, page start (the `next` link carries it), total only
RESULT_PARAMETERS = (
    ("_count", "number", "taille de page (100 au plus, 50 par défaut)"),
    ("_offset", "number", "rang du premier résultat (suivre le lien « next »)"),
    ("_summary", "token", "« count » : le total seulement"),
)
SEARCH_TYPES = {
    "identifier": "token",
    "patient": "reference",
    "requestor": "reference",
    "created": "date",
}


def _search_params(params) -> dict:
    if not params:
        return {}
    return {"searchParam": [{"name": p, "type": SEARCH_TYPES[p]} for p in params]}


def _operations(resource_type: str) -> dict:
    found = OPERATIONS.get(resource_type, ())
    return {"operation": [{"name": n, "definition": d} for n, d in found]} if found else {}


def capability_statement(
    *, base_url: str, version: str, resources: dict | None = None, preauthorization: bool = False
) -> CapabilityStatement:
    resources = dict(resources or RESOURCES)
    if preauthorization:
        interactions, params, text = resources["Claim"]
        resources["Claim"] = (
            interactions,
            params,
            text + " ; demande de prise en charge (use=preauthorization)",
        )
    return CapabilityStatement.model_validate(
        {
            "status": "active",
            "date": date.today().isoformat(),
            "publisher": "OpenAMO",
            "kind": "instance",
            "software": {"name": "OpenAMO", "version": version},
            "implementation": {"description": "API FHIR d'OpenAMO", "url": base_url},
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "description": "Jeton porteur (Authorization: Bearer …), le même que "
                        "pour l'API REST ; sans jeton : 401 OperationOutcome.",
                    },
                    "resource": [
                        {
                            "type": name,
                            "documentation": text,
                            "interaction": [{"code": code} for code in interactions],
                            **_search_params(params),
                            **_operations(name),
                        }
                        for name, (interactions, params, text) in resources.items()
                    ],
                    "searchParam": [
                        {"name": name, "type": kind, "documentation": text}
                        for name, kind, text in RESULT_PARAMETERS
                    ],
                }
            ],
        }
    )
