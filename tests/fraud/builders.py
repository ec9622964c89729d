"""A small world for the fraud-control tests: the authorisations' fund (a family, a clinic
with accepted invoices), a GP who prescribes, a pharmacy that dispenses month after month, a
peer GP, and a fraud controller."""

from datetime import date, timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.utils import timezone

from openamo.claims.services import LineInput, claim_adjudicate, claim_submit
from openamo.fraud.models import Alert
from openamo.portal.roles import Role, roles_sync, user_role_grant
from openamo.referentials import models as ref
from tests.claims.db_builders import BRAND, GENERIC, GP, PHARMACY

PEER_GP = "200000021"
FIRST = date(2025, 1, 6)
PASSWORD = "Controle-pw-2026"


def peer_create():
    city = ref.City.objects.get(name="Casablanca")
    ref.Provider.objects.filter(inpe=GP).update(name="Dr Tazi Omar")
    ref.Provider.objects.filter(inpe=PHARMACY).update(name="Pharmacie du Port")
    return ref.Provider.objects.create(
        inpe=PEER_GP, name="Dr Berrada Salma", kind="gp", sector="private", city=city
    )


def monthly_care(beneficiary, *, months=4, boxes=2, gp=GP):
    """One claim a month: a GP consultation and `boxes` boxes of each amoxicillin, adjudicated."""
    claims = []
    for n in range(months):
        day = FIRST + timedelta(days=30 * n)
        claim = claim_submit(
            beneficiary=beneficiary,
            channel="paper",
            deposit_date=day + timedelta(days=5),
            lines=[
                LineInput(kind="act", code="C", care_date=day, executor_inpe=gp),
                LineInput(
                    kind="medicine",
                    code=BRAND,
                    care_date=day,
                    executor_inpe=PHARMACY,
                    prescriber_inpe=gp,
                    quantity=D(boxes),
                    prescription_date=day,
                ),
                LineInput(
                    kind="medicine",
                    code=GENERIC,
                    care_date=day + timedelta(days=1),
                    executor_inpe=PHARMACY,
                    prescriber_inpe=gp,
                    quantity=D(1),
                    prescription_date=day,
                ),
            ],
        )
        claims.append(claim_adjudicate(claim=claim))
    return claims


def controller(username="controleur"):
    roles_sync()
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, first_name="Nadia", last_name="Contrôleuse"
    )
    user_role_grant(user=user, role=Role.FRAUD_CONTROLLER)
    return user


def alert_make(*, provider=None, member=None, score=0.9, amount="12000.00", key="a1", **kw):
    return Alert.objects.create(
        detector=kw.get("detector", "ordonnances_repetees"),
        reason_code=kw.get("reason", "repeat_prescriptions"),
        explanation=kw.get("explanation", "Ordonnances répétées chez la même pharmacie"),
        score=score,
        amount_at_stake=D(amount),
        provider=provider,
        member=member,
        dedup_key=key,
        created_at=timezone.now(),
    )


def clinic_admit(inpe, rib, username="conventions-2"):
    from openamo.authorizations.services import agreement_apply, agreement_decide
    from tests.authorizations.builders import provider

    officer = get_user_model().objects.create_user(username, password="x")
    agreement = agreement_apply(
        provider=provider(inpe),
        care_categories=["surgery", "hospitalisation", "technical_act"],
        starts_on=date(2020, 1, 1),
        rib=rib,
        anam_registration=f"ANAM-{inpe}",
    )
    agreement_decide(agreement=agreement, approve=True, user=officer)


def invoices_of(member, inpe, *, count=1, first_day=0):
    """Accepted invoices of a clinic, one per approved surgical request."""
    from openamo.authorizations.invoicing import (
        InvoiceInput,
        InvoiceLineInput,
        invoice_batch_submit,
    )
    from tests.authorizations.builders import DAY, provider
    from tests.authorizations.test_requests import submit

    invoices = []
    for n in range(count):
        start = DAY + timedelta(days=first_day + 3 * n)
        request = submit(
            member, inpe=inpe, planned_start=start, planned_end=start + timedelta(days=2)
        )
        batch = invoice_batch_submit(
            provider=provider(inpe),
            received_on=DAY + timedelta(days=20),
            invoices=[
                InvoiceInput(
                    request.reference,
                    f"FAC-{inpe}-{n + 1}",
                    DAY + timedelta(days=10),
                    [InvoiceLineInput("forfait", "CHIR-APP", start, D("6000"))],
                )
            ],
        )
        invoices.append(batch.invoices.get())
    return invoices
