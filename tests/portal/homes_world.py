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


def _request(n, beneficiary, clinic, kind, *, queue, status, due_at, **kw):
    return AuthorizationRequest.objects.create(
        reference=f"PEC-HOME-{n}",
        provider=clinic,
        beneficiary=beneficiary,
        authorization_type=kind,
        diagnosis="K35",
        planned_start=TODAY,
        planned_end=TODAY + timedelta(days=2),
        estimated_amount=D("6000.00"),
        status=status,
        queue=queue,
        submitted_at=now_on(TODAY - timedelta(days=2)),
        due_at=due_at,
        **kw,
    )


def _invoice(n, batch, agreement, *, due_on, status="accepted", amount="1000.00"):
    return Invoice.objects.create(
        reference=f"FTP-HOME-{n}",
        batch=batch,
        provider=batch.provider,
        agreement=agreement,
        number=f"FAC-{n}",
        issued_on=TODAY - timedelta(days=40),
        received_on=TODAY - timedelta(days=35),
        care_start=TODAY - timedelta(days=45),
        care_end=TODAY - timedelta(days=44),
        status=status,
        amount_charged=D(amount),
        amount_accepted=D(amount),
        payment_due_on=due_on,
        legal_due_on=due_on + timedelta(days=30),
    )


def _claims(family, processor):
    _claim(family, 1, "received", TODAY - timedelta(days=2))
    _claim(family, 2, "in_adjudication", TODAY - timedelta(days=30), processor)  # due today
    _claim(family, 3, "waiting_documents", TODAY - timedelta(days=45), processor)  # late
    _claim(family, 4, "medical_review", TODAY - timedelta(days=5))
    done = _claim(family, 5, "adjudicated", TODAY - timedelta(days=40), processor)
    _claim(family, 6, "paid", TODAY - timedelta(days=60))
    _statement(done, now_on(TODAY - timedelta(days=1)), processor)


def _requests(family, clinic, reviewer):
    kind = AuthorizationType.objects.create(code="CHIR", label="Forfait chirurgical")
    now = now_on()
    medical = {"queue": "medical", "status": "pending"}
    _request(1, family, clinic, kind, due_at=now + timedelta(hours=3), **medical)  # today
    _request(2, family, clinic, kind, due_at=now - timedelta(hours=2), **medical)  # late
    _request(3, family, clinic, kind, queue="medical", status="incomplete", due_at=None)
    _request(
        4,
        family,
        clinic,
        kind,
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
        queue="medical",
        status="approved",
        due_at=decided + timedelta(hours=10),
        decided_at=decided,
        decided_by=reviewer,
    )


def _billing(clinic, agreement):
    batch = InvoiceBatch.objects.create(
        reference="BRD-HOME-1",
        provider=clinic,
        received_on=TODAY - timedelta(days=35),
        status="accepted",
        invoice_count=3,
    )
    _invoice(1, batch, agreement, due_on=TODAY - timedelta(days=5))  # past the commitment
    _invoice(2, batch, agreement, due_on=TODAY + timedelta(days=10), amount="2500.00")
    _invoice(3, batch, agreement, due_on=TODAY - timedelta(days=20), status="paid")
    run = PaymentRun.objects.create(
        reference="LOT-HOME-1",
        kind="provider",
        cut_off=TODAY - timedelta(days=8),
        status="closed",
        prepared_at=now_on(TODAY - timedelta(days=8)),
    )
    PaymentRun.objects.create(
        reference="LOT-HOME-2",
        kind="insured",
        cut_off=TODAY,
        status="prepared",
        prepared_at=now_on(),
    )
    PaymentOrder.objects.create(
        reference="ORD-HOME-1",
        run=run,
        provider=clinic,
        payee_name=clinic.name,
        rib="011780000012345678901296",
        amount=D("1234.50"),
        status="paid",
        settled_on=TODAY - timedelta(days=6),
    )


def world_build(cnops) -> World:
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
    _claims(family, users["claim_processor"])
    agreement = _requests(family, clinic, users["medical_reviewer"])
    _billing(clinic, agreement)
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
