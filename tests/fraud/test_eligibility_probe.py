"""A burst of eligibility misses by one provider raises one `eligibility_probe` alert per
provider and window; the threshold is a dated scheme parameter, else the setting."""

# ruff: noqa: F811  (fixtures imported from a shared module are named as arguments)

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import override_settings

from openamo.audit.models import AccessLog
from openamo.fraud.models import Alert
from openamo.fraud.probe import ProbeThreshold, probe_finding, probe_window, threshold_parse
from openamo.fraud.probe_alerts import eligibility_probe_record, probe_threshold
from openamo.referentials.models import ParameterCode, Provider, SchemeParameter
from tests.api.eligibility_fixtures import (  # noqa: F401  (fixtures)
    bearer_of,
    clinic,
    clinic_bearer,
    family,
    provider_user,
)
from tests.claims.db_builders import CLINIC, PHARMACY

URL = "/api/v1/members/eligibility"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def miss(client, bearer, n=0):
    query = {"care_category": "consultation", "date": "2025-03-10"}
    query |= {"registration_number": f"{900000000 + n}", "birth_date": "1980-05-10"}
    response = client.get(URL, query, **bearer)
    assert response.status_code == 200 and response.json()["beneficiary"] is None
    return response


def test_windows_are_aligned_on_the_clock_and_the_threshold_is_strict():
    assert probe_window(NOON + timedelta(minutes=7), 60) == (NOON, NOON + timedelta(hours=1))
    assert probe_window(NOON + timedelta(minutes=7), 5)[0] == NOON + timedelta(minutes=5)
    assert threshold_parse("20/60") == ProbeThreshold(20, 60)
    window = probe_window(NOON, 60)
    args = {"inpe": CLINIC, "provider_name": "Clinique", "hits": 2, "window": window}
    assert probe_finding(misses=3, threshold=ProbeThreshold(3, 60), **args) is None
    found = probe_finding(misses=4, threshold=ProbeThreshold(3, 60), **args)
    assert found.dedup_key == f"eligibility_probe:{CLINIC}:20260302T1200Z"
    assert found.evidence["misses"] == 4 and found.evidence["tolerated"] == 3
    assert "4 personnes introuvables" in found.explanation and 0.5 < found.score <= 1


@pytest.mark.django_db
@override_settings(ELIGIBILITY_PROBE="3/60", ELIGIBILITY_RATE="1000/minute")
def test_a_burst_of_misses_raises_one_alert_per_window(client, family, clinic_bearer):
    member, _ = family
    for n in range(3):
        miss(client, clinic_bearer, n)
    client.get(  # a hit is not a miss
        URL,
        {
            "care_category": "consultation",
            "registration_number": member.registration_number,
            "birth_date": "1980-05-10",
        },
        **clinic_bearer,
    )
    assert not Alert.objects.exists()
    for n in range(3, 8):
        miss(client, clinic_bearer, n)
    alert = Alert.objects.get()
    assert (alert.detector, alert.reason_code) == ("eligibility_probe", "eligibility_misses_burst")
    assert alert.provider.inpe == CLINIC and alert.status == "new"
    assert alert.evidence["misses"] == 4 and alert.evidence["hits"] == 1
    assert "personnes introuvables" in alert.explanation
    assert alert.dedup_key.startswith(f"eligibility_probe:{CLINIC}:")


@pytest.mark.django_db
@override_settings(ELIGIBILITY_PROBE="2/60")
def test_the_next_window_raises_a_new_alert_and_other_providers_are_apart(family):
    clinic = Provider.objects.get(inpe=CLINIC)

    def log(at, inpe=CLINIC, count=3):
        for _ in range(count):
            AccessLog.objects.create(
                created_at=at,
                actor_label="x",
                provider_inpe=inpe,
                what="eligibility",
                where=URL,
                found=False,
            )

    log(NOON + timedelta(minutes=10))
    log(NOON + timedelta(minutes=10), inpe=PHARMACY, count=2)
    first = eligibility_probe_record(provider=clinic, now=NOON + timedelta(minutes=11))
    assert first is not None
    assert eligibility_probe_record(provider=clinic, now=NOON + timedelta(minutes=12)) is None
    pharmacy = Provider.objects.get(inpe=PHARMACY)
    assert eligibility_probe_record(provider=pharmacy, now=NOON + timedelta(minutes=12)) is None
    later = NOON + timedelta(hours=1, minutes=5)
    assert eligibility_probe_record(provider=clinic, now=later) is None  # a fresh window
    log(later)
    second = eligibility_probe_record(provider=clinic, now=later)
    assert second is not None and second.dedup_key != first.dedup_key
    assert Alert.objects.count() == 2


@pytest.mark.django_db
@override_settings(ELIGIBILITY_PROBE="50/60", ELIGIBILITY_RATE="1000/minute")
def test_the_dated_scheme_parameter_sets_the_threshold(client, cnops, family, clinic_bearer):
    for code, value in (
        (ParameterCode.ELIGIBILITY_PROBE_MISSES, 1),
        (ParameterCode.ELIGIBILITY_PROBE_WINDOW_MINUTES, 30),
    ):
        SchemeParameter.objects.create(
            scheme=cnops, code=code, value=value, valid_from=date(2020, 1, 1)
        )
    assert probe_threshold(date(2026, 3, 2)) == ProbeThreshold(1, 30)
    assert probe_threshold(date(2019, 3, 2)) == ProbeThreshold(50, 60)
    miss(client, clinic_bearer, 1)
    assert not Alert.objects.exists()
    miss(client, clinic_bearer, 2)
    assert Alert.objects.get().evidence["window_minutes"] == 30


@pytest.mark.django_db
@override_settings(ELIGIBILITY_PROBE="1/60", ELIGIBILITY_RATE="1000/minute")
def test_staff_misses_raise_nothing(client, family, admin_user):
    staff = bearer_of(admin_user)
    for n in range(4):
        client.get(
            URL, {"care_category": "consultation", "registration_number": f"90000000{n}"}, **staff
        )
    assert AccessLog.objects.filter(found=False, provider_inpe="").count() == 4
    assert not Alert.objects.exists()
