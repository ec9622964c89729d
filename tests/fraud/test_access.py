"""Only the fraud controller (and a superuser) reaches the 360° views and the cases; the
payments pages cannot lift a suspension decided on a case."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.fraud import services
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.authorizations.builders import CLINIC, provider
from tests.fraud.builders import alert_make, controller

pytestmark = pytest.mark.django_db
OTHER_STAFF = [
    r
    for r in Role
    if r not in (Role.FRAUD_CONTROLLER, Role.INSURED, Role.PROVIDER, Role.EMPLOYER, Role.BROKER)
    and r != Role.MUTUELLE_AGENT
]


@pytest.fixture
def pages(fund):
    member, _ = fund
    user = controller()
    case = services.case_open(
        title="Contrôle", alerts=[alert_make(provider=provider(CLINIC))], by=user
    )
    return (
        user,
        [
            reverse("portal:fraud:family", args=[member.member_id]),
            reverse("portal:fraud:provider", args=[CLINIC]),
            reverse("portal:fraud:group", args=["type", "clinic"]),
            reverse("portal:fraud:case", args=[case.reference]),
        ],
        case,
    )


def test_only_the_controller_and_a_superuser_reach_the_pages(client, pages):
    user, urls, _ = pages
    roles_sync()
    for role in OTHER_STAFF:
        other = get_user_model().objects.create_user(f"u-{role.value}", password="x")
        user_role_grant(user=other, role=role)
        client.force_login(other)
        assert {client.get(url).status_code for url in urls} == {403}, role
    for who in (user, get_user_model().objects.create_superuser("root", password="x")):
        client.force_login(who)
        assert {client.get(url).status_code for url in urls} == {200}


def test_suspension_lifted_from_the_case_page_only_with_a_decision(client, pages):
    user, _, case = pages
    suspension = services.case_suspend(case=case, provider=provider(CLINIC), by=user)
    client.force_login(user)
    hold_lift = reverse("portal:payments:hold_lift", args=[suspension.hold.pk])
    client.post(hold_lift, {"reason": "fin du contrôle"})
    lift = reverse("portal:fraud:suspension_lift", args=[case.reference, suspension.pk])
    client.post(lift, {"text": ""})
    suspension.hold.refresh_from_db()
    assert suspension.hold.lifted_at is None
    client.post(lift, {"text": "Contrôle sur place concluant"})
    suspension.hold.refresh_from_db()
    assert suspension.hold.lifted_at is not None
    assert case.events.filter(kind="decision", text="Contrôle sur place concluant").exists()
