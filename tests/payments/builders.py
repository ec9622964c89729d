"""A small fund for the payments tests: two families with adjudicated claims, a clinic with
accepted invoices, the fund's account, a payment officer."""

from datetime import timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from openamo.authorizations.invoicing import InvoiceInput, InvoiceLineInput, invoice_batch_submit
from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.members.models import Member
from openamo.payments.models import PayerAccount
from openamo.portal.models import PortalAccess
from tests.authorizations.builders import CLINIC, DAY, provider
from tests.authorizations.test_requests import submit
from tests.claims.db_builders import GP
from tests.clock import FIXED_DAY
from tests.members.helpers import member_make

RIB_A = "011780000012345678901296"  # valid keys (mod 97)
RIB_B = "007780000099887766554403"
OFFICER_PERMS = (
    "view_paymentrun",
    "add_paymentrun",
    "change_paymentrun",
    "view_paymentorder",
    "change_paymentorder",
    "view_paymenthold",
    "add_paymenthold",
    "change_paymenthold",
)


def valid_rib(first22: str) -> str:
    from openamo.core.identifiers import rib_key

    return f"{first22}{rib_key(first22):02d}"


def payer_create():
    return PayerAccount.objects.create(
        name="CNOPS Paiements", rib=valid_rib("3108101000123456789012")
    )


def claim_paid_by_fund(beneficiary, *, day=DAY, deposit=None, coefficient=1):
    """A GP consultation C × coefficient: 80 × coefficient DH at 80 %."""
    claim = claim_submit(
        beneficiary=beneficiary,
        channel="paper",
        deposit_date=deposit or day + timedelta(days=5),
        lines=[
            LineInput(
                kind="act", code="C", care_date=day, executor_inpe=GP, coefficient=D(coefficient)
            )
        ],
    )
    return claim_adjudicate(claim=claim)


def other_member(scheme):
    member = member_make(scheme, cin="CD654321", last_name="Bennis", first_name="Aicha")
    Member.objects.filter(pk=member.pk).update(rib=valid_rib("0077800000998877665544"))
    member.refresh_from_db()
    return member


def rib_set(member, rib):
    Member.objects.filter(pk=member.pk).update(rib=rib)
    member.refresh_from_db()


def clinic_invoices(member, count=2):
    """Accepted invoices of the clinic (admitted: RIB on file), one per approved request."""
    invoices = []
    for n in range(count):
        start = DAY + timedelta(days=3 * n)
        request = submit(member, planned_start=start, planned_end=start + timedelta(days=2))
        batch = invoice_batch_submit(
            provider=provider(CLINIC),
            received_on=DAY + timedelta(days=20),
            invoices=[
                InvoiceInput(
                    request.reference,
                    f"FAC-{n + 1}",
                    DAY + timedelta(days=10),
                    [
                        InvoiceLineInput(
                            "forfait", "CHIR-APP", DAY + timedelta(days=3 * n), D("6000")
                        )
                    ],
                )
            ],
        )
        invoices.append(batch.invoices.get())
    return invoices


def user_with(username, *codenames):
    user = get_user_model().objects.create_user(username, password="x", is_staff=bool(codenames))
    if codenames:
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="payments", codename__in=codenames)
        )
    return user


def officer(username="ordonnateur"):
    return user_with(username, *OFFICER_PERMS)


def insured_user(member, username="assure"):
    user = get_user_model().objects.create_user(username, password="x")
    PortalAccess.objects.create(user=user, role="insured", member=member)
    return user


TODAY = FIXED_DAY  # the clock is frozen on it for every payments test (conftest)
__all__ = ["CLINIC", "DAY", "RIB_A", "RIB_B", "TODAY"]
