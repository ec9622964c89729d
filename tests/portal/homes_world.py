"""A small fund on a fixed morning for the homes' tests: claims in every state, requests in
both queues around their deadline, a clinic's invoices before and after their commitment,
payments settled. Rows are written directly (the homes only count them)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.utils import timezone

from openamo.authorizations.models import (
    AuthorizationRequest,
    Invoice,
    InvoiceBatch,
    ProviderAccess,
)
from openamo.claims.models import Claim, Statement
from openamo.payments.models import PaymentOrder, PaymentRun
from openamo.portal.roles import Role, roles_sync, user_role_grant
from openamo.referentials.models import AuthorizationType, ParameterCode, SchemeParameter
from tests.claims.db_builders import CLINIC, family_create, providers_create, tariffs_create
from tests.members.helpers import member_make

TODAY = date(2026, 3, 16)  # a Monday
START = date(2005, 9, 1)


def now_on(day: date = TODAY, hour: int = 10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _at(today: date, days_ago: int = 0, hour: int = 10):
    return now_on(today - timedelta(days=days_ago), hour)


@dataclass
class World:
    users: dict
    family: object  # the member of the first family
    other: object  # another family's member
    clinic: object


def _user(username: str, role: Role | None = None):
    user = get_user_model().objects.create_user(username, password="Homes-pw-2026")
    if role is not None:
        user_role_grant(user=user, role=role)
    return user


def _claim(beneficiary, n, status, deposit, assigned=None):
    return Claim.objects.create(
        reference=f"F-HOME-{n}",
        beneficiary=beneficiary,
        scheme=beneficiary.scheme,
        channel="paper",
        deposit_date=deposit,
        first_care_date=deposit - timedelta(days=3),
        last_care_date=deposit - timedelta(days=3),
        status=status,
        assigned_to=assigned,
    )


def _statement(claim, at, by):
    zero = D("0.00")
    return Statement.objects.create(
        claim=claim,
        version=1,
        adjudicated_by=by,
        adjudicated_at=at,
        outcome="accepted",
        total_charged=D("100.00"),
        total_base=D("80.00"),
        total_reimbursed=D("64.00"),
        total_copayment=D("16.00"),
        total_beyond_base=zero,
    )


def _request(n, beneficiary, clinic, kind, *, today, queue, status, due_at, **kw):
    return AuthorizationRequest.objects.create(
        reference=f"PEC-HOME-{n}",
        provider=clinic,
        beneficiary=beneficiary,
        authorization_type=kind,
        diagnosis="K35",
        planned_start=today,
        planned_end=today + timedelta(days=2),
        estimated_amount=D("6000.00"),
        status=status,
        queue=queue,
        submitted_at=_at(today, 2),
        due_at=due_at,
        **kw,
    )


def _invoice(n, batch, agreement, *, today, due_on, status="accepted", amount="1000.00"):
    return Invoice.objects.create(
        reference=f"FTP-HOME-{n}",
        batch=batch,
        provider=batch.provider,
        agreement=agreement,
        number=f"FAC-{n}",
        issued_on=today - timedelta(days=40),
        received_on=today - timedelta(days=35),
        care_start=today - timedelta(days=45),
        care_end=today - timedelta(days=44),
        status=status,
        amount_charged=D(amount),
        amount_accepted=D(amount),
        payment_due_on=due_on,
        legal_due_on=due_on + timedelta(days=30),
    )


def _claims(family, processor, today):
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    _claim(family, 1, "received", day(2))
    _claim(family, 2, "in_adjudication", day(30), processor)  # reaches its delay today
    _claim(family, 3, "waiting_documents", day(45), processor)  # past its delay
    _claim(family, 4, "medical_review", day(5))
    done = _claim(family, 5, "adjudicated", day(40), processor)
    _claim(family, 6, "paid", day(60))
    _statement(done, _at(today, 1), processor)


def _requests(family, clinic, reviewer, today):
    kind = AuthorizationType.objects.create(code="CHIR", label="Forfait chirurgical")
    now = _at(today)
    medical = {"queue": "medical", "status": "pending", "today": today}
    _request(1, family, clinic, kind, due_at=now + timedelta(hours=3), **medical)  # today
    _request(2, family, clinic, kind, due_at=now - timedelta(hours=2), **medical)  # late
    _request(
        3, family, clinic, kind, today=today, queue="medical", status="incomplete", due_at=None
    )
    _request(
        4,
        family,
        clinic,
        kind,
        today=today,
        queue="delegation",
        status="pending",
        due_at=now + timedelta(hours=30),
    )
    decided = now - timedelta(days=1)
    return _request(
        5,
        family,
        clinic,
        kind,
        today=today,
        queue="medical",
        status="approved",
        due_at=decided + timedelta(hours=10),
        decided_at=decided,
        decided_by=reviewer,
    )


def _billing(clinic, agreement, today):
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    batch = InvoiceBatch.objects.create(
        reference="BRD-HOME-1",
        provider=clinic,
        received_on=day(35),
        status="accepted",
        invoice_count=3,
    )
    _invoice(1, batch, agreement, today=today, due_on=day(5))  # past the commitment
    _invoice(2, batch, agreement, today=today, due_on=day(-10), amount="2500.00")
    _invoice(3, batch, agreement, today=today, due_on=day(20), status="paid")
    run = PaymentRun.objects.create(
        reference="LOT-HOME-1",
        kind="provider",
        cut_off=day(8),
        status="closed",
        prepared_at=_at(today, 8),
    )
    PaymentRun.objects.create(
        reference="LOT-HOME-2",
        kind="insured",
        cut_off=today,
        status="prepared",
        prepared_at=_at(today),
    )
    PaymentOrder.objects.create(
        reference="ORD-HOME-1",
        run=run,
        provider=clinic,
        payee_name=clinic.name,
        rib="011780000012345678901296",
        amount=D("1234.50"),
        status="paid",
        settled_on=day(6),
    )


def world_build(cnops, *, today: date = TODAY) -> World:
    tariffs_create()
    providers_create()
    roles_sync()
    SchemeParameter.objects.create(
        scheme=cnops, code=ParameterCode.INSURED_PAYMENT_DAYS, value=30, valid_from=START
    )
    family, _child = family_create(cnops)
    other = member_make(cnops, cin="CD654321", last_name="Bennis", first_name="Aicha")
    clinic = providers_clinic()
    users = {role.value: _user(role.value, role) for role in ROLES}
    users["provider"] = _user("clinique")
    ProviderAccess.objects.create(user=users["provider"], provider=clinic)
    _claims(family, users["claim_processor"], today)
    agreement = _requests(family, clinic, users["medical_reviewer"], today)
    _billing(clinic, agreement, today)
    return World(users, family.member, other, clinic)


def providers_clinic():
    from openamo.referentials.models import Provider

    return Provider.objects.get(inpe=CLINIC)


ROLES = (
    Role.CLAIM_PROCESSOR,
    Role.MEDICAL_REVIEWER,
    Role.DELEGATION_AGENT,
    Role.MEMBERS_OFFICER,
    Role.CONTRIBUTIONS_OFFICER,
    Role.PAYMENT_OFFICER,
    Role.FRAUD_CONTROLLER,
    Role.ADMINISTRATOR,
)
