"""Reads of medical data, named once: what each `AccessLog.what` code means in French, and the
one call the claim and statement pages and API handlers make."""

from django.utils.translation import gettext_lazy as _

from .services import access_record

READS = {
    "claim": _("Dossier de soins (page)"),
    "medical_review": _("Dossier en contrôle médical (page)"),
    "statement": _("Décompte (page)"),
    "statement_pdf": _("Décompte (PDF)"),
    "amc_statement": _("Décompte complémentaire (page)"),
    "amc_statement_pdf": _("Décompte complémentaire (PDF)"),
    "api_claim": _("Dossier (API REST)"),
    "api_amc_statement": _("Décompte complémentaire (API REST)"),
    "api_statement_pdf": _("Décompte PDF (API REST)"),
    "fhir_claim_response": _("ClaimResponse (FHIR)"),
    "fhir_eob": _("ExplanationOfBenefit (FHIR)"),
    "fhir_eob_search": _("Recherche d'ExplanationOfBenefit (FHIR)"),
    "eligibility": _("Droits et éligibilité"),
    "view360": _("Vue 360°"),
    "ald_request": _("Demande d'exonération ALD (page)"),
    "ald_document": _("Pièce d'une demande ALD"),
    "counter_exam": _("Contre-visite (page)"),
    "medical_history": _("Historique médical (page)"),
    "document": _("Document (téléchargement)"),
}


def read_label(code: str) -> str:
    return str(READS.get(code, code))


def claim_read(request, claim, what: str, *, obj=None, user=None):
    """Log that the request's user (or `user`, for the API) read this claim's medical data."""
    return access_record(
        request=request,
        user=user,
        what=what,
        beneficiary_id=claim.beneficiary_id,
        obj=obj if obj is not None else claim,
    )
