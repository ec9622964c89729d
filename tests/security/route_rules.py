"""The rule table of the generated permission matrix: every route of the URL configuration,
every operation of the OpenAPI document and every FHIR interaction, with who may reach it.

A route, operation or interaction missing here fails `test_route_matrix.py` with its name: a
new page or endpoint gets a rule before it ships.

Rule(roles, deny, method, anonymous): the roles that reach it ("ok": 200, a redirect inside
the application, or 404 for an object that does not exist or is not theirs); what every other
signed-in role gets (403 for a staff permission refused, 404 where a personal space must not
even show that a page exists); the method probed (POST for POST-only actions); what an
anonymous visitor gets (sent to the login page, 401 on FHIR, or the page itself when public).
`scoped` object routes are probed too with an own and a foreign object (test_route_objects.py).
"""

from dataclasses import dataclass

PORTAL = ("insured", "provider", "employer", "broker", "mutuelle_agent")
STAFF = (
    "claim_processor",
    "medical_reviewer",
    "delegation_agent",
    "members_officer",
    "contributions_officer",
    "fraud_controller",
    "complaints_agent",
    "payment_officer",
    "analyst",
    "auditor",
    "administrator",
)
ALL = " ".join(PORTAL + STAFF)


@dataclass(frozen=True)
class Rule:
    roles: str
    deny: str = "403"
    method: str = "GET"
    anonymous: str = "login"

    @property
    def allowed(self) -> set[str]:
        return set(self.roles.split())


ROUTES = {
    "healthz": Rule(ALL, deny="404", anonymous="ok"),
    "readyz": Rule(ALL, deny="404", anonymous="ok"),
    "fhir:root": Rule("", deny="404", anonymous="404"),
    "fhir:metadata": Rule(ALL, deny="404", anonymous="ok"),
    "fhir:type": Rule(ALL, deny="404", anonymous="401"),
    "fhir:instance": Rule(ALL, deny="404", anonymous="401"),
    "portal:home": Rule(ALL, deny="404"),
    "portal:search": Rule(ALL, deny="404"),
    "portal:profile": Rule(ALL, deny="404"),
    "portal:language": Rule(ALL, deny="404", method="POST", anonymous="ok"),
    "portal:insured_home": Rule("insured", deny="404"),
    "portal:insured_claims": Rule("insured", deny="404"),
    "portal:insured_authorizations": Rule("insured", deny="404"),
    "portal:insured_statement": Rule("insured", deny="404"),
    "portal:insured_statement_pdf": Rule("insured", deny="404"),
    "portal:insured_rib": Rule("insured", deny="404"),
    "portal:insured_rib_confirm": Rule("insured", deny="404"),
    "portal:employer_home": Rule("employer", deny="404"),
    "portal:employer_members": Rule("employer", deny="404"),
    "portal:employer_members_csv": Rule("employer", deny="404"),
    "portal:employer_members_xlsx": Rule("employer", deny="404"),
    "portal:employer_declarations": Rule("employer", deny="404"),
    "portal:employer_declaration_upload": Rule("employer", deny="404"),
    "portal:employer_declaration_template": Rule("employer", deny="404"),
    "portal:employer_declaration": Rule("employer", deny="404"),
    "portal:employer_calls": Rule("employer", deny="404"),
    "portal:employer_call": Rule("employer", deny="404"),
    "portal:provider_eligibility": Rule(
        "provider claim_processor medical_reviewer delegation_agent members_officer contributions_officer fraud_controller complaints_agent auditor"
    ),
    "portal:broker:home": Rule("broker", deny="404"),
    "portal:broker:clients": Rule("broker", deny="404"),
    "portal:broker:client": Rule("broker", deny="404"),
    "portal:broker:members": Rule("broker", deny="404"),
    "portal:broker:declarations": Rule("broker", deny="404"),
    "portal:mutuelle:home": Rule("mutuelle_agent", deny="404"),
    "portal:mutuelle:members": Rule("mutuelle_agent", deny="404"),
    "portal:mutuelle:member": Rule("mutuelle_agent", deny="404"),
    "portal:mutuelle:claims": Rule("mutuelle_agent", deny="404"),
    "portal:mutuelle:claim": Rule("mutuelle_agent", deny="404"),
    "portal:mutuelle:claim_pdf": Rule("mutuelle_agent", deny="404"),
    "portal:complementary:statement": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:complementary:statement_pdf": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:complementary:flow_upload": Rule("payment_officer"),
    "portal:complementary:portfolio": Rule("employer broker", deny="404"),
    "portal:complementary:portfolio_insured": Rule("employer broker", deny="404"),
    "portal:complementary:portfolio_statements": Rule("employer broker", deny="404"),
    "portal:complementary:insured_claims": Rule("insured", deny="404"),
    "portal:complementary:insured_statement": Rule("insured", deny="404"),
    "portal:complementary:insured_statement_pdf": Rule("insured", deny="404"),
    "portal:login": Rule(ALL, deny="404", anonymous="ok"),
    "portal:logout": Rule("", deny="login", method="POST"),
    "portal:members:list": Rule(
        "claim_processor medical_reviewer delegation_agent members_officer contributions_officer fraud_controller complaints_agent auditor"
    ),
    "portal:members:detail": Rule(
        "claim_processor medical_reviewer delegation_agent members_officer contributions_officer fraud_controller complaints_agent auditor"
    ),
    "portal:contributions:declarations": Rule("contributions_officer analyst auditor"),
    "portal:contributions:declaration": Rule("contributions_officer analyst auditor"),
    "portal:contributions:upload": Rule("contributions_officer"),
    "portal:contributions:entry": Rule("contributions_officer"),
    "portal:contributions:calls": Rule("contributions_officer analyst auditor"),
    "portal:contributions:receipts": Rule("contributions_officer analyst auditor"),
    "portal:contributions:arrears": Rule("contributions_officer analyst auditor"),
    "portal:contributions:reminders": Rule("contributions_officer analyst auditor"),
    "portal:contributions:reminder_send": Rule("contributions_officer", method="POST"),
    "portal:claims:queue": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:claims:queue_csv": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:claims:reprocess": Rule("claim_processor", method="POST"),
    "portal:claims:intake": Rule("claim_processor"),
    "portal:claims:upload": Rule("claim_processor"),
    "portal:claims:detail": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:claims:take": Rule("claim_processor", method="POST"),
    "portal:claims:scan_upload": Rule("claim_processor", method="POST"),
    "portal:claims:adjudicate": Rule("claim_processor", method="POST"),
    "portal:claims:move": Rule("claim_processor", method="POST"),
    "portal:claims:review": Rule("medical_reviewer", method="POST"),
    "portal:claims:statement": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:claims:statement_pdf": Rule(
        "claim_processor medical_reviewer fraud_controller complaints_agent payment_officer analyst auditor"
    ),
    "portal:authorizations:list": Rule(
        "provider medical_reviewer delegation_agent fraud_controller payment_officer auditor"
    ),
    "portal:authorizations:new": Rule("provider"),
    "portal:authorizations:detail": Rule(
        "provider medical_reviewer delegation_agent fraud_controller payment_officer auditor",
        deny="404",
    ),
    "portal:authorizations:documents": Rule("provider", method="POST"),
    "portal:authorizations:decide": Rule("medical_reviewer delegation_agent"),
    "portal:authorizations:ask": Rule("medical_reviewer delegation_agent"),
    "portal:authorizations:queue": Rule(
        "medical_reviewer delegation_agent fraud_controller payment_officer auditor"
    ),
    "portal:authorizations:delays": Rule(
        "medical_reviewer delegation_agent fraud_controller payment_officer auditor"
    ),
    "portal:authorizations:invoices": Rule(
        "provider medical_reviewer delegation_agent fraud_controller payment_officer auditor"
    ),
    "portal:authorizations:invoice": Rule(
        "provider medical_reviewer delegation_agent fraud_controller payment_officer auditor",
        deny="404",
    ),
    "portal:authorizations:batch_new": Rule("provider"),
    "portal:payments:runs": Rule("payment_officer auditor"),
    "portal:payments:prepare": Rule("payment_officer"),
    "portal:payments:holds": Rule("fraud_controller payment_officer auditor"),
    "portal:complaints:queue": Rule("complaints_agent"),
    "portal:complaints:file_on_behalf": Rule("complaints_agent"),
    "portal:complaints:dashboard": Rule("complaints_agent"),
    "portal:complaints:employer": Rule("employer", deny="404"),
    "portal:complaints:broker": Rule("broker", deny="404"),
    "portal:complaints:detail": Rule("complaints_agent"),
    "portal:complaints:message": Rule("complaints_agent", method="POST"),
    "portal:complaints:assign": Rule("complaints_agent", method="POST"),
    "portal:complaints:close": Rule("complaints_agent", method="POST"),
    "portal:complaints:reopen": Rule("complaints_agent", method="POST"),
    "portal:medical:queue": Rule("medical_reviewer"),
    "portal:medical:statistics": Rule("medical_reviewer"),
    "portal:medical:detail": Rule("medical_reviewer"),
    "portal:medical:document": Rule("medical_reviewer"),
    "portal:medical:history": Rule("medical_reviewer"),
    "portal:medical:assign": Rule("medical_reviewer", method="POST"),
    "portal:medical:decide": Rule("medical_reviewer", method="POST"),
    "portal:medical:exam_order": Rule("medical_reviewer", method="POST"),
    "portal:medical:exam": Rule("medical_reviewer"),
    "portal:medical:exam_record": Rule("medical_reviewer", method="POST"),
    "portal:medical:provider_list": Rule("provider", deny="404"),
    "portal:medical:provider_file": Rule("provider", deny="404"),
    "portal:medical:provider_detail": Rule("provider", deny="404"),
    "portal:medical:insured_list": Rule("insured", deny="404"),
    "portal:medical:insured_file": Rule("insured", deny="404"),
    "portal:medical:insured_detail": Rule("insured", deny="404"),
    "portal:complaints:mine": Rule("insured", deny="404"),
    "portal:complaints:file": Rule("insured", deny="404"),
    "portal:complaints:mine_detail": Rule("insured", deny="404"),
    "portal:complaints:satisfaction": Rule("insured", deny="404", method="POST"),
    "portal:complaints:mine_reopen": Rule("insured", deny="404", method="POST"),
    "portal:complaints:mine_close": Rule("insured", deny="404", method="POST"),
    # a document answers under its owner's scope: 404 when it is not the reader's
    "portal:documents:download": Rule(ALL, deny="404"),
    "portal:notifications:insured_inbox": Rule("insured", deny="404"),
    "portal:notifications:employer_inbox": Rule("employer", deny="404"),
    "portal:notifications:broker_inbox": Rule("broker", deny="404"),
    "portal:notifications:mutuelle_inbox": Rule("mutuelle_agent", deny="404"),
    "portal:notifications:provider_inbox": Rule("provider", deny="404"),
    "portal:notifications:message": Rule(" ".join(PORTAL), deny="404"),
    "portal:notifications:mark_read": Rule(" ".join(PORTAL), deny="404", method="POST"),
    "portal:notifications:mark_all_read": Rule(" ".join(PORTAL), deny="404", method="POST"),
    "portal:notifications:preferences": Rule(" ".join(PORTAL), deny="404"),
    "portal:payments:hold_lift": Rule("fraud_controller payment_officer", method="POST"),
    "portal:payments:insured": Rule("insured", deny="404"),
    "portal:payments:provider": Rule("provider", deny="404"),
    "portal:payments:portal_order": Rule("insured provider", deny="404"),
    "portal:payments:order": Rule("payment_officer auditor"),
    "portal:payments:run": Rule("payment_officer auditor"),
    "portal:payments:run_file": Rule("payment_officer auditor"),
    "portal:payments:run_issue": Rule("payment_officer", method="POST"),
    "portal:payments:run_settle_all": Rule("payment_officer", method="POST"),
    "portal:payments:run_returns": Rule("payment_officer", method="POST"),
    "portal:audit:trail": Rule("fraud_controller auditor"),
    "portal:audit:reads": Rule("fraud_controller auditor"),
    "portal:audit:processors": Rule("fraud_controller auditor"),
    "portal:fraud:search": Rule("fraud_controller"),
    "portal:fraud:family": Rule("fraud_controller"),
    "portal:analytics:effectifs": Rule("analyst employer broker mutuelle_agent"),
    "portal:analytics:cotisations": Rule("analyst employer broker"),
    "portal:analytics:consommation": Rule("analyst employer broker mutuelle_agent"),
    "portal:analytics:delais": Rule("analyst"),
    "portal:analytics:reclamations": Rule("analyst mutuelle_agent"),
    "portal:analytics:taux": Rule("analyst"),
    "portal:fraud:provider": Rule("fraud_controller"),
    "portal:fraud:groups": Rule("fraud_controller"),
    "portal:fraud:group": Rule("fraud_controller"),
    "portal:fraud:alerts": Rule("fraud_controller"),
    "portal:fraud:triage": Rule("fraud_controller", method="POST"),
    "portal:fraud:cases": Rule("fraud_controller"),
    "portal:fraud:case": Rule("fraud_controller"),
    "portal:fraud:case_move": Rule("fraud_controller", method="POST"),
    "portal:fraud:case_note": Rule("fraud_controller", method="POST"),
    "portal:fraud:case_document": Rule("fraud_controller", method="POST"),
    "portal:fraud:case_document_download": Rule("fraud_controller"),
    "portal:fraud:case_decision": Rule("fraud_controller", method="POST"),
    "portal:fraud:case_recovery": Rule("fraud_controller", method="POST"),
    "portal:fraud:case_suspend": Rule("fraud_controller", method="POST"),
    "portal:fraud:suspension_lift": Rule("fraud_controller", method="POST"),
}

# OpenAPI operation id → roles whose token is answered (others: 403; no token: 401). The
# objects they read are scoped by the selectors (test_api_scoping.py pins own and foreign).
CLAIM_READERS = (
    "insured provider mutuelle_agent claim_processor medical_reviewer fraud_controller"
    " complaints_agent payment_officer analyst auditor"
)
DECLARATION_READERS = "employer broker contributions_officer analyst auditor"
AUTHORIZATION_READERS = (
    "provider medical_reviewer delegation_agent fraud_controller payment_officer auditor"
)
API = {
    "openamo_members_api_eligibility_get": "provider",
    "openamo_contributions_api_declaration_post": "employer",
    "openamo_contributions_api_declaration_list": DECLARATION_READERS,
    "openamo_contributions_api_declaration_read": DECLARATION_READERS,
    "openamo_contributions_api_employer_calls": DECLARATION_READERS,
    "openamo_claims_api_claim_create": "provider",
    "openamo_claims_api_claim_list": CLAIM_READERS,
    "openamo_claims_api_claim_read": CLAIM_READERS,
    "openamo_claims_api_claim_statement_pdf": CLAIM_READERS,
    "openamo_complementary_api_statement_read": CLAIM_READERS,
    "openamo_complementary_api_statement_pdf_read": CLAIM_READERS,
    "openamo_complementary_api_flow_file_upload": "payment_officer",
    "openamo_authorizations_api_request_submit": "provider",
    "openamo_authorizations_api_request_list": "insured " + AUTHORIZATION_READERS,
    "openamo_authorizations_api_request_status": "insured " + AUTHORIZATION_READERS,
    "openamo_authorizations_api_billing_batch_submit": "provider",
    "openamo_authorizations_api_billing_batch_list": AUTHORIZATION_READERS,
    "openamo_authorizations_api_billing_batch_read": AUTHORIZATION_READERS,
    "openamo_authorizations_api_billing_invoice_list": AUTHORIZATION_READERS,
}

# FHIR "<resource type> <interaction>" → roles whose token is answered (others: 403)
# the staff roles reading claims (administrators work in the admin, not on the API)
FHIR_CLAIM_READERS = (
    "insured provider mutuelle_agent claim_processor medical_reviewer fraud_controller"
    " complaints_agent payment_officer analyst auditor"
)
FHIR = {
    "Patient read": ALL,
    # providers check eligibility instead (two identifiers, rate-limited, read-logged)
    "Patient search-type": "insured mutuelle_agent claim_processor medical_reviewer"
    " delegation_agent members_officer contributions_officer fraud_controller complaints_agent"
    " auditor",
    "Coverage read": ALL,
    "CoverageEligibilityRequest create": "provider",
    "Claim create": "provider",
    "Claim $submit": "provider",
    "ClaimResponse read": FHIR_CLAIM_READERS + " delegation_agent",
    "ExplanationOfBenefit read": FHIR_CLAIM_READERS,
    "ExplanationOfBenefit search-type": ALL,
    "Organization read": ALL,
    "Organization search-type": ALL,
    "Practitioner read": ALL,
    "Practitioner search-type": ALL,
    # a payment not the token's own answers 404 to every token, as if it did not exist
    "PaymentReconciliation read": ALL,
    "PaymentReconciliation search-type": "provider payment_officer auditor",
}
