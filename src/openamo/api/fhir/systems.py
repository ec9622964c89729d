"""The URIs OpenAMO defines for its identifiers and code systems, and the HL7 ones it uses."""

BASE = "https://openamo.ma/fhir"

# identifiers (NamingSystem)
INPE = f"{BASE}/sid/inpe"
REGISTRATION_NUMBER = f"{BASE}/sid/registration-number"
BENEFICIARY = f"{BASE}/sid/beneficiary"  # "<registration number>-<rank>"
CIN = f"{BASE}/sid/cin"
CLAIM_REFERENCE = f"{BASE}/sid/claim"
STATEMENT = f"{BASE}/sid/statement"  # "<claim reference>-v<version>"
SCHEME = f"{BASE}/sid/scheme"
AUTHORIZATION = f"{BASE}/sid/authorization"
INVOICE = f"{BASE}/sid/invoice"

# code systems
NGAP = f"{BASE}/CodeSystem/ngap"
EAN13 = f"{BASE}/CodeSystem/ean13"
GS1_GTIN = "urn:oid:1.3.160"  # accepted as a synonym of EAN13 on input
DEVICE = f"{BASE}/CodeSystem/device"
FORFAIT = f"{BASE}/CodeSystem/forfait"
CARE_CATEGORY = f"{BASE}/CodeSystem/care-category"
ALD = f"{BASE}/CodeSystem/ald"
SECTOR = f"{BASE}/CodeSystem/sector"
PROVIDER_KIND = f"{BASE}/CodeSystem/provider-kind"
SPECIALTY = f"{BASE}/CodeSystem/specialty"
ADJUDICATION = f"{BASE}/CodeSystem/adjudication"  # deduction, rejection, beyond-base
ADJUDICATION_REASON = f"{BASE}/CodeSystem/adjudication-reason"  # claims.reasons.Reason
ELIGIBILITY_REASON = f"{BASE}/CodeSystem/eligibility-reason"  # members.eligibility.MESSAGES
BENEFIT_TYPE = f"{BASE}/CodeSystem/benefit-type"
CARE_TEAM_ROLE = f"{BASE}/CodeSystem/care-team-role"  # executor, prescriber
AUTHORIZATION_TYPE = f"{BASE}/CodeSystem/authorization-type"
DOCUMENT_TYPE = f"{BASE}/CodeSystem/document-type"
REFUSAL_REASON = f"{BASE}/CodeSystem/refusal-reason"

# extensions
EXT_COEFFICIENT = f"{BASE}/StructureDefinition/ngap-coefficient"
EXT_PRESCRIBED_QUANTITY = f"{BASE}/StructureDefinition/prescribed-quantity"
EXT_SESSIONS_PER_WEEK = f"{BASE}/StructureDefinition/sessions-per-week"
EXT_AUTHORIZATION_STAGE = f"{BASE}/StructureDefinition/authorization-stage"
EXT_AUTHORIZATION_STATUS = f"{BASE}/StructureDefinition/authorization-status"
EXT_RIGHTS_KIND = f"{BASE}/StructureDefinition/rights-kind"
EXT_SECTOR = f"{BASE}/StructureDefinition/sector"
EXT_CLAIM_STATUS = f"{BASE}/StructureDefinition/claim-status"

# HL7
HL7_ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
HL7_CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
HL7_COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
HL7_SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
HL7_PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/payment-type"
HL7_ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
HL7_PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority"

CURRENCY = "MAD"
FHIR_JSON = "application/fhir+json; charset=utf-8"
