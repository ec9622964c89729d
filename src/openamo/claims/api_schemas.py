"""The REST schemas of claim files: what a submission sends, what a claim reads as."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from openamo.api.errors import ErrorOut  # noqa: F401 (the claims API answers with it)
from openamo.api.pagination import page_schema
from openamo.api.types import DecimalText, InputSchema, Rank, one_of
from openamo.referentials.choices import CareCategory

from .models import Channel, Claim, ClaimLine, ClaimStatus, LineKind, Outcome


class ClaimLineIn(InputSchema):
    class Columns:
        model = ClaimLine

    kind: str
    code: str
    care_date: dt.date
    executor_inpe: str
    coefficient: Decimal = Decimal(1)
    quantity: Decimal = Decimal(1)
    charged: Decimal | None = None
    prescriber_inpe: str = ""
    prescribed_quantity: Decimal | None = None
    prescription_date: dt.date | None = None
    ald_code: str = ""
    authorization_ref: str = ""


class ClaimIn(InputSchema):
    class Columns:
        model = Claim

    registration_number: str = ""
    rank: Rank | None = None
    cin: str = ""
    deposit_date: dt.date
    channel: str = Channel.ELECTRONIC.value
    continuous_treatment: bool = False
    ald_code: str = ""
    idempotency_key: str | None = None
    adjudicate: bool = False  # adjudicate at once: the answer carries the statement
    lines: list[ClaimLineIn]


class ClaimBeneficiaryOut(Schema):
    registration_number: str
    rank: int
    last_name: str
    first_name: str


class SubmittedLineOut(Schema):
    number: int
    kind: one_of(LineKind)
    code: str
    care_date: dt.date
    executor_inpe: str
    coefficient: DecimalText
    quantity: DecimalText
    charged: DecimalText | None


class StatementReasonOut(Schema):
    code: str
    message: str
    amount: DecimalText | None = None


class StatementLineOut(Schema):
    number: int
    label: str
    quotation: str
    care_category: one_of(CareCategory)
    unit_value: DecimalText
    act_value: DecimalText
    charged: DecimalText
    base: DecimalText
    rate: DecimalText
    reimbursed: DecimalText
    copayment: DecimalText
    beyond_base: DecimalText
    ald_applied: bool
    rejection: StatementReasonOut | None
    deductions: list[StatementReasonOut]


class StatementOut(Schema):
    version: int
    outcome: one_of(Outcome)
    adjudicated_at: dt.datetime
    total_charged: DecimalText
    total_base: DecimalText
    total_reimbursed: DecimalText
    total_copayment: DecimalText
    total_beyond_base: DecimalText
    rejection: StatementReasonOut | None
    lines: list[StatementLineOut]
    pdf_url: str


class ClaimOut(Schema):
    reference: str
    status: one_of(ClaimStatus)
    status_label: str
    channel: one_of(Channel)
    deposit_date: dt.date
    first_care_date: dt.date
    last_care_date: dt.date
    idempotency_key: str | None
    beneficiary: ClaimBeneficiaryOut
    lines: list[SubmittedLineOut]
    statement: StatementOut | None


class ClaimSummaryOut(Schema):
    reference: str
    status: one_of(ClaimStatus)
    status_label: str
    deposit_date: dt.date
    first_care_date: dt.date
    last_care_date: dt.date
    beneficiary: ClaimBeneficiaryOut


ClaimPage = page_schema(ClaimSummaryOut, "ClaimPage")
