"""Reads of medical data are logged: who read whose claim or statement, when, from where, on
the staff pages, the insured's and the mutuelle's spaces, the REST API and FHIR."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.api.auth import api_token_create
from openamo.audit.models import AccessLog
from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.members.models import Member, Mutuelle
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(cnops):
    tariffs_create()
    providers_create()
    member, _ = family_create(cnops)
    return claim_adjudicate(
        claim=claim_submit(
            beneficiary=member,
            channel="paper",
            deposit_date=date(2025, 3, 20),
            lines=[LineInput(kind="act", code="C", care_date=date(2025, 3, 10), executor_inpe=GP)],
        )
    )


def _user(name, staff_role=None, **access):
    user = get_user_model().objects.create_user(name, password="x")
    if staff_role:
        roles_sync()
        user_role_grant(user=user, role=staff_role)
    if access:
        PortalAccess.objects.create(user=user, **access)
    return user


def _logged(user) -> list[tuple]:
    return list(
        AccessLog.objects.filter(user=user)
        .order_by("id")
        .values_list("what", "beneficiary_id", "object_type__model", "where")
    )


def test_staff_reads_of_the_claim_and_its_statement_are_logged(client, claim):
    user = _user("liquidateur", Role.CLAIM_PROCESSOR)
    client.force_login(user)
    for name in ("detail", "statement", "statement_pdf"):
        url = reverse(f"portal:claims:{name}", args=[claim.reference])
        assert client.get(url, REMOTE_ADDR="10.0.0.7").status_code == 200
    statement = claim.statements.get()
    assert _logged(user) == [
        ("claim", claim.beneficiary_id, "claim", f"/dossiers/{claim.reference}/"),
        ("statement", claim.beneficiary_id, "statement", f"/dossiers/{claim.reference}/decompte/"),
        (
            "statement_pdf",
            claim.beneficiary_id,
            "statement",
            f"/dossiers/{claim.reference}/decompte.pdf",
        ),
    ]
    last = AccessLog.objects.filter(user=user).order_by("id").last()
    assert (last.object_id, last.source_ip, last.actor_label) == (
        str(statement.pk),
        "10.0.0.7",
        "liquidateur",
    )


def test_a_reviewer_opening_the_file_is_logged_as_a_medical_review(client, claim):
    user = _user("medecin", Role.MEDICAL_REVIEWER)
    client.force_login(user)
    client.get(reverse("portal:claims:detail", args=[claim.reference]))
    assert [w for w, *_ in _logged(user)] == ["medical_review"]


def test_the_insured_and_the_mutuelle_reading_the_statement_are_logged(client, claim):
    member = Member.objects.get(beneficiaries=claim.beneficiary_id)
    mutuelle = Mutuelle.objects.create(code="mgpap", name="MGPAP")
    Member.objects.filter(pk=member.pk).update(mutuelle=mutuelle)
    insured = _user("assure", member=member, role="insured")
    agent = _user("agent", mutuelle=mutuelle, role="mutuelle_agent")
    client.force_login(insured)
    client.get(reverse("portal:insured_statement", args=[claim.reference]))
    client.get(reverse("portal:insured_statement_pdf", args=[claim.reference]))
    client.force_login(agent)
    client.get(reverse("portal:mutuelle:claim", args=[claim.reference]))
    client.get(reverse("portal:mutuelle:claim_pdf", args=[claim.reference]))
    assert [w for w, *_ in _logged(insured)] == ["statement", "statement_pdf"]
    assert [w for w, *_ in _logged(agent)] == ["statement", "statement_pdf"]


def test_api_and_fhir_reads_are_logged_with_the_token_user(client, claim):
    user = _user("api", Role.CLAIM_PROCESSOR)
    _, raw = api_token_create(user=user, name="tests")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    ref = claim.reference
    assert client.get(f"/api/v1/claims/{ref}", **bearer).status_code == 200
    assert client.get(f"/fhir/ExplanationOfBenefit/{ref}", **bearer).status_code == 200
    assert client.get(f"/fhir/ClaimResponse/{ref}", **bearer).status_code == 200
    reg = claim.beneficiary.registration_number
    search = client.get(f"/fhir/ExplanationOfBenefit?patient=Patient/{reg}-0", **bearer)
    assert search.status_code == 200
    assert [w for w, *_ in _logged(user)] == [
        "api_claim",
        "fhir_eob",
        "fhir_claim_response",
        "fhir_eob_search",
    ]
    assert {b for _, b, *_ in _logged(user)} == {claim.beneficiary_id}


def test_a_refused_read_is_not_logged_as_a_read(client, claim):
    user = _user("employeur", Role.CONTRIBUTIONS_OFFICER)
    client.force_login(user)
    assert client.get(reverse("portal:claims:statement", args=[claim.reference])).status_code == 403
    assert _logged(user) == []
