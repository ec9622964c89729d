"""Every role × the payments pages: payment officer (and auditor, fraud controller where it
must) allowed, other staff 403; the insured and provider spaces answer 404 to anyone else."""

import pytest
from django.urls import reverse

from openamo.portal.context import navigation
from tests.portal.test_permission_matrix import ALLOW, DENY, ROLES, _status, users  # noqa: F401

pytestmark = pytest.mark.django_db

PAGES = {
    "runs": ("portal:payments:runs", {"payment_officer", "auditor"}),
    "prepare": ("portal:payments:prepare", {"payment_officer"}),
    "holds": ("portal:payments:holds", {"payment_officer", "fraud_controller", "auditor"}),
    "insured_payments": ("portal:payments:insured", {"insured"}),
    "provider_payments": ("portal:payments:provider", {"provider"}),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_each_role_reaches_exactly_its_payments_pages(client, users, page):  # noqa: F811
    url_name, allowed = PAGES[page]
    outcomes = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        outcomes[role] = _status(client, url_name)
    assert outcomes == {role: ALLOW if role in allowed else DENY for role in ROLES}


def test_staff_without_the_permission_get_403_on_writes(client, users):  # noqa: F811
    client.force_login(users["claim_processor"])
    for name in ("run_issue", "run_settle_all", "run_returns"):
        assert client.post(reverse(f"portal:payments:{name}", args=["PAI-X"])).status_code == 403
    client.force_login(users["auditor"])
    assert client.post(reverse("portal:payments:prepare"), {}).status_code == 403
    assert client.post(reverse("portal:payments:hold_lift", args=[1])).status_code == 403
    response = client.post(reverse("portal:payments:holds"), {"target_kind": "member"})
    assert response.status_code == 200 and b"Poser l'opposition" not in response.content


def test_nav_shows_payments_to_whom_it_concerns(rf, users):  # noqa: F811
    expected = {
        "payment_officer": ["Lots de paiement", "Oppositions"],
        "fraud_controller": ["Oppositions"],
        "insured": ["Mes paiements"],
        "provider": ["Paiements"],
        "claim_processor": [],
    }
    for role, labels in expected.items():
        request = rf.get("/")
        request.user = users[role]
        entries = navigation(request)["nav_entries"]
        found = [e["label"] for e in entries if "/paiements/" in e["url"]]
        assert found == labels, role
