"""A clinic with a bearer token and a page login, and a family whose member has an ALD
exemption: what the eligibility security tests ask about."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from openamo.api.auth import api_token_create
from openamo.authorizations.models import ProviderAccess
from openamo.members import services
from openamo.members.selectors import scheme_rates_cache_clear
from openamo.referentials.models import Provider
from tests.claims.db_builders import CLINIC, family_create, providers_create, tariffs_create
from tests.members.helpers import condition_make

DIAGNOSIS = ("ALD8", "Diabète", "E10")


@pytest.fixture
def family(cnops):
    """(member, child) beneficiaries; the member has a lifetime ALD8 exemption."""
    scheme_rates_cache_clear()
    tariffs_create()
    providers_create()
    member, child = family_create(cnops)
    services.ald_exemption_grant(
        beneficiary=member,
        condition=condition_make("ALD8", lifetime=True),
        starts_on=date(2020, 1, 1),
    )
    yield member, child
    scheme_rates_cache_clear()


def provider_user(name, inpe=CLINIC):
    user = get_user_model().objects.create_user(name, password="Clinique-pw-2026")
    ProviderAccess.objects.create(user=user, provider=Provider.objects.get(inpe=inpe))
    return user


def bearer_of(user, name="logiciel"):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name=name)[1]}"}


@pytest.fixture
def clinic(family):
    return provider_user("clinique")


@pytest.fixture
def clinic_bearer(clinic):
    return bearer_of(clinic)
