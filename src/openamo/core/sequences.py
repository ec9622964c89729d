from django.db import connection, transaction

from .models import Sequence


def _advanced(name: str, count: int) -> int | None:
    """The counter moved on by `count` in one statement (UPDATE ... RETURNING, on PostgreSQL and
    SQLite alike); None when the sequence does not exist yet."""
    table = connection.ops.quote_name(Sequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + %s WHERE name = %s RETURNING last_value",
            [count, name],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def sequence_take(name: str, count: int = 1) -> range:
    """`count` consecutive values of the sequence `name`, never handed out twice."""
    last = _advanced(name, count)
    if last is None:
        with transaction.atomic():
            Sequence.objects.get_or_create(name=name)
            last = _advanced(name, count)
    return range(last - count + 1, last + 1)
