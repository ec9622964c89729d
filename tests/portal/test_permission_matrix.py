"""Every role × every page: allowed where it must be, refused (403 or 404) everywhere else.

Staff pages refuse with 403; an insured person's or a clinic's space answers 404 to anyone
else, so that another family's or establishment's records do not even show they exist."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.authorizations.models import ProviderAccess
from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.members.models import Broker, Mutuelle
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from openamo.referentials.models import Provider
from tests.claims.db_builders import CLINIC, GP, family_create, providers_create, tariffs_create
from tests.contributions.helpers import employer_make
from tests.members.helpers import member_make

pytestmark = pytest.mark.django_db

ALLOW, DENY = 200, "denied"

# page → roles allowed (every other role is refused)
PAGES = {
    "members": (
        "portal:members:list",
        {
            "claim_processor",
            "medical_reviewer",
            "delegation_agent",
            "members_officer",
            "contributions_officer",
            "fraud_controller",
            "complaints_agent",
            "auditor",
        },
    ),
    "claims_queue": (
        "portal:claims:queue",
        {
            "claim_processor",
            "medical_reviewer",
            "fraud_controller",
            "complaints_agent",
            "payment_officer",
            "analyst",
            "auditor",
        },
    ),
    "claims_intake": ("portal:claims:intake", {"claim_processor"}),
    "declarations": (
        "portal:contributions:declarations",
        {"contributions_officer", "analyst", "auditor"},
    ),
    "declaration_upload": ("portal:contributions:upload", {"contributions_officer"}),
    "authorization_queue": (
        "portal:authorizations:queue",
        {"medical_reviewer", "delegation_agent", "fraud_controller", "payment_officer", "auditor"},
    ),
    "eligibility": (
        "portal:provider_eligibility",
        {
            "provider",
            "claim_processor",
            "medical_reviewer",
            "delegation_agent",
            "members_officer",
            "contributions_officer",
            "fraud_controller",
            "complaints_agent",
            "auditor",
        },
    ),
    "insured_space": ("portal:insured_home", {"insured"}),
    "employer_space": ("portal:employer_home", {"employer"}),
    "employer_declarations": ("portal:employer_declarations", {"employer"}),
    "broker_space": ("portal:broker:home", {"broker"}),
    "broker_clients": ("portal:broker:clients", {"broker"}),
    "broker_members": ("portal:broker:members", {"broker"}),
    "mutuelle_space": ("portal:mutuelle:home", {"mutuelle_agent"}),
    "mutuelle_claims": ("portal:mutuelle:claims", {"mutuelle_agent"}),
    "payment_runs": ("portal:payments:runs", {"payment_officer", "auditor"}),
    "payment_prepare": ("portal:payments:prepare", {"payment_officer"}),
    "payment_holds": ("portal:payments:holds", {"payment_officer", "fraud_controller", "auditor"}),
    "insured_payments": ("portal:payments:insured", {"insured"}),
    "provider_payments": ("portal:payments:provider", {"provider"}),
    "fraud_search": ("portal:fraud:search", {"fraud_controller"}),
    "fraud_alerts": ("portal:fraud:alerts", {"fraud_controller"}),
    "fraud_cases": ("portal:fraud:cases", {"fraud_controller"}),
    "fraud_groups": ("portal:fraud:groups", {"fraud_controller"}),
    "tariff_admin": ("admin:referentials_letterkeyvalue_changelist", {"administrator"}),
    "audit_trail": ("portal:audit:trail", {"fraud_controller", "auditor"}),
    "audit_reads": ("portal:audit:reads", {"fraud_controller", "auditor"}),
    "audit_processors": ("portal:audit:processors", {"fraud_controller", "auditor"}),
    "complaints_queue": ("portal:complaints:queue", {"complaints_agent"}),
    "complaints_file_on_behalf": ("portal:complaints:file_on_behalf", {"complaints_agent"}),
    "insured_complaints": ("portal:complaints:mine", {"insured"}),
    "insured_complaint_file": ("portal:complaints:file", {"insured"}),
}
STAFF = [
    r.value
    for r in Role
    if r.value not in ("insured", "provider", "employer", "broker", "mutuelle_agent")
]
ROLES = ["anonymous", "insured", "provider", "employer", "broker", "mutuelle_agent", *STAFF]


@pytest.fixture
def users(cnops):
    tariffs_create()
    providers_create()
    roles_sync()
    member, _ = family_create(cnops)
    made = {}
    for role in ROLES[1:]:
        user = get_user_model().objects.create_user(role, password="Matrix-pw-2026")
        if role == "insured":
            PortalAccess.objects.create(user=user, role="insured", member=member.member)
        elif role == "employer":
            PortalAccess.objects.create(
                user=user, role="employer", employer=employer_make(cnops, name="Matrix SARL")
            )
        elif role == "broker":
            broker = Broker.objects.create(name="Matrix Courtage", acaps_number="ACAPS-MX-1")
            PortalAccess.objects.create(user=user, role="broker", broker=broker)
        elif role == "mutuelle_agent":
            mutuelle = Mutuelle.objects.create(code="matrix", name="Mutuelle Matrix")
            PortalAccess.objects.create(user=user, role="mutuelle_agent", mutuelle=mutuelle)
        elif role == "provider":
            ProviderAccess.objects.create(user=user, provider=Provider.objects.get(inpe=CLINIC))
        else:
            user_role_grant(user=user, role=Role(role))
        made[role] = user
    return made


def _status(client, url_name):
    response = client.get(reverse(url_name))
    if response.status_code in (403, 404):
        return DENY
    if response.status_code == 302:
        location = response["Location"]
        return (
            DENY if "connexion" in location or "/admin/login" in location else response.status_code
        )
    return response.status_code


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_each_role_reaches_exactly_its_pages(client, users, page):
    url_name, allowed = PAGES[page]
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        outcomes[role] = _status(client, url_name)
    expected = {role: ALLOW if role in allowed else DENY for role in ROLES}
    assert outcomes == expected


def test_another_family_claim_and_statement_are_not_found(client, users, cnops):
    stranger = member_make(cnops, cin="XY112233", last_name="Idrissi").beneficiaries.get(rank=0)
    claim = claim_adjudicate(
        claim=claim_submit(
            beneficiary=stranger,
            channel="paper",
            deposit_date=date(2025, 3, 20),
            lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, 10), executor_inpe=GP)],
        )
    )
    client.force_login(users["insured"])
    for name in ("portal:insured_statement", "portal:insured_statement_pdf"):
        assert client.get(reverse(name, args=[claim.reference])).status_code == 404
    client.force_login(users["provider"])
    assert client.get(reverse("portal:claims:detail", args=[claim.reference])).status_code == 403


def test_a_complaint_is_the_agents_and_its_familys_only(client, users):
    from openamo.complaints.models import Category
    from openamo.complaints.services import complaint_file

    insured = users["insured"]
    complaint = complaint_file(
        member=insured.portal_access.member,
        by=insured,
        category=Category.objects.get(code="autre"),
        title="Accueil",
        body="Attente trop longue.",
    )
    staff_page = reverse("portal:complaints:detail", args=[complaint.reference])
    own_page = reverse("portal:complaints:mine_detail", args=[complaint.reference])
    for role in ROLES[1:]:
        client.force_login(users[role])
        expected_staff = 200 if role == "complaints_agent" else 403
        assert client.get(staff_page).status_code == expected_staff, role
        assert client.get(own_page).status_code == (200 if role == "insured" else 404), role
