"""Fast bulk inserts for the batch paths: COPY on PostgreSQL, bulk_create elsewhere.

Rows are tuples of database-ready values in the order of `fields` (JSON fields as Python
objects). With `with_ids`, ids are reserved first (one query on PostgreSQL) and returned in
row order, so dependent rows can point at them.
"""

import json
from collections.abc import Sequence

from django.db import connection, models


def _reserve_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple], *, with_ids: bool = False
) -> list[int] | None:
    if not rows:
        return [] if with_ids else None
    if connection.vendor != "postgresql":
        objects = model.objects.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=2000
        )
        return [o.pk for o in objects] if with_ids else None
    meta = model._meta
    json_positions = [
        i for i, name in enumerate(fields) if isinstance(meta.get_field(name), models.JSONField)
    ]
    columns = [meta.get_field(name).column for name in fields]
    ids = None
    if with_ids:
        ids = _reserve_ids(meta.db_table, len(rows))
        columns = ["id", *columns]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for n, row in enumerate(rows):
            if json_positions:
                row = list(row)
                for i in json_positions:
                    row[i] = json.dumps(row[i], ensure_ascii=False)
            copy.write_row((ids[n], *row) if ids else row)
    return ids
