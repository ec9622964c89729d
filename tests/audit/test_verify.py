"""`openamo audit_verify`: OK with the count on an intact chain; the first tampered entry named
(id, date, object) with a non-zero exit; a deleted tail detected through the chain's head."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from openamo.audit.models import AuditEntry
from openamo.audit.services import Change, audit_chain_check, audit_write, audit_write_many
from openamo.members.models import Employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(cnops):
    employers = [
        Employer.objects.create(name=f"Société {n}", kind="company", scheme=cnops) for n in range(5)
    ]
    for employer in employers[:2]:
        audit_write(obj=employer, action="create", changes={"name": [None, employer.name]})
    audit_write_many(
        changes=[Change(e, "update", {"name": [e.name, e.name + " SA"]}) for e in employers[2:]]
    )
    return list(AuditEntry.objects.order_by("id"))


def _verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_an_intact_chain_is_ok_with_its_count(chain):
    assert _verify() == "OK : 5 entrée(s) vérifiée(s), chaîne intègre.\n"


def test_an_empty_trail_is_ok(db):
    assert _verify().startswith("OK : 0 entrée(s)")


def test_a_tampered_entry_is_named_and_the_command_fails(chain):
    victim = chain[2]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET changes = %s WHERE id = %s",
            ['{"name": ["Société 2", "Société fantôme"]}', victim.pk],
        )
    with pytest.raises(CommandError) as error:
        _verify()
    when = timezone.localtime(victim.created_at)
    message = str(error.value)
    assert f"entrée n° {victim.pk} du {when:%d/%m/%Y %H:%M:%S}" in message
    assert "« Société 2 »" in message
    assert "2 entrée(s) intègre(s) avant elle" in message


def test_a_changed_author_is_caught_too(chain):
    AuditEntry.objects.filter(pk=chain[0].pk).update(actor_label="quelqu'un d'autre")
    assert audit_chain_check().broken.pk == chain[0].pk


def test_a_deleted_last_entry_is_detected_by_the_head(chain):
    AuditEntry.objects.filter(pk=chain[-1].pk).delete()
    with pytest.raises(CommandError, match="tronqué"):
        _verify()


def test_a_deleted_middle_entry_breaks_the_next_one(chain):
    AuditEntry.objects.filter(pk=chain[1].pk).delete()
    assert audit_chain_check().broken.pk == chain[2].pk
