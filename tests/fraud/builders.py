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
