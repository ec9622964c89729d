"""The columnar extract of the claim lines that the after-payment scan reads.

One SQL query (the ORM compiles it, a cursor streams it) gives every statement line of the
adjudicated claims with its claim line, beneficiary and family; Polars keeps each claim's latest
statement and its accepted lines. Two small queries add the providers (kind, specialty, region)
and the medicines' molecules. No model instance is built, no row is read one by one through the
ORM.
"""

from datetime import date

import polars as pl
from django.db import connection
from django.db.models import F
from django.db.models.functions import Coalesce

from openamo.claims.models import ClaimStatus, StatementLine
from openamo.referentials.models import Medicine, Provider

JUDGED = (ClaimStatus.ADJUDICATED, ClaimStatus.PAID, ClaimStatus.MEDICAL_REVIEW)
COLUMNS = {
    "claim_id": ("statement__claim_id", pl.Int64),
    "version": ("statement__version", pl.Int64),
    "line_id": ("claim_line_id", pl.Int64),
    "beneficiary_id": ("statement__claim__beneficiary_id", pl.Int64),
    "family_id": ("statement__claim__beneficiary__member_id", pl.Int64),
    "role": ("statement__claim__beneficiary__role", pl.Utf8),
    "sex": ("sex_of", pl.Utf8),
    "birth_date": ("statement__claim__beneficiary__birth_date", pl.Date),
    "death_date": ("statement__claim__beneficiary__deceased_on", pl.Date),
    "kind": ("claim_line__kind", pl.Utf8),
    "code": ("claim_line__code", pl.Utf8),
    "care_date": ("claim_line__care_date", pl.Date),
    "executor": ("claim_line__executor_inpe", pl.Utf8),
    "prescriber": ("claim_line__prescriber_inpe", pl.Utf8),
    "coefficient": ("claim_line__coefficient", pl.Float64),
    "quantity": ("claim_line__quantity", pl.Float64),
    "prescription_date": ("claim_line__prescription_date", pl.Date),
    "authorization_ref": ("claim_line__authorization_ref", pl.Utf8),
    "amount": ("reimbursed", pl.Float64),
    "charged": ("charged", pl.Float64),
    "rejection_code": ("rejection_code", pl.Utf8),
}


def _date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite hands dates back as text


def lines_extract(*, since: date | None = None, beneficiary_ids=None) -> pl.DataFrame:
    """The accepted lines of each judged claim's latest statement (amounts as floats: the
    extract is for statistics and ranking; alerts carry Decimal amounts from the facts)."""
    qs = StatementLine.objects.filter(statement__claim__status__in=JUDGED)
    if since is not None:
        qs = qs.filter(claim_line__care_date__gte=since)
    if beneficiary_ids is not None:
        qs = qs.filter(statement__claim__beneficiary_id__any=list(beneficiary_ids))
    qs = qs.annotate(
        sex_of=Coalesce(
            F("statement__claim__beneficiary__dependent__sex"),
            F("statement__claim__beneficiary__member__sex"),
        )
    ).values_list(*(source for source, _ in COLUMNS.values()))
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = list(COLUMNS)
    data = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    for name, (_, dtype) in COLUMNS.items():
        if dtype == pl.Date:
            data[name] = [_date(v) for v in data[name]]
        elif dtype == pl.Float64:
            data[name] = [None if v is None else float(v) for v in data[name]]
    frame = pl.DataFrame(data, schema={n: t for n, (_, t) in COLUMNS.items()})
    latest = frame.group_by("claim_id").agg(pl.col("version").max().alias("latest"))
    frame = (
        frame.join(latest, on="claim_id")
        .filter((pl.col("version") == pl.col("latest")) & (pl.col("rejection_code") == ""))
        .drop("latest", "rejection_code")
    )
    return frame.join(molecules_frame(), on="code", how="left").with_columns(
        pl.col("molecule").fill_null("")
    )


def molecules_frame() -> pl.DataFrame:
    rows = list(Medicine.objects.values_list("ean13", "generic_group", "inn"))
    return pl.DataFrame(
        {"code": [r[0] for r in rows], "molecule": [r[1] or r[2] or "" for r in rows]},
        schema={"code": pl.Utf8, "molecule": pl.Utf8},
    )


def providers_frame() -> pl.DataFrame:
    rows = list(
        Provider.objects.values_list("id", "inpe", "kind", "specialty", "city__region__code")
    )
    names = ("provider_id", "executor", "provider_kind", "specialty", "region")
    return pl.DataFrame(
        {n: [r[i] or ("" if i else 0) for r in rows] for i, n in enumerate(names)},
        schema={
            "provider_id": pl.Int64,
            "executor": pl.Utf8,
            "provider_kind": pl.Utf8,
            "specialty": pl.Utf8,
            "region": pl.Utf8,
        },
    )


def dependents_frame() -> pl.DataFrame:
    """Each dependent beneficiary with what tells whether its linking is plausible: the event
    that opens it (birth for a child, marriage for a spouse) and the member's birth date."""
    from openamo.members.models import Beneficiary

    rows = list(
        Beneficiary.objects.filter(dependent__isnull=False).values_list(
            "id",
            "member_id",
            "role",
            "birth_date",
            "dependent__linked_on",
            "dependent__married_on",
            "member__birth_date",
        )  # fmt: skip
    )
    names = (
        "beneficiary_id",
        "member_id",
        "role",
        "birth",
        "linked_on",
        "married_on",
        "member_birth",
    )
    types = (pl.Int64, pl.Int64, pl.Utf8, pl.Date, pl.Date, pl.Date, pl.Date)
    return pl.DataFrame(
        {
            n: [_date(r[i]) if t == pl.Date else r[i] for r in rows]
            for i, (n, t) in enumerate(zip(names, types, strict=True))
        },
        schema=dict(zip(names, types, strict=True)),
    )
