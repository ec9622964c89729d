"""The FHIR models, in one place: OpenAMO serves FHIR R4 (4.0.1).

fhir.resources dropped plain R4 in its 7.0 release (its R4 models need pydantic 1, which
django-ninja cannot share); its R4B (4.3.0) models are used to build and parse resources,
because every element OpenAMO reads or writes (the financial resources, Patient, Coverage,
Organization, Practitioner, Bundle, OperationOutcome, CapabilityStatement) has the same name,
type and cardinality in R4 and R4B. The tests check each served resource against the R4
definitions themselves (`fhirkit-rs`, tests/api/conftest.py `fhir`).
"""

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.claim import Claim
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhir.resources.R4B.coverage import Coverage
from fhir.resources.R4B.coverageeligibilityrequest import CoverageEligibilityRequest
from fhir.resources.R4B.coverageeligibilityresponse import CoverageEligibilityResponse
from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.paymentreconciliation import PaymentReconciliation
from fhir.resources.R4B.practitioner import Practitioner

FHIR_VERSION = "4.0.1"

__all__ = [
    "FHIR_VERSION",
    "Bundle",
    "CapabilityStatement",
    "Claim",
    "ClaimResponse",
    "Coverage",
    "CoverageEligibilityRequest",
    "CoverageEligibilityResponse",
    "ExplanationOfBenefit",
    "OperationOutcome",
    "Organization",
    "Patient",
    "PaymentReconciliation",
    "Practitioner",
]
