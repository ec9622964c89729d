"""Batch adjudication: claim files and lines adjudicated and stored per second, and peak memory.

    psql -h 127.0.0.1 -U postgres -c 'create database bench_claims'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_claims \\
        .venv/bin/python bench/adjudication.py --claims 100000

1. (its own process) migrates the database, creates a bench referential (letter keys, a few
   hundred medicines with generics, devices, forfaits, 2,000 providers), N/2 beneficiaries
   with open rights and N received claims of 4 lines on average (consultations, acts,
   medicines, biology, devices, hospital days, some duplicates and unknown codes), in bulk;
2. (a fresh process, so its peak memory is the batch's own) runs the batch path,
   `claims_adjudicate_pending`, exactly as `openamo adjudicate` does, and prints files/s,
   lines/s and the peak resident memory.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openamo.config.settings")
START = date(2006, 9, 1)
BATCH = 20000


def _ean(rng: random.Random) -> str:
    from openamo.core.identifiers import ean13_check_digit

    body = "611" + "".join(rng.choice("0123456789") for _ in range(9))
    return body + str(ean13_check_digit(body))


def referential_create(rng: random.Random):
    from openamo.referentials import models as ref

    scheme = ref.Scheme.objects.create(code="bench", name="Régime de banc d'essai", fund="BENCH")
    for code, value in [("deposit_delay_days", 60), ("ald_rate", 100)]:
        ref.SchemeParameter.objects.create(scheme=scheme, code=code, value=value, valid_from=START)
    for category, sector, rate in [
        ("consultation", "all", 80),
        ("technical_act", "all", 80),
        ("biology", "all", 80),
        ("medicine", "all", 70),
        ("optics", "all", 100),
        ("hospitalisation", "private", 90),
        ("hospitalisation", "public", 100),
    ]:
        ref.ReimbursementRate.objects.create(
            scheme=scheme, care_category=category, sector=sector, rate=rate, valid_from=START
        )
    for code, category, value in [
        ("C", "consultation", "80"),
        ("Cs", "consultation", "150"),
        ("K", "technical_act", "22.50"),
        ("B", "biology", "1.10"),
    ]:
        key = ref.LetterKey.objects.create(code=code, label=code, care_category=category)
        ref.LetterKeyValue.objects.create(letter_key=key, value=D(value), valid_from=START)
        ref.LetterKeyValue.objects.create(
            letter_key=key, value=D(value) * 2, valid_from=date(2025, 7, 1)
        )
    day = ref.TariffForfait.objects.create(
        code="HOSP-DAY", label="Journée", grid=3, care_category="hospitalisation", unit="day"
    )
    ref.TariffForfaitValue.objects.create(
        forfait=day, sector="private", amount=750, valid_from=START
    )
    ref.TariffForfaitValue.objects.create(
        forfait=day, sector="public", amount=300, valid_from=START
    )
    frame = ref.Device.objects.create(code="OPT-MONTURE", label="Monture", category="optics")
    ref.DeviceForfait.objects.create(device=frame, amount=400, valid_from=START)
    eans = []
    for group in range(150):
        ppv = D(rng.randint(2000, 40000)) / 100
        for generic in (False, True):
            medicine = ref.Medicine.objects.create(
                ean13=_ean(rng),
                brand=f"Marque {group}{'G' if generic else ''}",
                inn=f"dci {group}",
                form="comprimé",
                generic_group=f"G{group}",
                is_generic=generic,
            )
            price = (ppv * D("0.6")).quantize(D("0.01")) if generic else ppv
            ref.MedicinePrice.objects.create(
                medicine=medicine,
                ppv=price,
                pbr=(ppv * D("0.6")).quantize(D("0.01")),
                valid_from=START,
            )
            eans.append(medicine.ean13)
    region = ref.Region.objects.create(code="RB", name="Région banc")
    delegation = ref.Delegation.objects.create(
        code="DB", name="Délégation banc", region=region, seat="Ville"
    )
    city = ref.City.objects.create(name="Ville banc", region=region, delegation=delegation)
    kinds = ["gp", "specialist", "pharmacy", "laboratory", "clinic", "public_hospital", "optician"]
    providers = ref.Provider.objects.bulk_create(
        ref.Provider(
            inpe=f"{300000000 + i}",
            name=f"P{i}",
            kind=kinds[i % len(kinds)],
            specialty="cardiology",
            sector="public" if kinds[i % len(kinds)] == "public_hospital" else "private",
            city=city,
        )
        for i in range(2000)
    )
    by_kind = {k: [p.inpe for p in providers if p.kind == k] for k in kinds}
    return scheme, eans, by_kind


def fund_create(n_claims: int, seed: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from openamo.claims.models import Claim, ClaimLine
    from openamo.members.models import Beneficiary, Member, RightsPeriod

    call_command("migrate", verbosity=0)
    if Claim.objects.exists():
        print(f"fund already there: {Claim.objects.count()} claims")
        return
    rng = random.Random(seed)
    t0 = time.perf_counter()
    scheme, eans, inpe = referential_create(rng)
    n_people = max(1, n_claims // 2)
    members = Member.objects.bulk_create(
        (
            Member(
                registration_number=f"{100000000 + i}",
                cin=f"BE{i:06d}"[:8],
                last_name=f"Nom{i}",
                first_name="Prénom",
                birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                sex="MF"[i % 2],
                scheme=scheme,
                registered_on=date(2010, 1, 1),
            )
            for i in range(n_people)
        ),
        batch_size=BATCH,
    )
    beneficiaries = Beneficiary.objects.bulk_create(
        (
            Beneficiary(
                member=m,
                role="member",
                rank=0,
                registration_number=m.registration_number,
                cin=m.cin,
                last_name=m.last_name,
                first_name=m.first_name,
                name_key=f"{m.last_name} {m.first_name}".lower(),
                birth_date=m.birth_date,
                scheme=scheme,
            )
            for m in members
        ),
        batch_size=BATCH,
    )
    RightsPeriod.objects.bulk_create(
        (
            RightsPeriod(beneficiary=b, kind="open", starts_on=date(2010, 1, 1))
            for b in beneficiaries
        ),
        batch_size=BATCH,
    )
    ids = [b.pk for b in beneficiaries]
    day0 = date(2025, 1, 1)
    for start in range(0, n_claims, BATCH):
        claims, lines = [], []
        for i in range(start, min(n_claims, start + BATCH)):
            care = day0 + timedelta(days=rng.randint(0, 360))
            bundle = [("act", "C", 1, 1, rng.choice(inpe["gp"]), care)]
            for _ in range(rng.choice([1, 2, 3, 4, 5])):
                kind = rng.random()
                if kind < 0.5:
                    bundle.append(
                        (
                            "medicine",
                            rng.choice(eans),
                            1,
                            rng.randint(1, 3),
                            rng.choice(inpe["pharmacy"]),
                            care,
                        )
                    )
                elif kind < 0.7:
                    bundle.append(
                        (
                            "act",
                            "B",
                            rng.choice([60, 120, 250]),
                            1,
                            rng.choice(inpe["laboratory"]),
                            care,
                        )
                    )
                elif kind < 0.8:
                    bundle.append(
                        ("act", "K", rng.choice([20, 50]), 1, rng.choice(inpe["clinic"]), care)
                    )
                elif kind < 0.85:
                    bundle.append(
                        ("device", "OPT-MONTURE", 1, 1, rng.choice(inpe["optician"]), care)
                    )
                elif kind < 0.9:
                    bundle.append(
                        (
                            "forfait",
                            "HOSP-DAY",
                            1,
                            rng.randint(1, 5),
                            rng.choice(inpe["clinic"] + inpe["public_hospital"]),
                            care,
                        )
                    )
                elif kind < 0.95:
                    bundle.append(("act", "Cs", 1, 1, rng.choice(inpe["specialist"]), care))
                else:
                    bundle.append(("act", "Z", 30, 1, rng.choice(inpe["gp"]), care))  # unknown key
            claim = Claim(
                reference=f"BENCH{i:010d}",
                beneficiary_id=ids[i % len(ids)],
                scheme=scheme,
                channel="electronic",
                deposit_date=care + timedelta(days=rng.choice([5, 20, 45, 61, 90])),
                first_care_date=care,
                last_care_date=care,
            )
            claims.append(claim)
            lines.append(bundle)
        Claim.objects.bulk_create(claims)
        ClaimLine.objects.bulk_create(
            ClaimLine(
                claim=claim,
                number=n,
                kind=k,
                code=code,
                coefficient=coef,
                quantity=qty,
                executor_inpe=who,
                care_date=day,
            )
            for claim, bundle in zip(claims, lines, strict=True)
            for n, (k, code, coef, qty, who, day) in enumerate(bundle, 1)
        )
        print(f"  {min(n_claims, start + BATCH):>9} claims generated", flush=True)
    print(
        f"fund: {n_people} beneficiaries, {n_claims} claims, {ClaimLine.objects.count()} lines in {time.perf_counter() - t0:.0f} s"
    )


def adjudicate(chunk: int, workers: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from openamo.claims.models import Claim, ClaimStatus
    from openamo.claims.services import claims_adjudicate_pending

    pending = Claim.objects.filter(status=ClaimStatus.RECEIVED).count()
    t0 = time.perf_counter()
    run = claims_adjudicate_pending(chunk=chunk, source="bench", workers=workers)
    seconds = time.perf_counter() - t0
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"pending claims: {pending}; adjudicated: {run.claims} claims, {run.lines} lines")
    print(f"workers: {workers}, chunk: {chunk}; time: {seconds:.1f} s")
    print(f"throughput: {run.claims / seconds:,.0f} claims/s, {run.lines / seconds:,.0f} lines/s")
    print(f"peak memory (largest batch process): {peak_mb:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100000)
    parser.add_argument("--chunk", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--phase", choices=["all", "generate", "adjudicate"], default="all")
    args = parser.parse_args()
    if args.phase in ("all", "generate"):
        if args.phase == "all":
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--phase",
                    "generate",
                    "--claims",
                    str(args.claims),
                    "--seed",
                    str(args.seed),
                ],
                check=True,
            )
        else:
            fund_create(args.claims, args.seed)
    if args.phase in ("all", "adjudicate"):
        if args.phase == "all":
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--phase",
                    "adjudicate",
                    "--chunk",
                    str(args.chunk),
                    "--workers",
                    str(args.workers),
                ],
                check=True,
            )
        else:
            adjudicate(args.chunk, args.workers)


if __name__ == "__main__":
    main()
