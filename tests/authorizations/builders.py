"""A small fund for the prior-authorisation tests: tariffs with forfaits needing approval,
the nomenclature of documents per type, providers in two delegations, one family in Rabat."""

from datetime import date
from decimal import Decimal as D

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from openamo.authorizations.models import ProviderAccess
from openamo.authorizations.services import ActInput, DocumentInput
from openamo.members import services as members
from openamo.referentials import models as ref
from tests.claims.db_builders import CLINIC, HOSPITAL, START, providers_create, tariffs_create
from tests.members.helpers import child_add, condition_make, member_make

DIALYSIS_CENTRE, OTHER_CLINIC, LAB = "200000011", "200000012", "200000013"
DAY = date(2025, 3, 10)

PARAMETERS = {
    ref.ParameterCode.AUTHORIZATION_DECISION_HOURS: 48,
    ref.ParameterCode.DIRECT_BILLING_PAYMENT_DAYS: 30,
    ref.ParameterCode.PROVIDER_PAYMENT_DAYS: 60,
    ref.ParameterCode.PUBLIC_HOSPITAL_DIRECT_BILLING_MIN: 200,
    ref.ParameterCode.BIOLOGY_DIRECT_BILLING_MIN_B: 60,
}
DOCUMENTS = {
    "DEMANDE": "Formulaire de demande de prise en charge",
    "DEVIS": "Devis estimatif",
    "CR_MED": "Compte rendu médical",
    "IMAGERIE": "Comptes rendus d'imagerie",
    "BILAN_RENAL": "Bilan rénal initial",
    "SEROLOGIE": "Sérologies hépatites B, C et VIH",
    "ORDONNANCE": "Prescription médicale",
}
# type code → (label, category, auto, yearly, [(document, stage, mandatory)])
TYPES = {
    "CHIR": (
        "Forfait chirurgical",
        "surgery",
        True,
        False,
        [
            ("DEMANDE", "always", True),
            ("DEVIS", "always", True),
            ("CR_MED", "always", True),
            ("IMAGERIE", "always", False),
        ],
    ),
    "HOSP": (
        "Hospitalisation médicale",
        "hospitalisation",
        False,
        False,
        [("DEMANDE", "always", True), ("CR_MED", "always", True), ("IMAGERIE", "always", False)],
    ),
    "DIAL": (
        "Hémodialyse (accord annuel)",
        "dialysis",
        True,
        True,
        [
            ("DEMANDE", "always", True),
            ("BILAN_RENAL", "initial", True),
            ("SEROLOGIE", "initial", True),
            ("CR_MED", "renewal", True),
        ],
    ),
    "BIO": ("Biologie au-delà de B 60", "biology", True, False, [("ORDONNANCE", "always", True)]),
}


def referential_create(scheme):
    tariffs_create()
    providers_create()
    for code, value in PARAMETERS.items():
        ref.SchemeParameter.objects.create(
            scheme=scheme, code=code, value=D(value), valid_from=START
        )
    for category, sector, rate in [
        ("dialysis", "private", 90),
        ("dialysis", "public", 100),
        ("intensive_care", "all", 90),
    ]:
        ref.ReimbursementRate.objects.create(
            scheme=scheme, care_category=category, sector=sector, rate=D(rate), valid_from=START
        )
    bio = ref.LetterKey.objects.create(code="B", label="Biologie", care_category="biology")
    ref.LetterKeyValue.objects.create(letter_key=bio, value=D("1.10"), valid_from=START)
    for code, label, grid, category, unit, amounts in [
        (
            "CHIR-APP",
            "Appendicectomie",
            2,
            "surgery",
            "stay",
            {"private": "6000", "public": "3000"},
        ),
        (
            "DIAL-SEANCE",
            "Séance d'hémodialyse",
            6,
            "dialysis",
            "session",
            {"private": "850", "public": "400"},
        ),
    ]:
        forfait = ref.TariffForfait.objects.create(
            code=code,
            label=label,
            grid=grid,
            care_category=category,
            unit=unit,
            requires_prior_approval=True,
        )
        for sector, amount in amounts.items():
            ref.TariffForfaitValue.objects.create(
                forfait=forfait, sector=sector, amount=D(amount), valid_from=START
            )
    ref.TariffForfait.objects.filter(code="HOSP-DAY").update(requires_prior_approval=True)
    documents = {
        code: ref.DocumentType.objects.create(code=code, label=label)
        for code, label in DOCUMENTS.items()
    }
    for code, (label, category, auto, yearly, required) in TYPES.items():
        kind = ref.AuthorizationType.objects.create(
            code=code,
            label=label,
            care_category=category,
            auto_approvable=auto,
            yearly_agreement=yearly,
        )
        for document, stage, mandatory in required:
            ref.RequiredDocument.objects.create(
                authorization_type=kind,
                document_type=documents[document],
                stage=stage,
                mandatory=mandatory,
                valid_from=START,
            )
    casablanca = ref.City.objects.get(name="Casablanca")
    rabat_region = ref.Region.objects.create(code="R04", name="Rabat-Salé-Kénitra")
    rabat_delegation = ref.Delegation.objects.create(
        code="D02", name="Rabat", region=rabat_region, seat="Rabat"
    )
    rabat = ref.City.objects.create(name="Rabat", region=rabat_region, delegation=rabat_delegation)
    for inpe, kind, name in [
        (DIALYSIS_CENTRE, "dialysis_centre", "Centre d'hémodialyse Anfa"),
        (OTHER_CLINIC, "clinic", "Clinique des Orangers"),
        (LAB, "laboratory", "Laboratoire Pasteur"),
    ]:
        ref.Provider.objects.create(
            inpe=inpe, name=name, kind=kind, sector="private", city=casablanca
        )
    ref.Provider.objects.filter(inpe=CLINIC).update(name="Clinique Atlas")
    return rabat


def family_create(scheme, city):
    member = member_make(scheme, registered_on=date(2010, 1, 1), city=city)
    child = child_add(member, birth_date=date(2010, 3, 15))
    return member.beneficiaries.get(rank=0), child.beneficiary


def exemption_grant(beneficiary, code="ALD24"):
    condition = condition_make(code, lifetime=True, label="Insuffisance rénale chronique terminale")
    members.ald_exemption_grant(
        beneficiary=beneficiary, condition=condition, starts_on=date(2020, 1, 1)
    )
    return condition


def provider(inpe):
    return ref.Provider.objects.get(inpe=inpe)


def kind(code):
    return ref.AuthorizationType.objects.get(code=code)


def docs(*codes):
    return [DocumentInput(code, file_name=f"{code.lower()}.pdf") for code in codes]


SURGERY_ACTS = [
    ActInput("forfait", "CHIR-APP", charged=D("6000")),
    ActInput("act", "K", coefficient=D(50), charged=D("1125")),
]


def provider_user(username, inpe):
    user = get_user_model().objects.create_user(username, password="x")
    ProviderAccess.objects.create(user=user, provider=provider(inpe))
    return user


def staff_user(username="controleur", *codenames):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    codenames = codenames or (
        "view_authorizationrequest",
        "decide_authorizationrequest",
        "view_invoice",
    )
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


__all__ = ["CLINIC", "HOSPITAL"]
