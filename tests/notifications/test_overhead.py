"""The single-claim path pays one SQL statement for its message (the insert; the content type
is cached), and the batch one statement per chunk whatever its size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openamo.claims.adjudication import statements_write
from openamo.claims.loading import providers_load, tariffs_load
from openamo.claims.services import LineInput, claim_submit
from openamo.notifications.models import Notification
from tests.claims.db_builders import GP
from tests.payments.builders import DAY

pytestmark = pytest.mark.django_db


def _claims(beneficiary, n):
    return [
        claim_submit(
            beneficiary=beneficiary,
            channel="paper",
            deposit_date=DAY + timedelta(days=5),
            lines=[
                LineInput(kind="act", code="C", care_date=DAY - timedelta(days=k), executor_inpe=GP)
            ],
        ).pk
        for k in range(n)
    ]


def _statements(ids, notify):
    tariffs, providers = tariffs_load(), providers_load()
    with CaptureQueriesContext(connection) as queries:
        statements_write(
            ids, tariffs=tariffs, providers=providers, now=timezone.now(), notify=notify
        )
    return len(queries)


def test_one_statement_per_claim_alone_and_per_chunk_in_batch(fund, frozen_day):
    member, _child = fund
    first, second, *batch = _claims(member, 12)
    _statements([first], notify=True)  # warms the content type cache
    Notification.objects.all().delete()
    without = _statements([second], notify=False)
    third = _claims(member, 1)
    with_message = _statements(third, notify=True)
    # PostgreSQL writes the rows by COPY, which Django's query log does not see
    one = 0 if connection.vendor == "postgresql" else 1
    assert with_message - without == one
    batch_without = _statements(batch[:5], notify=False)
    batch_with = _statements(batch[5:], notify=True)
    assert batch_with - batch_without == one
    assert Notification.objects.count() == 1 + 5
