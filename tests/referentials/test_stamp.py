"""Every write of a referential row changes the referential stamp, in its own transaction,
whatever the path: ORM save, bulk insert, queryset update and delete, the import service."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.db import connection, transaction

from openamo.referentials import models as ref
from openamo.referentials.cache import stamp_read
from openamo.referentials.services import SAMPLE_DIR, referential_import
from openamo.referentials.stamp_sql import TABLES

pytestmark = pytest.mark.django_db

START = date(2006, 9, 1)


def _changes(action) -> bool:
    before = stamp_read()
    action()
    return stamp_read() != before


def test_every_referential_table_has_its_trigger():
    tables = {
        m._meta.db_table
        for m in apps.get_app_config("referentials").get_models()
        if not m._meta.db_table.startswith("referentials_historical")
        and m is not ref.ReferentialStamp
    }
    assert tables == set(TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE t.tgname LIKE 'stamp_%%'"
            )
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        assert set(TABLES) <= {row[0] for row in cursor.fetchall()}


def test_each_write_path_changes_the_stamp():
    key = ref.LetterKey.objects.create(code="C", label="Consultation", care_category="consultation")
    assert _changes(
        lambda: ref.LetterKeyValue.objects.create(letter_key=key, value=D(80), valid_from=START)
    )
    assert _changes(
        lambda: ref.LetterKeyValue.objects.bulk_create(
            [ref.LetterKeyValue(letter_key=key, sector="public", value=D(70), valid_from=START)]
        )
    )
    assert _changes(lambda: ref.LetterKeyValue.objects.filter(sector="public").update(value=75))
    assert _changes(lambda: ref.LetterKeyValue.objects.filter(sector="public").delete())
    assert not _changes(lambda: ref.LetterKeyValue.objects.filter(sector="none").count())


def test_the_import_service_changes_the_stamp():
    content = (SAMPLE_DIR / "lettres_cles.csv").read_bytes()
    before = stamp_read()
    result = referential_import(name="lettres-cles", filename="lettres_cles.csv", content=content)
    assert result.ok and result.created and stamp_read() != before


def test_a_rolled_back_change_never_brings_back_a_token_seen_inside_it():
    ref.Region.objects.create(code="R98", name="Région témoin")  # the stamp row exists
    before = stamp_read()
    with transaction.atomic():
        ref.Region.objects.create(code="R99", name="Région essai")
        inside = stamp_read()
        transaction.set_rollback(True)
    assert inside != before and stamp_read() == before
    ref.Region.objects.create(code="R99", name="Région essai")
    assert stamp_read() not in (before, inside)
