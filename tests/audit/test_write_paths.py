"""Every public service of the audited apps leaves its audit entry, with old → new values.

The test walks the services modules: each public function must appear in CASES (a call that
writes, and the field expected to move) or in NOT_WRITES (pure helpers). A new service
without a case fails `test_every_service_has_a_case`; a case whose write leaves no entry, or
an entry without the expected old → new values, fails `test_the_write_leaves_its_entry`."""

import importlib
import inspect
from datetime import date, timedelta

import pytest

from openamo.audit.models import AuditEntry
from openamo.audit.services import _jsonable, audit_verify
from tests.audit import cases

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(frozen_day):
    """The payments builders work on the fixed test day, whatever the wall clock says."""
    return frozen_day


MODULES = [
    "openamo.claims.services",
    "openamo.claims.intake",
    "openamo.authorizations.services",
    "openamo.authorizations.invoicing",
    "openamo.payments.services.holds",
    "openamo.payments.services.returns",
    "openamo.payments.services.runs",
    "openamo.payments.services.settle",
    "openamo.members.services",
    "openamo.members.rib",
]
NOT_WRITES = {
    "openamo.claims.services.line_problems",
    "openamo.authorizations.services.yearly_end",
    "openamo.payments.services.settle.check_date",
    "openamo.payments.services.settle.answer_problem",
    "openamo.members.services.name_key",
    "openamo.members.services.luhn_digit",
    "openamo.members.services.registration_number_next",
    "openamo.members.services.scheme_rules",
    "openamo.members.services.family_history",
}


def public_services() -> list[str]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__module__ == name:
                found.append(f"{name}.{attr}")
    return sorted(found)


def test_every_service_has_a_case():
    missing = [s for s in public_services() if s not in cases.CASES and s not in NOT_WRITES]
    assert missing == [], f"services sans cas d'audit : {missing}"
    assert set(cases.CASES) <= set(public_services())


@pytest.mark.parametrize("service", sorted(cases.CASES))
def test_the_write_leaves_its_entry(admitted, service):
    world = cases.World.make(admitted)
    prepare, act = cases.CASES[service]
    state = prepare(world)
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    obj, field, old, new = act(world, state)
    entries = AuditEntry.objects.filter(
        id__gt=start, object_type__model=obj._meta.model_name, object_id=str(obj.pk)
    )
    assert entries.count() == 1, [e.changes for e in entries]
    entry = entries.get()
    assert entry.changes[field] == _jsonable({field: [old, new]})[field]
    assert entry.actor_label == cases.AUTHORS.get(service, "agent")
    assert audit_verify() is None


def test_a_batch_run_writes_one_entry_per_claim_in_one_insert(admitted):
    world = cases.World.make(admitted)
    claims = [
        cases.claim_received(world, day=date(2025, 3, 1) + timedelta(days=n)) for n in range(5)
    ]
    from openamo.claims.services import claims_adjudicate_pending

    run = claims_adjudicate_pending(source="test", reason="campagne")
    assert run.claims == 5
    entries = AuditEntry.objects.filter(object_type__model="claim", action="transition")
    assert sorted(int(e.object_id) for e in entries) == sorted(c.pk for c in claims)
    entry = entries.first()
    assert entry.changes["status"] == ["received", "adjudicated"]
    assert entry.changes["statement_version"] == [None, 1]
    assert entry.changes["outcome"] == [None, "accepted"]
    assert entry.changes["total_reimbursed"] == [None, "64.00"]
    assert entry.actor_label == f"traitement automatique ({run})"
    assert len({e.created_at for e in entries}) == 1  # one chunk, one write
