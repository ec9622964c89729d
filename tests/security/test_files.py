"""Finding 6: the bank transfer file neutralises spreadsheet formulas; the SQLite database and
the local state directory are private to the service's account."""

import csv
import io
import os
import stat
import subprocess
import sys
from decimal import Decimal

from openamo.payments.bankfile import Transfer, transfer_file


def test_formulas_in_the_bank_transfer_file_are_kept_as_text():
    text = transfer_file(
        run_reference="=cmd|' /C calc'!A0",
        payer_name="@SUM(1+1)",
        payer_rib="011780000012345678901234",
        transfers=[
            Transfer(
                "VIR-1",
                "007780000099887766554403",
                '=HYPERLINK("http://x","y")',
                Decimal("10"),
                "+33",
            ),
            Transfer("VIR-2", "007780000099887766554403", "-2+3", Decimal("5.5"), "Remboursement"),
        ],
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert rows[1][4] == '\'=HYPERLINK("http://x","y")' and rows[1][6] == "'+33"
    assert rows[2][4] == "'-2+3" and rows[1][1] == "'@SUM(1+1)"
    assert rows[1][5] == "10.00" and rows[3][5] == "15.50"  # amounts stay numbers


def test_the_sqlite_database_and_the_var_directory_are_private(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(OPENAMO_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="openamo.config.settings")
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.cursor().execute('create table t (x int)')"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    database = var / "openamo.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE((var / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
