"""Two runs prepared at the same moment (PostgreSQL, two connections): one takes every claim,
the other finds nothing left; no claim is in two orders."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from openamo.payments import services
from openamo.payments.models import PaymentItem, PaymentRun
from tests.payments.builders import TODAY
from tests.payments.test_services import families  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_never_pay_a_claim_twice(families):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises the database)")
    start, outcomes = threading.Barrier(2), []

    def prepare():
        try:
            start.wait()
            run = services.payment_run_prepare(kind="insured", cut_off=TODAY, by=None)
            outcomes.append(("run", run.item_count))
        except ValidationError as exc:
            outcomes.append(("refused", exc.message_dict["cut_off"][0]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=prepare) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["refused", "run"]
    assert PaymentRun.objects.count() == 1
    assert PaymentItem.objects.count() == 3
    assert PaymentItem.objects.values("claim").distinct().count() == 3
