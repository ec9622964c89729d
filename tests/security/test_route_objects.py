"""Object routes with real objects: every role asks for an object that exists (the roles of
the rule reach it, the others get the rule's refusal), and each portal role asks for its own
object (reached) and another's (404, as if it did not exist)."""

from datetime import date

import pytest
from django.urls import reverse

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from tests.authorizations.builders import DAY
from tests.claims.db_builders import GP

from .probe import outcome
from .route_rules import ROUTES
from .route_world import ROLES, RolledBack, world_build


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker):
    """route → (own object's arguments, a foreign object's arguments or None)."""
    with django_db_blocker.unblock(), RolledBack():
        world, users = world_build()
        own = claim_adjudicate(claim=world.claim)
        foreign = claim_adjudicate(
            claim=claim_submit(
                beneficiary=world.family_b,
                channel="paper",
                deposit_date=date(2025, 3, 20),
                lines=[LineInput("act", "C", DAY, GP)],
            )
        )
        member_a, member_b = world.family_a.member, world.family_b.member
        claims = ([own.reference], [foreign.reference])
        cases = {
            "portal:insured_statement": claims,
            "portal:insured_statement_pdf": claims,
            "portal:mutuelle:claim": claims,
            "portal:mutuelle:claim_pdf": claims,
            "portal:mutuelle:member": (
                [member_a.registration_number],
                [member_b.registration_number],
            ),
            "portal:employer_declaration": ([world.declaration_1.pk], [world.declaration_2.pk]),
            "portal:broker:client": ([world.employer_1.pk], [world.employer_2.pk]),
            "portal:authorizations:detail": ([world.agreement.pk], None),
            "portal:claims:detail": ([own.reference], None),
            "portal:claims:statement": ([own.reference], None),
            "portal:claims:statement_pdf": ([own.reference], None),
            "portal:members:detail": ([member_a.pk], None),
            "portal:contributions:declaration": ([world.declaration_1.pk], None),
            "portal:fraud:family": ([member_a.pk], None),
        }
        yield users, cases


CASES = [
    "portal:insured_statement",
    "portal:insured_statement_pdf",
    "portal:mutuelle:claim",
    "portal:mutuelle:claim_pdf",
    "portal:mutuelle:member",
    "portal:employer_declaration",
    "portal:broker:client",
    "portal:authorizations:detail",
    "portal:claims:detail",
    "portal:claims:statement",
    "portal:claims:statement_pdf",
    "portal:members:detail",
    "portal:contributions:declaration",
    "portal:fraud:family",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_an_existing_object_is_reached_by_the_rules_roles_only(client, objects, name):
    users, cases = objects
    rule = ROUTES[name]
    own, foreign = cases[name]
    outcomes, expected = {}, {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        outcomes[role] = outcome(client.get(reverse(name, args=own)))
        if role == "anonymous":
            expected[role] = rule.anonymous
        else:
            expected[role] = "ok" if role in rule.allowed else rule.deny
    assert outcomes == expected
    if foreign is not None:  # the same portal role, another family's / employer's object
        for role in rule.allowed:
            client.force_login(users[role])
            assert client.get(reverse(name, args=foreign)).status_code == 404, role
