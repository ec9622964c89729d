"""A small fund seen by every kind of API user: two families (one in a mutuelle), a claim
executed by the GP, an agreement and an invoice batch of the clinic, two employers with a
declaration each (the first under a broker's mandate), and a bearer token per role."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal as D

from django.contrib.auth import get_user_model

from openamo.api.auth import api_token_create
from openamo.authorizations.invoicing import InvoiceInput, InvoiceLineInput, invoice_batch_submit
from openamo.authorizations.models import ProviderAccess
from openamo.authorizations.services import agreement_apply, agreement_decide, authorization_submit
from openamo.claims.services import LineInput, claim_submit
from openamo.contributions.services import declaration_submit
from openamo.members.models import Broker, BrokerMandate, Mutuelle
from openamo.portal.models import PortalAccess
from openamo.portal.roles import Role, roles_sync, user_role_grant
from tests.authorizations.builders import (
    CLINIC,
    DAY,
    OTHER_CLINIC,
    SURGERY_ACTS,
    docs,
    kind,
    provider,
    referential_create,
)
from tests.claims.db_builders import GP, PHARMACY
from tests.contributions.helpers import employer_make, rows
from tests.contributions.helpers import member_make as employee_make
from tests.members.helpers import child_add, member_make

STAFF_ROLES = {
    "processor": Role.CLAIM_PROCESSOR,
    "reviewer": Role.MEDICAL_REVIEWER,
    "contributions": Role.CONTRIBUTIONS_OFFICER,
    "payments": Role.PAYMENT_OFFICER,
    "analyst": Role.ANALYST,
}


@dataclass
class World:
    family_a: object  # the member's beneficiary (rank 0) of family A
    child_a: object
    family_b: object
    claim: object  # family A, executed by the GP
    agreement: object  # the clinic's, for family A
    batch: object  # the clinic's, against the agreement
    employer_1: object
    employer_2: object
    declaration_1: object
    declaration_2: object
    tokens: dict = field(default_factory=dict)  # role → {"HTTP_AUTHORIZATION": ...}
    users: dict = field(default_factory=dict)


def _user(name, **extra):
    return get_user_model().objects.create_user(name, **extra)  # tokens only: no password


def _declare(employer, cin):
    worker = employee_make(employer.scheme, employer, cin)
    line = {"immatriculation": worker.registration_number, "salaire_brut": "10000", "jours": 26}
    outcome = declaration_submit(employer=employer, period=date(2024, 5, 1), rows=rows(line))
    assert outcome.ok, outcome.errors
    return outcome.declaration


def agreement_make(beneficiary, *, start=DAY, key=None):
    return authorization_submit(
        provider=provider(CLINIC),
        beneficiary=beneficiary,
        authorization_type=kind("CHIR"),
        diagnosis="K35.8",
        planned_start=start,
        planned_end=start + timedelta(days=2),
        acts=SURGERY_ACTS,
        documents=docs("DEMANDE", "DEVIS", "CR_MED"),
        idempotency_key=key,
    )


def world_create(scheme) -> World:
    rabat = referential_create(scheme)
    roles_sync()
    mgpap = Mutuelle.objects.create(code="mgpap", name="MGPAP")
    head_a = member_make(scheme, registered_on=date(2010, 1, 1), city=rabat, mutuelle=mgpap)
    child_a = child_add(head_a, birth_date=date(2010, 3, 15)).beneficiary
    head_b = member_make(scheme, cin="CD654321", last_name="Bennani", city=rabat)
    family_a, family_b = head_a.beneficiaries.get(rank=0), head_b.beneficiaries.get(rank=0)
    claim = claim_submit(
        beneficiary=family_a,
        channel="electronic",
        deposit_date=date(2025, 3, 20),
        lines=[LineInput("act", "C", DAY, GP)],
    )
    officer = _user("conventions")
    admission = agreement_apply(
        provider=provider(CLINIC),
        care_categories=["surgery", "technical_act"],
        starts_on=date(2020, 1, 1),
        rib="011780000012345678901296",
        anam_registration=f"ANAM-{CLINIC}",
    )
    agreement_decide(agreement=admission, approve=True, user=officer)
    agreement = agreement_make(family_a)
    batch = invoice_batch_submit(
        provider=provider(CLINIC),
        received_on=date(2025, 3, 20),
        invoices=[
            InvoiceInput(
                agreement.reference,
                "F-1",
                date(2025, 3, 13),
                (InvoiceLineInput("forfait", "CHIR-APP", DAY, D("6000")),),
            )
        ],
    )
    employer_1 = employer_make(scheme, name="Atlas SARL")
    employer_2 = employer_make(scheme, name="Orangers SA")
    world = World(
        family_a=family_a,
        child_a=child_a,
        family_b=family_b,
        claim=claim,
        agreement=agreement,
        batch=batch,
        employer_1=employer_1,
        employer_2=employer_2,
        declaration_1=_declare(employer_1, "EE100001"),
        declaration_2=_declare(employer_2, "EE100002"),
    )
    broker = Broker.objects.create(name="Courtage du Nord", acaps_number="ACAPS-1")
    BrokerMandate.objects.create(broker=broker, employer=employer_1, valid_from=date(2020, 1, 1))
    users = {
        "gp": ("provider", GP),
        "clinic": ("provider", CLINIC),
        "other_clinic": ("provider", OTHER_CLINIC),
        "pharmacy": ("provider", PHARMACY),
        "insured_a": ("portal", Role.INSURED, {"member": head_a}),
        "insured_b": ("portal", Role.INSURED, {"member": head_b}),
        "employer_1": ("portal", Role.EMPLOYER, {"employer": employer_1}),
        "employer_2": ("portal", Role.EMPLOYER, {"employer": employer_2}),
        "broker": ("portal", Role.BROKER, {"broker": broker}),
        "mutuelle": ("portal", Role.MUTUELLE_AGENT, {"mutuelle": mgpap}),
        **{name: ("staff", role) for name, role in STAFF_ROLES.items()},
        "nobody": ("none",),
    }
    for name, spec in users.items():
        user = _user(name)
        if spec[0] == "provider":
            ProviderAccess.objects.create(user=user, provider=provider(spec[1]))
        elif spec[0] == "portal":
            PortalAccess.objects.create(user=user, role=spec[1], **spec[2])
        elif spec[0] == "staff":
            user_role_grant(user=user, role=spec[1])
        _, raw = api_token_create(user=user, name=f"jeton {name}")
        world.users[name] = user
        world.tokens[name] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    return world
