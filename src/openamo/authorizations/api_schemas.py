"""The REST schemas of prior-authorisation requests."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from openamo.api.errors import ErrorOut  # noqa: F401 (the API answers with it)
from openamo.api.pagination import page_schema
from openamo.api.types import DecimalOut, InputSchema, Rank, one_of
from openamo.claims.models import LineKind

from .models import AuthorizationRequest, RequestAct, RequestStatus, SubmittedDocument


class ActIn(InputSchema):
    class Columns:
        model = RequestAct

    kind: str
    code: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None


class DocumentIn(InputSchema):
    class Columns:
        model = SubmittedDocument

    document_type: str
    file_name: str = ""
    reference: str = ""


class RequestIn(InputSchema):
    class Columns:
        model = AuthorizationRequest

    idempotency_key: str | None = None
    registration_number: str
    rank: Rank = 0
    authorization_type: str
    stage: str = "initial"
    diagnosis: str
    ald_code: str = ""
    doctor_inpe: str = ""
    planned_start: dt.date
    planned_end: dt.date | None = None
    sessions_per_week: int | None = None
    estimated_amount: Decimal | None = None
    acts: list[ActIn]
    documents: list[DocumentIn] = []


class DocumentOut(Schema):
    code: str
    label: str


class ActOut(Schema):
    number: int
    kind: one_of(LineKind)
    code: str
    quotation: str
    quantity: DecimalOut
    granted_quantity: DecimalOut | None
    base: DecimalOut
    rate: DecimalOut
    covered: DecimalOut
    copayment: DecimalOut
    problem: str


class RequestOut(Schema):
    reference: str
    status: one_of(RequestStatus)
    status_label: str
    message: str
    decided_at: dt.datetime | None
    decided_by_rule: str
    due_at: dt.datetime | None
    escalated: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    amount_charged: DecimalOut
    amount_covered: DecimalOut
    copayment: DecimalOut
    remaining: DecimalOut
    exemption_applied: str
    refusal_reason: str
    missing_documents: list[DocumentOut]
    acts: list[ActOut]


RequestPage = page_schema(RequestOut, "RequestPage")
