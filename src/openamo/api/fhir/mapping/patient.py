"""Beneficiary → Patient and Coverage."""

from dataclasses import dataclass, field
from datetime import date

from .. import systems
from ..models import Coverage, Patient
from .common import beneficiary_id, concept, insurer_reference, patient_reference

GENDER = {"M": "male", "F": "female"}
RELATIONSHIP = {"member": "self", "spouse": "spouse", "child": "child"}


@dataclass(frozen=True)
class RightsPeriodRecord:
    start: date
    end: date | None
    kind: str  # open / maintained / ald_continuity / suspended

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class BeneficiaryRecord:
    """What the FHIR API shows of a beneficiary (built by the selectors)."""

    registration_number: str
    rank: int
    role: str  # member / spouse / child
    last_name: str
    first_name: str
    birth_date: date
    sex: str  # M / F
    cin: str
    deceased_on: date | None
    scheme_code: str
    scheme_name: str
    fund: str
    member_name: str
    periods: tuple[RightsPeriodRecord, ...] = field(default=())

    @property
    def id(self) -> str:
        return beneficiary_id(self.registration_number, self.rank)


def patient_from_beneficiary(b: BeneficiaryRecord) -> Patient:
    identifiers = [
        {"use": "official", "system": systems.BENEFICIARY, "value": b.id},
        {"use": "secondary", "system": systems.REGISTRATION_NUMBER, "value": b.registration_number},
    ]
    if b.cin:
        identifiers.append({"use": "secondary", "system": systems.CIN, "value": b.cin})
    patient = {
        "id": b.id,
        "identifier": identifiers,
        "active": b.deceased_on is None,
        "name": [
            {
                "use": "official",
                "family": b.last_name,
                "given": [b.first_name],
                "text": f"{b.last_name} {b.first_name}",
            }
        ],
        "gender": GENDER.get(b.sex, "unknown"),
        "birthDate": b.birth_date,
    }
    if b.deceased_on is not None:
        patient["deceasedDateTime"] = b.deceased_on.isoformat()
    return Patient.model_validate(patient)


def rights_period_on(b: BeneficiaryRecord, day: date) -> RightsPeriodRecord | None:
    """The rights period covering the day, else the latest one."""
    covering = [p for p in b.periods if p.covers(day)]
    if covering:
        return covering[0]
    return max(b.periods, key=lambda p: p.start, default=None)


def coverage_from_beneficiary(b: BeneficiaryRecord, *, today: date) -> Coverage:
    """The beneficiary's AMO coverage: one per beneficiary, the rights period in force today
    (or the latest) as the period, the scheme as the plan, the member as the subscriber."""
    coverage = {
        "id": b.id,
        "identifier": [{"system": systems.BENEFICIARY, "value": b.id}],
        "status": "active",
        "type": concept(systems.SCHEME, b.scheme_code, b.scheme_name, "AMO"),
        "subscriber": patient_reference(b.registration_number, 0, b.member_name),
        "subscriberId": b.registration_number,
        "beneficiary": patient_reference(b.registration_number, b.rank),
        "dependent": str(b.rank),
        "relationship": concept(
            systems.HL7_SUBSCRIBER_RELATIONSHIP, RELATIONSHIP.get(b.role, "other")
        ),
        "payor": [insurer_reference(b.scheme_code, b.fund)],
        "class": [
            {
                "type": concept(systems.HL7_COVERAGE_CLASS, "plan"),
                "value": b.scheme_code,
                "name": b.scheme_name,
            }
        ],
    }
    period = rights_period_on(b, today)
    if period is not None:
        coverage["period"] = {"start": period.start.isoformat()}
        if period.end is not None:
            coverage["period"]["end"] = period.end.isoformat()
        coverage["extension"] = [
            {"url": systems.EXT_RIGHTS_KIND, "valueCode": period.kind},
        ]
    return Coverage.model_validate(coverage)
