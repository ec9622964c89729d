"""Claim files sent in bulk as JSON Lines, and the batch command."""

import json
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from openamo.claims.intake import claims_intake
from openamo.claims.models import Claim, Statement
from tests.claims.db_builders import GP, family_create, providers_create, tariffs_create


@pytest.fixture
def member(cnops):
    tariffs_create()
    providers_create()
    return family_create(cnops)[0]


def record(member, **kw):
    data = {
        "registration_number": member.registration_number,
        "rank": 0,
        "channel": "mutuelle",
        "deposit_date": "2025-03-20",
        "lines": [{"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}],
    }
    data.update(kw)
    return json.dumps(data)


def test_a_file_with_bad_records_registers_nothing_and_names_each(member):
    content = "\n".join(
        [
            record(member),
            record(member, registration_number="000000000"),
            "{not json",
            record(
                member,
                lines=[
                    {"kind": "act", "code": "C", "care_date": "10/03/2025", "executor_inpe": GP}
                ],
            ),
            record(
                member,
                lines=[
                    {
                        "kind": "act",
                        "code": "C",
                        "care_date": "2025-03-10",
                        "executor_inpe": GP,
                        "coef": 2,
                    }
                ],
            ),
        ]
    ).encode()
    result = claims_intake(content=content)
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "registration_number"),
        (3, ""),
        (4, "lines.1.care_date"),
        (5, "lines.1.coef"),
    ]
    assert Claim.objects.count() == 0


def test_a_written_zero_quantity_is_refused_not_read_as_one(member):
    line = {"kind": "act", "code": "C", "care_date": "2025-03-10", "executor_inpe": GP}
    content = "\n".join(
        [
            record(member, lines=[{**line, "quantity": 0}]),
            record(member, lines=[{**line, "coefficient": "0"}]),
            record(member, lines=[{**line, "quantity": None, "coefficient": ""}]),
        ]
    ).encode()
    result = claims_intake(content=content)
    assert [(e.line, e.column) for e in result.errors] == [
        (1, "lines.1.quantity"),
        (2, "lines.1.coefficient"),
    ]
    assert Claim.objects.count() == 0


def test_every_bad_line_is_listed_even_past_a_line_refused_early(member):
    """A line refused on reading (a deeply nested one) no longer hides the lines refused at
    submission (a deposit date in the future): the answer names them all."""
    content = "\n".join(
        [record(member, deposit_date="2099-01-01"), record(member), "[" * 100_000]
    ).encode()
    result = claims_intake(content=content)
    assert [(e.line, e.column) for e in result.errors] == [(1, "deposit_date"), (3, "")]
    assert (result.registered, Claim.objects.count()) == (0, 0)


def test_a_file_sent_twice_registers_its_claims_once(member):
    content = "\n".join(
        [record(member, idempotency_key="mut-1"), record(member, idempotency_key="mut-2")]
    ).encode()
    first, second = claims_intake(content=content), claims_intake(content=content)
    assert (first.registered, first.skipped, second.registered, second.skipped) == (2, 0, 0, 2)
    assert Claim.objects.count() == 2


def test_the_batch_command_adjudicates_a_file(member, tmp_path, capsys):
    path = tmp_path / "dossiers.jsonl"
    path.write_text(
        record(member)
        + "\n"
        + record(
            member,
            lines=[
                {
                    "kind": "act",
                    "code": "K",
                    "coefficient": "50",
                    "care_date": "2025-03-11",
                    "executor_inpe": GP,
                }
            ],
        )
    )
    call_command("adjudicate", file=str(path), quiet=True)
    out = capsys.readouterr().out
    assert "2 dossier(s) enregistré(s)" in out and "2 dossier(s), 2 ligne(s)" in out
    assert sorted(Statement.objects.values_list("total_reimbursed", flat=True)) == [
        D("64.00"),
        D("900.00"),
    ]
    with pytest.raises(CommandError):
        call_command("adjudicate", file=str(tmp_path / "absent.jsonl"), quiet=True)
