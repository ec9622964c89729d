"""Prior authorisation: time of an instant decision (a complete, auto-approvable request with
open rights), from submission to the stored, notified agreement.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_authz'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_authz \\
        .venv/bin/python bench/authorization.py --beneficiaries 200 --requests 300

It migrates the database, creates a small referential (surgical forfait, letter keys, rates,
the document nomenclature of the type, an admitted clinic), registers beneficiaries with open
rights (some with an ALD exemption), then submits requests one by one and prints p50/p95/p99:
1. through the service `authorization_submit` (one transaction: validation, nomenclature,
   rights, the claims engine, the rules, the writes, the trail and the notification);
2. through the REST API (`POST /api/v1/authorizations/requests`, bearer token, Django's test
   client in-process: middleware, ninja, authentication, JSON).
Tariffs are cached per process (`selectors.tariffs_cached`, 60 s): the first call loads them
and is reported apart.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
START = date(2006, 9, 1)
CARE = date(2025, 3, 10)
RIB = "011780000012345678901296"


def referential_create():
    from openamo.referentials import models as ref

    scheme = ref.Scheme.objects.create(code="bench-authz", name="Banc PEC", fund="BENCH")
    for code, value in [
        ("deposit_delay_days", 60),
        ("ald_rate", 100),
        ("authorization_decision_hours", 48),
        ("billing_delay_days", 90),
        ("billing_batch_max", 30),
        ("direct_billing_payment_days", 30),
        ("provider_payment_days", 60),
        ("public_hospital_direct_billing_min", 200),
        ("biology_direct_billing_min_b", 60),
        ("child_age_limit", 21),
        ("student_age_limit", 26),
        ("rights_maintenance_months", 6),
    ]:
        ref.SchemeParameter.objects.create(scheme=scheme, code=code, value=value, valid_from=START)
    for category, sector, rate in [
        ("technical_act", "all", 80),
        ("surgery", "private", 90),
        ("surgery", "public", 100),
    ]:
        ref.ReimbursementRate.objects.create(
            scheme=scheme, care_category=category, sector=sector, rate=rate, valid_from=START
        )
    for code, label, category, value in [
        ("C", "Consultation", "consultation", "80"),
        ("K", "Actes techniques", "technical_act", "22.50"),
    ]:
        key = ref.LetterKey.objects.create(code=code, label=label, care_category=category)
        ref.LetterKeyValue.objects.create(letter_key=key, value=D(value), valid_from=START)
    for n in range(200):  # a referential of realistic size for the tariff snapshot
        forfait = ref.TariffForfait.objects.create(
            code=f"CHIR-{n:03d}",
            label=f"Forfait chirurgical {n}",
            grid=2,
            care_category="surgery",
            unit="stay",
            requires_prior_approval=True,
        )
        ref.TariffForfaitValue.objects.create(
            forfait=forfait, sector="private", amount=D(3000 + 50 * n), valid_from=START
        )
    docs = [
        ref.DocumentType.objects.create(code=code, label=label)
        for code, label in [
            ("DEMANDE", "Formulaire de demande"),
            ("DEVIS", "Devis estimatif"),
            ("CR_MED", "Compte rendu médical"),
        ]
    ]
    kind = ref.AuthorizationType.objects.create(
        code="CHIR", label="Forfait chirurgical", care_category="surgery", auto_approvable=True
    )
    for doc in docs:
        ref.RequiredDocument.objects.create(
            authorization_type=kind, document_type=doc, valid_from=START
        )
    region = ref.Region.objects.create(code="R06", name="Casablanca-Settat")
    delegation = ref.Delegation.objects.create(
        code="D01", name="Casablanca", region=region, seat="Casablanca"
    )
    city = ref.City.objects.create(name="Casablanca", region=region, delegation=delegation)
    clinic = ref.Provider.objects.create(
        inpe="300000001", name="Clinique du banc", kind="clinic", sector="private", city=city
    )
    return scheme, kind, clinic, city


def setup(beneficiaries: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from openamo.authorizations.models import ProviderAccess
    from openamo.authorizations.services import agreement_apply, agreement_decide
    from openamo.members.services import member_register

    call_command("migrate", verbosity=0)
    scheme, kind, clinic, city = referential_create()
    officer = get_user_model().objects.create_user("bench-officer")
    agreement = agreement_apply(
        provider=clinic,
        care_categories=["surgery", "technical_act"],
        starts_on=START,
        rib=RIB,
        anam_registration="ANAM-BENCH",
    )
    agreement_decide(agreement=agreement, approve=True, user=officer)
    user = get_user_model().objects.create_user("bench-clinic")
    ProviderAccess.objects.create(user=user, provider=clinic)
    people = []
    for n in range(beneficiaries):
        member = member_register(
            scheme=scheme,
            cin=f"BE{n:06d}",
            last_name="Banc",
            first_name=f"Assuré {n}",
            birth_date=date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            sex="MF"[n % 2],
            registered_on=date(2010, 1, 1),
            city=city,
        )
        people.append(member.beneficiaries.get(rank=0))
    return kind, clinic, user, people


def _figures(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return (
        f"{label}: n={len(samples)} mean={statistics.mean(samples):.1f} ms "
        f"p50={pct(0.50):.1f} ms p95={pct(0.95):.1f} ms p99={pct(0.99):.1f} ms "
        f"max={ordered[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beneficiaries", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from openamo.api.auth import api_token_create
    from openamo.authorizations import selectors, services

    setup_test_environment()
    kind, clinic, user, people = setup(args.beneficiaries)
    print(f"database: {connection.vendor}; beneficiaries: {len(people)}")
    acts = [
        services.ActInput("forfait", "CHIR-010", charged=D("3500")),
        services.ActInput("act", "K", coefficient=D(50), charged=D("1125")),
    ]
    documents = [
        services.DocumentInput(c, f"{c.lower()}.pdf") for c in ("DEMANDE", "DEVIS", "CR_MED")
    ]
    selectors.tariffs_cache_clear()
    t = time.perf_counter()
    first = services.authorization_submit(
        provider=clinic,
        beneficiary=people[0],
        authorization_type=kind,
        diagnosis="K35.8",
        planned_start=CARE,
        planned_end=CARE + timedelta(days=2),
        acts=acts,
        documents=documents,
    )
    cold = (time.perf_counter() - t) * 1000
    assert first.status == "approved", first.decision_note
    print(f"cold (tariffs loaded): {cold:.1f} ms")
    samples = []
    for n in range(args.requests):
        t = time.perf_counter()
        done = services.authorization_submit(
            provider=clinic,
            beneficiary=people[n % len(people)],
            authorization_type=kind,
            diagnosis="K35.8",
            planned_start=CARE + timedelta(days=n % 200),
            planned_end=CARE + timedelta(days=n % 200 + 2),
            acts=acts,
            documents=documents,
        )
        samples.append((time.perf_counter() - t) * 1000)
        assert done.status == "approved", done.decision_note
    print(_figures("service authorization_submit", samples))
    _, raw = api_token_create(user=user, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    samples = []
    for n in range(args.requests):
        person = people[n % len(people)]
        payload = {
            "idempotency_key": f"bench-{n}",
            "registration_number": person.registration_number,
            "authorization_type": "CHIR",
            "diagnosis": "K35.8",
            "planned_start": (CARE + timedelta(days=n % 200)).isoformat(),
            "planned_end": (CARE + timedelta(days=n % 200 + 2)).isoformat(),
            "acts": [
                {"kind": "forfait", "code": "CHIR-010", "charged": "3500"},
                {"kind": "act", "code": "K", "coefficient": "50", "charged": "1125"},
            ],
            "documents": [{"document_type": c} for c in ("DEMANDE", "DEVIS", "CR_MED")],
        }
        t = time.perf_counter()
        response = client.post(
            "/api/v1/authorizations/requests", payload, content_type="application/json"
        )
        samples.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 201 and response.json()["status"] == "approved", (
            response.content
        )
    print(_figures("REST POST /api/v1/authorizations/requests", samples))


if __name__ == "__main__":
    main()
