"""Two families, the first with a rejected claim, an insured login and a complaints agent."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from openamo.claims.models import Claim
from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create
from tests.members.helpers import member_make


@dataclass
class World:
    member: object
    other: object
    rejected: Claim
    others_claim: Claim
    insured: object
    agent: object


def _claim(beneficiary, care_date) -> Claim:
    claim = claim_submit(
        beneficiary=beneficiary,
        channel="paper",
        deposit_date=date(2025, 3, 20),
        lines=[LineInput(kind="act", code="C", care_date=care_date, executor_inpe=GP)],
    )
    return claim_adjudicate(claim=claim)


@pytest.fixture
def world(cnops):
    tariffs_create()
    providers_create()
    roles_sync()
    mine, _child = family_create(cnops)
    other = member_make(cnops, cin="ZZ998877", last_name="Tazi", first_name="Omar")
    # care two years before the deposit: out of the filing delay, the line is rejected
    rejected = _claim(mine, date(2023, 3, 10))
    others_claim = _claim(other.beneficiaries.get(rank=0), date(2025, 3, 10))
    users = get_user_model().objects
    insured = users.create_user("assure", password="Assure-pw-2026")
    PortalAccess.objects.create(user=insured, role="insured", member=mine.member)
    agent = users.create_user("agent", password="Agent-pw-2026", first_name="Salma")
    user_role_grant(user=agent, role=Role.COMPLAINTS_AGENT)
    return World(mine.member, other, rejected, others_claim, insured, agent)


from tests.documents.conftest import document_files  # noqa: E402, F401 (files under tmp_path)
