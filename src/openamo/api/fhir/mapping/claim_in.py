"""FHIR Claim → what the claims (or authorisations) services take.

Items: `productOrService` coded in one of the systems below gives the line kind and code;
`quantity`, `net` (or `unitPrice` × quantity) as charged, `servicedDate` (or
`servicedPeriod.start`, or the claim's `billablePeriod.start`) as the date of care; the NGAP
coefficient in the `ngap-coefficient` extension (K 50 → 50); the executor and the prescriber from
the care team (role `executor` / `prescriber`), else the claim's `provider`; the ALD code from
the diagnosis the item points to; the prior authorisation from `insurance.preAuthRef`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from openamo.claims.services import LineInput

from .. import systems
from ..outcome import FhirError, Issue
from .common import beneficiary_id_parse

KIND_BY_SYSTEM = {
    systems.NGAP: "act",
    systems.EAN13: "medicine",
    systems.GS1_GTIN: "medicine",
    systems.DEVICE: "device",
    systems.FORFAIT: "forfait",
}
PRESCRIBER = "prescriber"
ICD10_SYSTEMS = ("http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm")


@dataclass
class ClaimSubmission:
    use: str
    registration_number: str
    rank: int
    deposit_date: date
    provider_inpe: str
    lines: list[LineInput]
    ald_code: str = ""
    idempotency_key: str | None = None
    authorization_ref: str = ""
    diagnosis: str = ""  # ICD-10, for a prior authorisation
    documents: list[tuple[str, str, str]] = field(default_factory=list)  # type, file, ref
    subtype: str = ""
    billable_start: date | None = None
    billable_end: date | None = None
    prescriber_inpe: str = ""
    sessions_per_week: int | None = None
    stage: str = "initial"


class _Issues:
    def __init__(self):
        self.items: list[Issue] = []

    def add(self, expression: str, message: str, code: str = "value") -> None:
        self.items.append(Issue(message, code, expression))


def _day(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return None


def _ref_id(reference, resource_types: tuple[str, ...]) -> str | None:
    """The id of `Patient/123` (or an absolute URL ending so) for one of these types."""
    if not reference:
        return None
    parts = reference.rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2] in resource_types:
        return parts[-1]
    return None


def patient_key(reference, issues: _Issues, path: str) -> tuple[str, int] | None:
    """(registration number, rank) from `Patient/<id>` or an identifier."""
    if reference is None:
        issues.add(path, "le patient est obligatoire", "required")
        return None
    found = None
    if reference.reference:
        found = beneficiary_id_parse(_ref_id(reference.reference, ("Patient",)) or "")
    elif reference.identifier is not None and reference.identifier.system in (
        systems.BENEFICIARY,
        systems.REGISTRATION_NUMBER,
    ):
        found = beneficiary_id_parse(reference.identifier.value or "")
    if found is None:
        issues.add(
            path,
            "patient non reconnu : « Patient/<n° d'immatriculation>-<rang> » ou un identifiant "
            f"{systems.BENEFICIARY} ou {systems.REGISTRATION_NUMBER}",
        )
    return found


def provider_inpe(reference, issues: _Issues | None = None, path: str = "") -> str | None:
    """The INPE of `Organization/<inpe>`, `Practitioner/<inpe>` or an INPE identifier."""
    found = None
    if reference is not None:
        if reference.reference:
            found = _ref_id(reference.reference, ("Organization", "Practitioner"))
        elif reference.identifier is not None and reference.identifier.system == systems.INPE:
            found = reference.identifier.value
    if not found and issues is not None:
        issues.add(
            path,
            "prestataire non reconnu : « Organization/<INPE> », « Practitioner/<INPE> » ou un "
            f"identifiant {systems.INPE}",
        )
    return (found or "").strip() or None


def _extension(element, url: str):
    return next((ext for ext in element.extension or () if ext.url == url), None)


def _extension_decimal(element, url: str) -> Decimal | None:
    ext = _extension(element, url)
    return ext.valueDecimal if ext is not None else None


def _product(item, issues: _Issues, path: str) -> tuple[str, str] | None:
    for c in (item.productOrService.coding or ()) if item.productOrService else ():
        if c.system in KIND_BY_SYSTEM and c.code:
            return KIND_BY_SYSTEM[c.system], c.code.strip()
    issues.add(
        f"{path}.productOrService",
        "code de prestation non reconnu ; systèmes attendus : "
        + ", ".join(s for s in KIND_BY_SYSTEM if s != systems.GS1_GTIN),
    )
    return None


def _care_team(claim, issues: _Issues) -> dict[int, tuple[str, str]]:
    """sequence → (INPE, role code)."""
    team = {}
    for n, member in enumerate(claim.careTeam or ()):
        inpe = provider_inpe(member.provider, issues, f"Claim.careTeam[{n}].provider")
        roles = [c.code for c in (member.role.coding or ())] if member.role else []
        team[member.sequence] = (inpe or "", PRESCRIBER if PRESCRIBER in roles else "executor")
    return team


def _diagnoses(claim) -> tuple[dict[int, str], str]:
    """sequence → ALD code; and the first ICD-10 code."""
    ald, icd10 = {}, ""
    for d in claim.diagnosis or ():
        for c in (d.diagnosisCodeableConcept.coding or ()) if d.diagnosisCodeableConcept else ():
            if c.system == systems.ALD and c.code:
                ald[d.sequence] = c.code.strip()
            elif c.system in ICD10_SYSTEMS and c.code and not icd10:
                icd10 = c.code.strip()
    return ald, icd10


def _charged(item, quantity: Decimal, issues: _Issues, path: str) -> Decimal | None:
    for name in ("net", "unitPrice"):
        amount = getattr(item, name)
        if amount is not None and amount.currency not in (None, systems.CURRENCY):
            issues.add(f"{path}.{name}.currency", "les montants sont en dirhams (MAD)")
    if item.net is not None and item.net.value is not None:
        return item.net.value
    if item.unitPrice is not None and item.unitPrice.value is not None:
        return item.unitPrice.value * quantity
    return None


def _line(item, n, claim, team, ald, default_inpe, auth_ref, issues) -> LineInput | None:
    path = f"Claim.item[{n}]"
    product = _product(item, issues, path)
    quantity = item.quantity.value if item.quantity and item.quantity.value is not None else 1
    quantity = Decimal(quantity)
    care_date = _day(item.servicedDate) or _day(
        item.servicedPeriod.start if item.servicedPeriod else None
    )
    care_date = care_date or _day(claim.billablePeriod.start if claim.billablePeriod else None)
    if care_date is None:
        issues.add(f"{path}.servicedDate", "la date des soins est obligatoire", "required")
    executor, prescriber = default_inpe, ""
    for sequence in item.careTeamSequence or ():
        if sequence not in team:
            issues.add(f"{path}.careTeamSequence", f"aucun membre de l'équipe n° {sequence}")
            continue
        inpe, role = team[sequence]
        if role == PRESCRIBER:
            prescriber = inpe
        else:
            executor = inpe
    line_ald = next((ald[s] for s in item.diagnosisSequence or () if s in ald), "")
    charged = _charged(item, quantity, issues, path)
    if product is None or care_date is None:
        return None
    coefficient = _extension_decimal(item, systems.EXT_COEFFICIENT)
    return LineInput(
        kind=product[0],
        code=product[1],
        care_date=care_date,
        executor_inpe=executor or "",
        coefficient=Decimal(1) if coefficient is None else coefficient,
        quantity=quantity,
        charged=charged,
        prescriber_inpe=prescriber,
        prescribed_quantity=_extension_decimal(item, systems.EXT_PRESCRIBED_QUANTITY),
        ald_code=line_ald,
        authorization_ref=auth_ref,
    )


def _identifier_key(claim, header_key: str | None, issues: _Issues) -> str | None:
    key = (header_key or "").strip()
    if not key:
        for ident in claim.identifier or ():
            if ident.value:
                key = f"{ident.system}|{ident.value}" if ident.system else ident.value
                break
    if len(key) > 100:
        issues.add("Claim.identifier", "clé d'idempotence de 100 caractères au plus")
    return key or None


def _auth_ref(claim, issues: _Issues) -> str:
    refs = [r for i in claim.insurance or () for r in (i.preAuthRef or ()) if r]
    if len(set(refs)) > 1:
        issues.add("Claim.insurance.preAuthRef", "une seule prise en charge par dossier")
    return refs[0].strip() if refs else ""


def _documents(claim) -> list[tuple[str, str, str]]:
    documents = []
    for info in claim.supportingInfo or ():
        codes = [c.code for c in (info.code.coding or ())] if info.code else []
        if not codes:
            continue
        attachment = info.valueAttachment
        reference = info.valueReference
        documents.append(
            (
                codes[0],
                (attachment.title or "") if attachment else "",
                (reference.identifier.value or "")
                if reference and reference.identifier
                else (info.valueString or ""),
            )
        )
    return documents


def claim_submission(claim, *, header_key: str | None = None) -> ClaimSubmission:
    """Read a parsed fhir.resources Claim; every problem is reported at once (FhirError 400)."""
    issues = _Issues()
    patient = patient_key(claim.patient, issues, "Claim.patient")
    default_inpe = provider_inpe(claim.provider, issues, "Claim.provider")
    team = _care_team(claim, issues)
    ald, icd10 = _diagnoses(claim)
    auth_ref = _auth_ref(claim, issues) if claim.use == "claim" else ""
    key = _identifier_key(claim, header_key, issues)
    items = sorted(claim.item or (), key=lambda i: i.sequence)
    if [i.sequence for i in items] != list(range(1, len(items) + 1)):
        issues.add("Claim.item.sequence", "les items sont numérotés 1, 2, 3… sans doublon")
    if not items:
        issues.add("Claim.item", "un dossier comporte au moins un item", "required")
    lines = [
        _line(item, n, claim, team, ald, default_inpe, auth_ref, issues)
        for n, item in enumerate(items)
    ]
    deposit = _day(claim.created)
    if issues.items:
        raise FhirError(400, *issues.items)
    subtype_codes = (
        [c.code for c in (claim.subType.coding or ()) if c.code] if claim.subType else []
    )
    prescriber = next((inpe for inpe, role in team.values() if role == PRESCRIBER), "")
    period = claim.billablePeriod
    return ClaimSubmission(
        use=claim.use,
        registration_number=patient[0],
        rank=patient[1],
        deposit_date=deposit,
        provider_inpe=default_inpe,
        lines=lines,
        ald_code=next(iter(ald.values()), "") if len(ald) == 1 else "",
        idempotency_key=key,
        authorization_ref=auth_ref,
        diagnosis=icd10,
        documents=_documents(claim),
        subtype=subtype_codes[0] if subtype_codes else "",
        billable_start=_day(period.start) if period else None,
        billable_end=_day(period.end) if period else None,
        prescriber_inpe=prescriber,
        sessions_per_week=_sessions(claim),
        stage=_stage(claim),
    )


def _sessions(claim) -> int | None:
    ext = _extension(claim, systems.EXT_SESSIONS_PER_WEEK)
    return None if ext is None else ext.valuePositiveInt or ext.valueInteger


def _stage(claim) -> str:
    ext = _extension(claim, systems.EXT_AUTHORIZATION_STAGE)
    return (ext.valueCode if ext is not None else None) or "initial"


FIELD_PATHS = {
    "kind": "productOrService",
    "code": "productOrService",
    "care_date": "servicedDate",
    "executor_inpe": "careTeamSequence",
    "prescriber_inpe": "careTeamSequence",
    "coefficient": "extension",
    "quantity": "quantity.value",
    "charged": "net.value",
    "prescribed_quantity": "extension",
}


def service_error_path(field_name: str) -> str:
    """A claims service error key (`lines.2.quantity`, `deposit_date`) as a FHIR path."""
    parts = field_name.split(".")
    if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit():
        return f"Claim.item[{int(parts[1]) - 1}].{FIELD_PATHS.get(parts[2], parts[2])}"
    return {
        "deposit_date": "Claim.created",
        "lines": "Claim.item",
        "registration_number": "Claim.patient",
        "status": "Claim",
    }.get(field_name, f"Claim.{field_name}")
