"""A prior-authorisation request (demande de prise en charge) → ClaimResponse
(use=preauthorization): `preAuthRef` is the agreement's reference, `preAuthPeriod` its validity;
per act, the amounts the claims engine valued (submitted, eligible, rate, benefit = fund share,
copay) and what was granted; a refusal carries its coded reason."""

from .. import systems
from ..models import ClaimResponse
from .claim_out import _dh, _hl7
from .common import concept, insurer_reference, money, patient_reference, provider_reference

DECIDED = {"approved", "partly_approved", "refused"}


def _act_adjudication(act, refusal: dict | None) -> list[dict]:
    entries = [
        _hl7("submitted", act.charged) if act.charged is not None else None,
        _hl7("eligible", act.base),
        _hl7("eligpercent", value=act.rate),
        _hl7("benefit", act.covered),
        _hl7("copay", act.copayment),
    ]
    entries = [e for e in entries if e is not None]
    if act.granted_quantity is not None:
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "granted-quantity", "Quantité accordée"),
                "value": act.granted_quantity,
            }
        )
    if act.problem:
        entries.append(
            {
                "category": concept(systems.ADJUDICATION, "rejection", "Rejet"),
                "reason": {"text": act.problem},
            }
        )
    elif refusal is not None:
        entries.append(
            {"category": concept(systems.ADJUDICATION, "rejection", "Rejet"), "reason": refusal}
        )
    return entries


def _disposition(request) -> str:
    text = str(request.get_status_display())
    if request.granted:
        text += f" ; part de la caisse {_dh(request.amount_covered)}, "
        text += f"reste à charge {_dh(request.remaining)}"
    if request.decision_note:
        text += f" — {request.decision_note}"
    return text


def preauthorization_response(request) -> ClaimResponse:
    b, p = request.beneficiary, request.provider
    refusal = None
    if request.refusal_reason:
        refusal = concept(
            systems.REFUSAL_REASON,
            request.refusal_reason,
            str(request.get_refusal_reason_display()),
            request.decision_note or None,
        )
    data = {
        "id": request.reference,
        "extension": [{"url": systems.EXT_AUTHORIZATION_STATUS, "valueCode": request.status}],
        "identifier": [{"system": systems.AUTHORIZATION, "value": request.reference}],
        "status": "active",
        "type": concept(systems.HL7_CLAIM_TYPE, "institutional"),
        "subType": concept(
            systems.AUTHORIZATION_TYPE,
            request.authorization_type.code,
            request.authorization_type.label,
        ),
        "use": "preauthorization",
        "patient": patient_reference(b.registration_number, b.rank, b.full_name),
        "created": (request.decided_at or request.submitted_at).isoformat(),
        "insurer": insurer_reference(b.scheme.code, b.scheme.fund),
        "requestor": provider_reference(p.inpe, p.kind, p.name),
        "request": {
            "type": "Claim",
            "identifier": {"system": systems.AUTHORIZATION, "value": request.reference},
        },
        "outcome": "complete" if request.status in DECIDED else "queued",
        "disposition": _disposition(request),
        "item": [
            {"itemSequence": act.number, "adjudication": _act_adjudication(act, refusal)}
            for act in request.acts.all()
        ],
        "total": [
            {"category": concept(systems.HL7_ADJUDICATION, code), "amount": money(amount)}
            for code, amount in (
                ("submitted", request.amount_charged),
                ("benefit", request.amount_covered),
                ("copay", request.copayment),
            )
        ],
    }
    if request.granted:
        data["preAuthRef"] = request.reference
        if request.valid_from:
            data["preAuthPeriod"] = {"start": request.valid_from.isoformat()}
            if request.valid_to:
                data["preAuthPeriod"]["end"] = request.valid_to.isoformat()
    return ClaimResponse.model_validate(data)
