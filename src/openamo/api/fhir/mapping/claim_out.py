"""A claim and its statement in force (décompte) → ClaimResponse and ExplanationOfBenefit.

Per line: `submitted` (charged), `eligible` (reimbursement base), `eligpercent` (rate),
`benefit` (reimbursed), `copay` (ticket modérateur) from HL7's adjudication codes, and from
OpenAMO's: `beyond-base` (charged above the base, left to the insured), one `deduction` per
abattement (its amount and coded reason with the French text) and `rejection` (coded reason).
Reads attributes only: the selectors load the claim, its lines and the statement lines.
"""

from decimal import Decimal

from openamo.claims.reasons import LABELS, Reason

from .. import systems
from ..models import ClaimResponse, ExplanationOfBenefit
from .common import beneficiary_id, coding, concept, insurer_reference, money, patient_reference
from .complementary_out import eob_add_complementary

SYSTEM_BY_KIND = {
    "act": systems.NGAP,
    "medicine": systems.EAN13,
    "device": systems.DEVICE,
    "forfait": systems.FORFAIT,
}
OUTCOME_TEXT = {
    "accepted": "Dossier liquidé : accepté",
    "partly_accepted": "Dossier liquidé : accepté partiellement",
    "rejected": "Dossier liquidé : rejeté",
}


def _dh(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",") + " DH"


def _label(code: str) -> str | None:
    try:
        return LABELS[Reason(code)]
    except ValueError:
        return None


def _reason(code: str, message: str) -> dict:
    return concept(systems.ADJUDICATION_REASON, code, _label(code), message or None)


def _hl7(code: str, amount: Decimal | None = None, value: Decimal | None = None) -> dict:
    entry: dict = {"category": concept(systems.HL7_ADJUDICATION, code)}
    if amount is not None:
        entry["amount"] = money(amount)
    if value is not None:
        entry["value"] = value
    return entry


def line_adjudication(line) -> list[dict]:
    """The adjudication entries of one statement line."""
    entries = [
        _hl7("submitted", line.charged),
        _hl7("eligible", line.base),
        _hl7("eligpercent", value=line.rate),
        _hl7("benefit", line.reimbursed),
        _hl7("copay", line.copayment),
    ]
    if line.beyond_base:
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "beyond-base", "Au-delà de la base"),
                "amount": money(line.beyond_base),
            }
        )
    for deduction in line.deductions or ():
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "deduction", "Abattement"),
                "reason": _reason(deduction["code"], deduction.get("message", "")),
                "amount": money(Decimal(deduction["amount"])),
            }
        )
    if line.rejection_code:
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "rejection", "Rejet"),
                "reason": _reason(line.rejection_code, line.rejection_message),
            }
        )
    return entries


def totals(statement) -> list[dict]:
    return [
        {"category": concept(systems.HL7_ADJUDICATION, code), "amount": money(amount)}
        for code, amount in (
            ("submitted", statement.total_charged),
            ("eligible", statement.total_base),
            ("benefit", statement.total_reimbursed),
            ("copay", statement.total_copayment),
        )
    ]


def claim_type(kinds: set[str], categories: set[str]) -> str:
    """HL7 claim type from what the lines are."""
    if kinds and kinds <= {"medicine"}:
        return "pharmacy"
    if categories & {"hospitalisation", "surgery", "intensive_care", "dialysis", "oncology"}:
        return "institutional"
    if categories and categories <= {"optics"}:
        return "vision"
    if categories and categories <= {"dental"}:
        return "oral"
    return "professional"


def _type(claim, statement) -> dict:
    kinds = {line.kind for line in claim.lines.all()}
    categories = {line.care_category for line in statement.lines.all()} if statement else set()
    return concept(systems.HL7_CLAIM_TYPE, claim_type(kinds, categories - {""}))


def _notes(claim, statement) -> list[dict]:
    notes = []
    if statement is not None and statement.rejection_code:
        label = _label(statement.rejection_code) or statement.rejection_code
        notes.append({"type": "display", "text": f"{label} — {statement.rejection_message}"})
    if statement is not None and statement.reason:
        notes.append({"type": "display", "text": statement.reason})
    return [{"number": n, **note} for n, note in enumerate(notes, 1)]


def _identifiers(claim, statement) -> list[dict]:
    identifiers = [{"system": systems.CLAIM_REFERENCE, "value": claim.reference}]
    if statement is not None:
        identifiers.append(
            {"system": systems.STATEMENT, "value": f"{claim.reference}-v{statement.version}"}
        )
    return identifiers


def _disposition(claim, statement) -> str:
    if statement is None:
        return f"Dossier {claim.get_status_display().lower()}, en attente de liquidation"
    return f"{OUTCOME_TEXT[statement.outcome]} ; remboursé {_dh(statement.total_reimbursed)}"


def _first_executor(claim) -> str:
    lines = list(claim.lines.all())
    return lines[0].executor_inpe if lines else ""


def claim_response_from_statement(claim, statement) -> ClaimResponse:
    """The ClaimResponse of a claim: `complete` with its statement in force, else `queued`."""
    b = claim.beneficiary
    data = {
        "id": claim.reference,
        "extension": [{"url": systems.EXT_CLAIM_STATUS, "valueCode": claim.status}],
        "identifier": _identifiers(claim, statement),
        "status": "active",
        "type": _type(claim, statement),
        "use": "claim",
        "patient": patient_reference(b.registration_number, b.rank, b.full_name),
        "created": (statement.adjudicated_at if statement else claim.created_at).isoformat(),
        "insurer": insurer_reference(claim.scheme.code, claim.scheme.fund),
        "request": {
            "type": "Claim",
            "identifier": {"system": systems.CLAIM_REFERENCE, "value": claim.reference},
        },
        "outcome": "complete" if statement is not None else "queued",
        "disposition": _disposition(claim, statement),
    }
    if inpe := _first_executor(claim):
        data["requestor"] = {"identifier": {"system": systems.INPE, "value": inpe}}
    if statement is not None:
        data["item"] = [
            {"itemSequence": line.number, "adjudication": line_adjudication(line)}
            for line in statement.lines.all()
        ]
        data["total"] = totals(statement)
    if notes := _notes(claim, statement):
        data["processNote"] = notes
    return ClaimResponse.model_validate(data)


def _product(line, statement_line) -> dict:
    label = statement_line.label if statement_line is not None else None
    return {"coding": [coding(SYSTEM_BY_KIND.get(line.kind, systems.FORFAIT), line.code, label)]}


def _eob_item(line, statement_line, team: dict[str, int]) -> dict:
    item = {
        "sequence": line.number,
        "careTeamSequence": [team[line.executor_inpe]],
        "productOrService": _product(line, statement_line),
        "servicedDate": line.care_date.isoformat(),
        "quantity": {"value": line.quantity},
        "net": money(statement_line.charged),
        "adjudication": line_adjudication(statement_line),
    }
    if line.kind == "act":
        item["extension"] = [{"url": systems.EXT_COEFFICIENT, "valueDecimal": line.coefficient}]
    if statement_line.unit_value:
        item["unitPrice"] = money(statement_line.unit_value)
    return item


def eob_from_statement(claim, statement) -> ExplanationOfBenefit:
    """The statement in force of an adjudicated claim as an ExplanationOfBenefit."""
    b = claim.beneficiary
    lines = list(claim.lines.all())
    by_number = {sl.number: sl for sl in statement.lines.all()}
    team: dict[str, int] = {}
    for line in lines:
        team.setdefault(line.executor_inpe, len(team) + 1)
    data = {
        "id": claim.reference,
        "extension": [{"url": systems.EXT_CLAIM_STATUS, "valueCode": claim.status}],
        "identifier": _identifiers(claim, statement),
        "status": "active",
        "type": _type(claim, statement),
        "use": "claim",
        "patient": patient_reference(b.registration_number, b.rank, b.full_name),
        "billablePeriod": {
            "start": claim.first_care_date.isoformat(),
            "end": claim.last_care_date.isoformat(),
        },
        "created": statement.adjudicated_at.isoformat(),
        "insurer": insurer_reference(claim.scheme.code, claim.scheme.fund),
        "provider": {"identifier": {"system": systems.INPE, "value": _first_executor(claim)}},
        "outcome": "complete",
        "disposition": _disposition(claim, statement),
        "claim": {
            "type": "Claim",
            "identifier": {"system": systems.CLAIM_REFERENCE, "value": claim.reference},
        },
        "claimResponse": {"reference": f"ClaimResponse/{claim.reference}"},
        "careTeam": [
            {"sequence": n, "provider": {"identifier": {"system": systems.INPE, "value": inpe}}}
            for inpe, n in team.items()
        ],
        "insurance": [
            {
                "focal": True,
                "coverage": {
                    "reference": f"Coverage/{beneficiary_id(b.registration_number, b.rank)}"
                },
            }
        ],
        "item": [
            _eob_item(line, by_number[line.number], team)
            for line in lines
            if line.number in by_number
        ],
        "total": totals(statement),
    }
    if notes := _notes(claim, statement):
        data["processNote"] = notes
    eob_add_complementary(data, claim, statement)
    return ExplanationOfBenefit.model_validate(data)
