"""The triggers that bump `ReferentialStamp` in the transaction of any referential write.

A trigger, not a Django signal: it also sees bulk inserts, queryset updates and deletes, imports
and raw SQL, and it runs inside the writing statement, so a reader never sees a changed row with
the old token. PostgreSQL: one statement-level trigger per table (a bulk import bumps once per
statement); SQLite: row-level (the only kind it has).
"""

STAMP = "referentials_referentialstamp"
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
# every referential table the engine, the fraud rules or the authorisations may cache
TABLES = (
    "referentials_aldcondition",
    "referentials_authorizationtype",
    "referentials_city",
    "referentials_codebundle",
    "referentials_coderestriction",
    "referentials_contributionrate",
    "referentials_controlparameter",
    "referentials_controlrulesetting",
    "referentials_delegation",
    "referentials_device",
    "referentials_deviceforfait",
    "referentials_documenttype",
    "referentials_letterkey",
    "referentials_letterkeyvalue",
    "referentials_medicine",
    "referentials_medicineprice",
    "referentials_provider",
    "referentials_region",
    "referentials_reimbursementrate",
    "referentials_requireddocument",
    "referentials_scheme",
    "referentials_schemeparameter",
    "referentials_tariffforfait",
    "referentials_tariffforfaitvalue",
)
PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION referentials_stamp_bump() RETURNS trigger AS $$
BEGIN
    INSERT INTO {STAMP} (id, counter, token)
    VALUES (1, 1, md5(random()::text || clock_timestamp()::text))
    ON CONFLICT (id) DO UPDATE
    SET counter = {STAMP}.counter + 1, token = EXCLUDED.token;
    RETURN NULL;
END $$ LANGUAGE plpgsql"""
SQLITE_BUMP = (
    f"INSERT OR REPLACE INTO {STAMP} (id, counter, token) VALUES (1, "
    f"COALESCE((SELECT counter FROM {STAMP} WHERE id = 1), 0) + 1, lower(hex(randomblob(16))))"
)


def trigger_name(table: str, operation: str = "") -> str:
    return (
        f"stamp_{table.removeprefix('referentials_')}{'_' + operation.lower() if operation else ''}"
    )


def create_statements(vendor: str, tables=TABLES) -> list[str]:
    if vendor == "postgresql":
        return [PG_FUNCTION] + [
            f'CREATE TRIGGER {trigger_name(t)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{t}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION referentials_stamp_bump()"
            for t in tables
        ]
    return [
        f'CREATE TRIGGER {trigger_name(t, op)} AFTER {op} ON "{t}" BEGIN {SQLITE_BUMP}; END'
        for t in tables
        for op in OPERATIONS
    ]


def drop_statements(vendor: str, tables=TABLES) -> list[str]:
    if vendor == "postgresql":
        return [f'DROP TRIGGER IF EXISTS {trigger_name(t)} ON "{t}"' for t in tables] + [
            "DROP FUNCTION IF EXISTS referentials_stamp_bump()"
        ]
    return [f"DROP TRIGGER IF EXISTS {trigger_name(t, op)}" for t in tables for op in OPERATIONS]


def triggers_create(apps, schema_editor) -> None:
    for sql in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)
    apps.get_model("referentials", "ReferentialStamp").objects.get_or_create(
        pk=1, defaults={"token": "initial"}
    )


def triggers_drop(apps, schema_editor) -> None:
    for sql in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def triggers_ensure(sender, using="default", **kwargs) -> None:
    """After every `migrate`: the triggers put back on every table. SQLite rebuilds a table for
    most column changes (a later migration's new field) and the rebuilt table has no trigger;
    dropping and creating them again is idempotent and keeps the stamp complete."""
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if STAMP not in tables:
        return
    present = tuple(t for t in TABLES if t in tables)
    with connection.cursor() as cursor:
        for sql in drop_statements(connection.vendor, present):
            cursor.execute(sql)
        for sql in create_statements(connection.vendor, present):
            cursor.execute(sql)
