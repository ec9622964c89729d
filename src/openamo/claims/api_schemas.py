"""The REST schemas of claim files: what a submission sends, what a claim reads as."""

import datetime as dt
from decimal import Decimal

from ninja import Schema

from openamo.api.pagination import page_schema
from openamo.api.types import DecimalText, Rank, one_of
from openamo.referentials.choices import CareCategory

from .models import Channel, ClaimStatus, LineKind, Outcome


class LineIn(Schema):
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


class ClaimIn(Schema):
    registration_number: str = ""
    rank: Rank | None = None
    cin: str = ""
    deposit_date: dt.date
    channel: str = Channel.ELECTRONIC.value
    continuous_treatment: bool = False
    ald_code: str = ""
    idempotency_key: str | None = None
    lines: list[LineIn]


class BeneficiaryOut(Schema):
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


class ReasonOut(Schema):
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
    rejection: ReasonOut | None
    deductions: list[ReasonOut]


class StatementOut(Schema):
    version: int
    outcome: one_of(Outcome)
    adjudicated_at: dt.datetime
    total_charged: DecimalText
    total_base: DecimalText
    total_reimbursed: DecimalText
    total_copayment: DecimalText
    total_beyond_base: DecimalText
    rejection: ReasonOut | None
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
    beneficiary: BeneficiaryOut
    lines: list[SubmittedLineOut]
    statement: StatementOut | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ClaimSummaryOut(Schema):
    reference: str
    status: one_of(ClaimStatus)
    status_label: str
    deposit_date: dt.date
    first_care_date: dt.date
    last_care_date: dt.date
    beneficiary: BeneficiaryOut


ClaimPage = page_schema(ClaimSummaryOut, "ClaimPage")
