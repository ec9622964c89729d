"""The incremental extract of the operational tables to Parquet (one folder per table).

Each table is read with one SQL query compiled by the ORM and streamed by a cursor into Polars
(the approach of `fraud/scan_extract.py`): no model instance is built. See `tables.py` for what
is re-read at a refresh; `docs/analytics.md` for what a refresh does not catch.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Max, Min

from openamo.analytics import store
from openamo.analytics.tables import TABLES, TableSpec
from openamo.audit.models import AuditAction, AuditEntry

CHUNK_ROWS = 200_000
ID_BATCH = 900


@dataclass
class TableRefresh:
    name: str
    mode: str  # full, append, merge, unchanged
    rows_read: int
    rows: int
    seconds: float


def _columns(spec: TableSpec) -> dict:
    return {"id": ("id", pl.Int64), **spec.columns}


def _cast(frame: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    exprs = []
    for name, (_, dtype) in _columns(spec).items():
        column = pl.col(name)
        if dtype == pl.Date and frame.schema[name] == pl.Utf8:
            column = column.str.slice(0, 10).str.to_date()  # SQLite hands dates back as text
        exprs.append(column.cast(dtype))
    frame = frame.select(exprs)
    days = [
        pl.col(n).cast(pl.Int64).alias(f"{n}_day")
        for n, (_, t) in spec.columns.items()
        if t == pl.Date
    ]
    return frame.with_columns(days) if days else frame


def empty_frame(spec: TableSpec) -> pl.DataFrame:
    schema = {n: t for n, (_, t) in _columns(spec).items()}
    return _cast(pl.DataFrame(schema=schema), spec)


def read(spec: TableSpec, queryset) -> pl.DataFrame:
    """The rows of `queryset` as the spec's columns (one streamed query)."""
    columns = _columns(spec)
    exprs = {
        f"x_{n}": F(source) if isinstance(source, str) else source
        for n, (source, _) in columns.items()
    }
    sql, params = queryset.annotate(**exprs).values_list(*exprs).query.sql_with_params()
    names = list(columns)
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_ROWS):
            parts.append(pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None))
    if not parts:
        return empty_frame(spec)
    return pl.concat([_cast(part, spec) for part in parts])


def _touched(spec: TableSpec, model, marks: dict) -> tuple[set[int], set[int], dict]:
    """Ids written (and ids deleted) since the watermarks, from the audit journal and history."""
    touched: set[int] = set()
    deleted: set[int] = set()
    content_type = ContentType.objects.get_for_model(model)
    entries = AuditEntry.objects.filter(object_type=content_type, id__gt=marks.get("audit", 0))
    new = {"audit": AuditEntry.objects.aggregate(m=Max("id"))["m"] or 0}
    for object_id, action in entries.filter(id__lte=new["audit"]).values_list(
        "object_id", "action"
    ):
        if str(object_id).isdigit():
            (deleted if action == AuditAction.DELETE else touched).add(int(object_id))
    if spec.history:
        history = model.history.model.objects
        new["history"] = history.aggregate(m=Max("history_id"))["m"] or 0
        rows = history.filter(history_id__gt=marks.get("history", 0)).filter(
            history_id__lte=new["history"]
        )
        for object_id, kind in rows.values_list("id", "history_type"):
            (deleted if kind == "-" else touched).add(object_id)
    if spec.changes:
        log_name, key = spec.changes
        log = apps.get_model(log_name).objects
        new["changes"] = log.aggregate(m=Max("id"))["m"] or 0
        rows = log.filter(id__gt=marks.get("changes", 0), id__lte=new["changes"])
        touched.update(rows.values_list(key, flat=True).distinct())
    return touched - deleted, deleted, new


def _read_ids(spec: TableSpec, base, ids) -> list[pl.DataFrame]:
    ids = sorted(ids)
    return [
        read(spec, base.filter(id__in=ids[i : i + ID_BATCH])) for i in range(0, len(ids), ID_BATCH)
    ]


def refresh_table(spec: TableSpec, *, full: bool = False) -> TableRefresh:
    """Watermarks are taken before the rows are read: a write made during the read is read
    again at the next refresh, never missed."""
    started = time.perf_counter()
    model = apps.get_model(spec.model)
    base = model._default_manager.all()
    marks = store.table_state(spec.name)
    top = base.aggregate(m=Max("id"))["m"] or 0
    window = base.filter(spec.open).aggregate(m=Min("id"))["m"] if spec.open else None
    touched, deleted, new_marks = _touched(spec, model, marks)
    columns = list(empty_frame(spec).columns)
    base = base.filter(id__lte=top)
    if full or marks.get("columns") != columns or not store.has_parts(spec.name):
        frame = read(spec, base)
        store.rewrite(spec.name, frame)
        mode, rows_read, rows = "full", frame.height, frame.height
    else:
        mode, rows_read, rows = _incremental(spec, base, marks, touched, deleted)
    state = {**new_marks, "max_id": top, "window": window, "columns": columns, "rows": rows}
    store.save_table_state(spec.name, state)
    return TableRefresh(spec.name, mode, rows_read, rows, time.perf_counter() - started)


def _incremental(spec, base, marks, touched, deleted) -> tuple[str, int, int]:
    low = marks["max_id"] + 1
    if marks.get("window") is not None:
        low = min(low, marks["window"])
    fresh = read(spec, base.filter(id__gte=low))
    below = {i for i in touched if i < low}
    copy = store.scan(spec.name)
    gone = set(deleted)
    if spec.deletes:
        known = set(base.filter(id__lt=low).values_list("id", flat=True))
        held = copy.filter(pl.col("id") < low).select("id").collect()["id"]
        gone |= set(held.to_list()) - known
    if low > marks["max_id"] and not below and not gone:
        if fresh.height:
            store.append(spec.name, fresh)
        rows = marks.get("rows", 0) + fresh.height
        return ("append" if fresh.height else "unchanged"), fresh.height, rows
    extra = _read_ids(spec, base, below)
    kept = copy.filter((pl.col("id") < low) & ~pl.col("id").is_in(list(below | gone))).collect()
    frame = pl.concat([kept, *extra, fresh]).sort("id")
    store.rewrite(spec.name, frame)
    return "merge", fresh.height + sum(f.height for f in extra), frame.height


def analytics_refresh(
    *, full: bool = False, progress: Callable[[str], None] | None = None
) -> list[TableRefresh]:
    """Bring the analytical copy up to date, table by table; returns what each table did."""
    results = []
    for spec in TABLES:
        results.append(refresh_table(spec, full=full))
        if progress:
            progress(spec.name)
    store.save_refreshed()
    return results
