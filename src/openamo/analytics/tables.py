"""What the analytical copy holds: one `TableSpec` per extracted table.

Each column is an ORM expression compiled by Django (so the same spec runs on SQLite and
PostgreSQL); money is extracted as whole centimes (`Int64`, exact sums on every engine), dates as
dates, timestamps as the local day. Every date column also gets a `<name>_day` column (days since
1970-01-01) so that delays are a plain subtraction on DuckDB and Spark alike.

How a table is kept up to date (see `extract.py` and docs/analytics.md):
- new rows: `id` above the table's id watermark;
- rows that may still change (`open`: a claim not yet paid, a request not yet decided...): every
  row from the lowest id that was still open at the last refresh is read again (the "window"),
  and rows of the copy inside the window that the database no longer has are dropped;
- rows changed below the window: the audit journal (`AuditEntry` on that model), the model's
  simple-history table where it keeps one, and its own change log where it has one (a claim's
  `ClaimTransition`s, a request's `RequestEvent`s) name the ids written since their watermarks;
- deletes: `deletes=True` tables compare their id column with the copy's at every refresh.
"""

from dataclasses import dataclass

import polars as pl
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Round, TruncDate


def money(path: str):
    return Cast(Round(F(path) * 100), BigIntegerField())


def flag(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0))


def day(path: str):
    return TruncDate(F(path))


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: str  # "app_label.ModelName"
    columns: dict[str, tuple[object, pl.DataType]]
    open: Q | None = None
    deletes: bool = True
    history: bool = False
    changes: tuple[str, str] | None = None  # an append-only log of the rows' changes: (model, fk)


Int, Str, Date, Bool = pl.Int64, pl.Utf8, pl.Date, pl.Boolean
SEX = Coalesce(F("dependent__sex"), F("member__sex"))
EXAM_CATEGORY = Case(  # what a counter-examination was ordered on
    When(ald_request__isnull=False, then=Value("ald")),
    When(authorization__isnull=False, then=Value("authorisation")),
    default=Value("claim_line"),
)

TABLES = (
    TableSpec(
        "members",
        "members.Member",
        {
            "sex": ("sex", Str),
            "birth_date": ("birth_date", Date),
            "status": ("status", Str),
            "employer_id": ("employer_id", Int),
            "mutuelle_id": ("mutuelle_id", Int),
            "registered_on": ("registered_on", Date),
            "region": ("city__region__code", Str),
            "delegation_id": ("city__delegation_id", Int),
        },
        history=True,
    ),
    TableSpec(
        "beneficiaries",
        "members.Beneficiary",
        {
            "member_id": ("member_id", Int),
            "role": ("role", Str),
            "sex": (SEX, Str),
            "birth_date": ("birth_date", Date),
            "deceased_on": ("deceased_on", Date),
        },
    ),
    TableSpec(
        "rights",
        "members.RightsPeriod",
        {
            "beneficiary_id": ("beneficiary_id", Int),
            "kind": ("kind", Str),
            "starts_on": ("starts_on", Date),
            "ends_on": ("ends_on", Date),
        },
    ),
    TableSpec(
        "declarations",
        "contributions.DeclarationLine",
        {
            "member_id": ("member_id", Int),
            "employer_id": ("declaration__employer_id", Int),
            "period": ("declaration__period", Date),
            "population": ("population", Str),
            "gross_cents": (money("gross_salary"), Int),
            "base_cents": (money("base"), Int),
            "contribution_cents": (money("contribution_total"), Int),
        },
    ),
    TableSpec(
        "calls",
        "contributions.ContributionCall",
        {
            "employer_id": ("employer_id", Int),
            "period": ("period", Date),
            "due_on": ("due_on", Date),
            "amount_cents": (money("amount_due"), Int),
        },
    ),
    TableSpec(
        "receipts",
        "contributions.ReceiptAllocation",
        {
            "call_id": ("call_id", Int),
            "received_on": ("receipt__received_on", Date),
            "amount_cents": (money("amount"), Int),
        },
    ),
    TableSpec(
        "claims",
        "claims.Claim",
        {
            "beneficiary_id": ("beneficiary_id", Int),
            "member_id": ("beneficiary__member_id", Int),
            "channel": ("channel", Str),
            "deposit_date": ("deposit_date", Date),
            "ald_code": ("ald_code", Str),
            "status": ("status", Str),
        },
        changes=("claims.ClaimTransition", "claim_id"),
    ),
    TableSpec(
        "statements",
        "claims.Statement",
        {
            "claim_id": ("claim_id", Int),
            "version": ("version", Int),
            "adjudicated_on": (day("adjudicated_at"), Date),
            "outcome": ("outcome", Str),
            "charged_cents": (money("total_charged"), Int),
            "reimbursed_cents": (money("total_reimbursed"), Int),
        },
        deletes=False,
    ),
    TableSpec(
        "lines",
        "claims.StatementLine",
        {
            "statement_id": ("statement_id", Int),
            "claim_id": ("statement__claim_id", Int),
            "kind": ("claim_line__kind", Str),
            "code": ("claim_line__code", Str),
            "care_date": ("claim_line__care_date", Date),
            "executor": ("claim_line__executor_inpe", Str),
            "ald_code": ("claim_line__ald_code", Str),
            "care_category": ("care_category", Str),
            "sector": ("sector", Str),
            "ald_applied": ("ald_applied", Bool),
            "rejected": (flag(~Q(rejection_code="")), Int),
            "charged_cents": (money("charged"), Int),
            "reimbursed_cents": (money("reimbursed"), Int),
        },
        deletes=False,
    ),
    TableSpec(
        "authorisations",
        "authorizations.AuthorizationRequest",
        {
            "beneficiary_id": ("beneficiary_id", Int),
            "provider_id": ("provider_id", Int),
            "status": ("status", Str),
            "stage": ("stage", Str),
            "decision_rule": ("decision_rule", Str),
            "delegation_id": ("delegation_id", Int),
            "submitted_on": (day("submitted_at"), Date),
            "decided_on": (day("decided_at"), Date),
            "instant": (flag(Q(decided_at__isnull=False, decided_by__isnull=True)), Int),
        },
        open=Q(decided_at__isnull=True),
        changes=("authorizations.RequestEvent", "request_id"),
    ),
    TableSpec(
        "invoices",
        "authorizations.Invoice",
        {
            "provider_id": ("provider_id", Int),
            "beneficiary_id": ("agreement__beneficiary_id", Int),
            "status": ("status", Str),
            "received_on": ("received_on", Date),
            "payment_due_on": ("payment_due_on", Date),
            "paid_on": ("paid_on", Date),
            "charged_cents": (money("amount_charged"), Int),
            "accepted_cents": (money("amount_accepted"), Int),
        },
        open=~Q(status="paid") & ~Q(status="refused"),
    ),
    TableSpec(
        "payments",
        "payments.PaymentItem",
        {
            "claim_id": ("claim_id", Int),
            "invoice_id": ("invoice_id", Int),
            "active": ("active", Bool),
            "status": ("order__status", Str),
            "ordered_on": ("order__run__cut_off", Date),
            "settled_on": ("order__settled_on", Date),
            "amount_cents": (money("amount"), Int),
        },
        open=Q(order__status__in=("ordered", "sent")),
    ),
    TableSpec(
        "complaints",
        "complaints.Complaint",
        {
            "member_id": ("member_id", Int),
            "category": ("category__code", Str),
            "subject": ("subject", Str),
            "channel": ("channel", Str),
            "status": ("status", Str),
            "filed_on": (day("filed_at"), Date),
            "first_answered_on": (day("first_answered_at"), Date),
            "closed_on": (day("closed_at"), Date),
            "resolution_due_on": (day("resolution_due"), Date),
        },
        open=~Q(status="closed"),
    ),
    TableSpec(
        "ald_requests",
        "medical.AldRequest",
        {
            "beneficiary_id": ("beneficiary_id", Int),
            "status": ("status", Str),
            "filed_on": (day("filed_at"), Date),
            "decided_on": (day("decided_at"), Date),
        },
        open=Q(decided_at__isnull=True),
        changes=("medical.AldRequestEvent", "request_id"),
    ),
    TableSpec(
        "counter_exams",
        "medical.CounterExamination",
        {
            "beneficiary_id": ("beneficiary_id", Int),
            "category": (EXAM_CATEGORY, Str),
            "status": ("status", Str),
            "outcome": ("outcome", Str),
            "ordered_on": (day("ordered_at"), Date),
            "decided_on": (day("decided_at"), Date),
        },
        open=Q(decided_at__isnull=True),
    ),
    TableSpec(
        "medicines",
        "referentials.Medicine",
        {"ean13": ("ean13", Str), "is_generic": ("is_generic", Bool)},
    ),
    TableSpec(
        "providers",
        "referentials.Provider",
        {
            "inpe": ("inpe", Str),
            "kind": ("kind", Str),
            "sector": ("sector", Str),
            "region": ("city__region__code", Str),
        },
    ),
)

BY_NAME = {spec.name: spec for spec in TABLES}
