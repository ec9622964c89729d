"""The REST API's permission matrix: a bearer token of each role against each endpoint —
allowed where it must be, 403 for a kind of object out of the role's reach, 404 for an object
of another owner (another clinic's claim, another family, another employer)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.world import world_create
from tests.authorizations.builders import DAY
from tests.claims.db_builders import GP, PHARMACY

pytestmark = pytest.mark.django_db
ROLES = [
    "gp",
    "clinic",
    "other_clinic",
    "pharmacy",
    "insured_a",
    "insured_b",
    "employer_1",
    "employer_2",
    "broker",
    "mutuelle",
    "processor",
    "reviewer",
    "contributions",
    "payments",
    "analyst",
    "nobody",
]


@pytest.fixture
def world(cnops):
    return world_create(cnops)


def _table(spec: str) -> dict[str, int]:
    """'gp=200 clinic=404 …' with every other role 403."""
    table = dict.fromkeys(ROLES, 403)
    table.update({k: int(v) for k, v in (pair.split("=") for pair in spec.split())})
    return table


def claim_body(w, executor=GP):
    return {
        "registration_number": w.family_a.registration_number,
        "rank": 0,
        "deposit_date": "2025-03-20",
        "lines": [
            {"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": executor}
        ],
    }


def request_body(w):
    start = DAY + timedelta(days=30)
    return {
        "registration_number": w.family_b.registration_number,
        "authorization_type": "CHIR",
        "diagnosis": "K35.8",
        "planned_start": start.isoformat(),
        "planned_end": (start + timedelta(days=2)).isoformat(),
        "acts": [{"kind": "forfait", "code": "CHIR-APP", "charged": "6000"}],
        "documents": [{"document_type": c} for c in ("DEMANDE", "DEVIS", "CR_MED")],
    }


def batch_body(w, number):
    line = {"kind": "forfait", "code": "CHIR-APP", "care_date": "2025-03-10", "charged": "6000"}
    return {
        "invoices": [
            {
                "agreement": w.agreement.reference,
                "number": number,
                "issued_on": "2025-03-13",
                "lines": [line],
            }
        ]
    }


def declaration_body(w, employer_id=None):
    period = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    worker = w.declaration_1.lines.get().member
    line = {"registration_number": worker.registration_number, "gross_salary": "10000", "days": 26}
    return {"employer_id": employer_id, "period": period, "lines": [line]}


READS = {
    "claim": (
        lambda w: f"/api/v1/claims/{w.claim.reference}",
        "gp=200 insured_a=200 mutuelle=200 processor=200 reviewer=200 payments=200 analyst=200 "
        "clinic=404 other_clinic=404 pharmacy=404 insured_b=404",
    ),
    "claim_pdf": (
        lambda w: f"/api/v1/claims/{w.claim.reference}/statement.pdf",  # no statement yet: 404
        "gp=404 insured_a=404 mutuelle=404 processor=404 reviewer=404 payments=404 analyst=404 "
        "clinic=404 other_clinic=404 pharmacy=404 insured_b=404",
    ),
    "request": (
        lambda w: f"/api/v1/authorizations/requests/{w.agreement.reference}",
        "clinic=200 insured_a=200 reviewer=200 payments=200 "
        "gp=404 other_clinic=404 pharmacy=404 insured_b=404",
    ),
    "batch": (
        lambda w: f"/api/v1/authorizations/invoice-batches/{w.batch.reference}",
        "clinic=200 reviewer=200 payments=200 gp=404 other_clinic=404 pharmacy=404",
    ),
    "declaration": (
        lambda w: f"/api/v1/contributions/declarations/{w.declaration_1.pk}",
        "employer_1=200 broker=200 contributions=200 analyst=200 employer_2=404",
    ),
    "other_declaration": (
        lambda w: f"/api/v1/contributions/declarations/{w.declaration_2.pk}",
        "employer_2=200 contributions=200 analyst=200 employer_1=404 broker=404",
    ),
    "calls": (
        lambda w: f"/api/v1/contributions/employers/{w.employer_1.pk}/calls",
        "employer_1=200 broker=200 contributions=200 analyst=200 employer_2=404",
    ),
    "eligibility": (
        lambda w: (
            "/api/v1/members/eligibility?care_category=consultation&date=2025-03-10"
            f"&registration_number={w.family_a.registration_number}"
            f"&birth_date={w.family_a.birth_date}"
        ),
        "gp=200 clinic=200 other_clinic=200 pharmacy=200 insured_a=200 mutuelle=200 "
        "processor=200 reviewer=200 contributions=200 insured_b=404",
    ),
    "eligibility_b": (
        lambda w: (
            "/api/v1/members/eligibility?care_category=consultation&date=2025-03-10"
            f"&registration_number={w.family_b.registration_number}"
            f"&birth_date={w.family_b.birth_date}"
        ),
        "gp=200 clinic=200 other_clinic=200 pharmacy=200 insured_b=200 processor=200 "
        "reviewer=200 contributions=200 insured_a=404 mutuelle=404",
    ),
}


@pytest.mark.parametrize("endpoint", READS)
def test_reads_by_role(client, world, endpoint):
    url, spec = READS[endpoint]
    expected = _table(spec)
    got = {role: client.get(url(world), **world.tokens[role]).status_code for role in ROLES}
    assert got == expected


LISTS = {
    "/api/v1/claims/": "gp=1 pharmacy=0 clinic=0 other_clinic=0 insured_a=1 insured_b=0 "
    "mutuelle=1 processor=1 reviewer=1 payments=1 analyst=1",
    "/api/v1/authorizations/requests": "clinic=1 other_clinic=0 gp=0 pharmacy=0 insured_a=1 "
    "insured_b=0 reviewer=1 payments=1",
    "/api/v1/authorizations/invoice-batches": "clinic=1 other_clinic=0 gp=0 pharmacy=0 "
    "reviewer=1 payments=1",
    "/api/v1/authorizations/invoices": "clinic=1 other_clinic=0 gp=0 pharmacy=0 reviewer=1 "
    "payments=1",
    "/api/v1/contributions/declarations": "employer_1=1 employer_2=1 broker=1 contributions=2 "
    "analyst=2",
}


@pytest.mark.parametrize("url", LISTS)
def test_lists_hold_only_what_the_role_may_see(client, world, url):
    counts = {k: int(v) for k, v in (p.split("=") for p in LISTS[url].split())}
    for role in ROLES:
        response = client.get(url, **world.tokens[role])
        if role in counts:
            assert response.status_code == 200, (role, response.content)
            assert response.json()["count"] == counts[role], role
        else:
            assert response.status_code == 403, role
            assert response.json() == {"detail": "accès refusé"}


def test_a_list_never_shows_another_owners_rows(client, world):
    seen = client.get("/api/v1/claims/", **world.tokens["insured_a"]).json()["items"]
    assert [c["reference"] for c in seen] == [world.claim.reference]
    mine = client.get("/api/v1/contributions/declarations", **world.tokens["employer_2"]).json()
    assert [d["id"] for d in mine["items"]] == [world.declaration_2.pk]


def _post(client, url, body, token):
    return client.post(url, json.dumps(body), content_type="application/json", **token)


def test_who_may_submit_what(client, world):
    t, w = world.tokens, world
    claims = {r: _post(client, "/api/v1/claims/", claim_body(w), t[r]).status_code for r in ROLES}
    # a provider submits only the lines it executed: another executor is a 400 on the line
    assert claims == _table("gp=201 processor=201 clinic=400 other_clinic=400 pharmacy=400")
    refused = _post(client, "/api/v1/claims/", claim_body(w, executor=GP), t["pharmacy"])
    assert list(refused.json()["errors"]) == ["lines.1.executor_inpe"]
    assert (
        _post(client, "/api/v1/claims/", claim_body(w, PHARMACY), t["pharmacy"]).status_code == 201
    )
    url = "/api/v1/authorizations/requests"
    requests = {r: _post(client, url, request_body(w), t[r]).status_code for r in ROLES}
    assert requests == _table("clinic=201 other_clinic=201 gp=201 pharmacy=201")
    url = "/api/v1/authorizations/invoice-batches"
    batches = {r: _post(client, url, batch_body(w, f"F-{r}"), t[r]).status_code for r in ROLES}
    assert batches == _table("clinic=201 other_clinic=400 gp=400 pharmacy=400")
    unknown = _post(client, url, batch_body(w, "F-x"), t["other_clinic"]).json()
    assert "inconnue pour Clinique des Orangers" in unknown["errors"]["invoices.1.agreement"][0]


def test_declarations_are_submitted_for_ones_own_employer(client, world):
    t, w, url = world.tokens, world, "/api/v1/contributions/declarations"
    other = _post(client, url, declaration_body(w, w.employer_2.pk), t["employer_1"])
    assert other.status_code == 404 and other.json() == {"detail": "employeur introuvable"}
    own = _post(client, url, declaration_body(w), t["employer_1"])
    assert own.status_code == 201 and own.json()["employer_id"] == w.employer_1.pk
    for role in ("broker", "gp", "insured_a", "processor", "nobody"):
        assert _post(client, url, declaration_body(w, w.employer_1.pk), t[role]).status_code == 403
    staff = _post(client, url, declaration_body(w), t["contributions"])
    assert staff.status_code == 400 and "employer_id" in staff.json()["errors"]
