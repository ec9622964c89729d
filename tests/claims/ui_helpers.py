"""Set-up shared by the claims pages, API, statement and review tests: a small fund, users
with the staff permissions, a claim of a GP consultation and two boxes of a brand medicine
(reimbursed 64,00 + 84,00 = 148,00 DH)."""

from datetime import date
from decimal import Decimal as D

from django.contrib.auth.models import Permission

from openamo.claims.services import LineInput, claim_submit
from tests.claims.db_builders import BRAND, GP, PHARMACY

DAY = date(2025, 3, 10)
DEPOSIT = date(2025, 3, 20)
PROCESSOR_PERMS = ("view_claim", "change_claim", "add_claim")


def user_with(django_user_model, username: str, *codenames: str, **extra):
    user = django_user_model.objects.create_user(
        username, f"{username}@caisse.ma", "Secret-pw-2026", **extra
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
    )
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


def consultation(**kw) -> LineInput:
    return LineInput(kind="act", code="C", care_date=DAY, executor_inpe=GP, **kw)


def medicine(**kw) -> LineInput:
    kw.setdefault("quantity", D(2))
    return LineInput(kind="medicine", code=BRAND, care_date=DAY, executor_inpe=PHARMACY, **kw)


def claim_make(beneficiary, *lines, channel="paper", deposit=DEPOSIT, **kw):
    return claim_submit(
        beneficiary=beneficiary,
        channel=channel,
        deposit_date=deposit,
        lines=list(lines) or [consultation(), medicine()],
        **kw,
    )
