"""Injected fraud with its ground truth. Pure: rng in, claims changed or added, marks out.

Each pattern has a rate over a unit (shape.FRAUD_PATTERNS); the count injected is the rate
times the units seen so far, carried from chunk to chunk (so a pattern at 0.0004 of the
beneficiaries appears twice in 5,000). The marks are the labels: on a claim (and its lines),
on a beneficiary, or on a provider, with a group (a ring, a shopping spree, a clinic).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from . import shape
from .care import ClaimSpec, Generator, LineSpec
from .population import DAY, Family, Person, age_on, day_between
from .span import Span


@dataclass
class Label:
    pattern: str
    family: int | None = None
    rank: int | None = None
    provider: str = ""
    group: str = ""


@dataclass
class FraudState:
    """Rates by pattern and what was injected so far (carried across chunks)."""

    rates: dict[str, float]
    expected: dict[str, float] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    upcoders: frozenset[str] | None = None

    def quota(self, code: str, units: int) -> int:
        rate = self.rates.get(code, 0.0)
        if rate <= 0 or units <= 0:
            return 0
        self.expected[code] = self.expected.get(code, 0.0) + rate * units
        n = math.floor(self.expected[code] + 1e-9) - self.done.get(code, 0)
        if n <= 0 and self.done.get(code, 0) == 0:
            n = 1  # every pattern switched on appears at least once, even in a small fund
        self.done[code] = self.done.get(code, 0) + n
        return n


def default_rates(
    overrides: dict[str, float] | None = None, scale: float = 1.0
) -> dict[str, float]:
    rates = {p.code: p.rate * scale for p in shape.FRAUD_PATTERNS}
    for code, rate in (overrides or {}).items():
        if code not in rates:
            raise ValueError(f"motif de fraude inconnu : {code}")
        rates[code] = rate
    return rates


def _mark(claim: ClaimSpec, pattern: str, lines=(), provider="", group=""):
    claim.marks.append((pattern, tuple(lines), provider, group))


# ---- population stage (before rights are derived) ----------------------------------------


def population_inject(rng: random.Random, families: list[Family], state: FraudState, span):
    span = Span.coerce(span)
    labels: list[Label] = []
    start = span.start
    n = state.quota("fictitious_dependent", len(families))
    for family in rng.sample(families, min(n, len(families))):
        has_spouse = any(p.role == "spouse" for p in family.persons)
        role = "child" if has_spouse else "spouse"
        member = family.member
        birth = (
            start - timedelta(days=rng.randint(8, 17) * 365)
            if role == "child"
            else member.birth_date + timedelta(days=rng.randint(-4000, 4000))
        )
        sex = "F" if member.sex == "M" or role == "child" else "M"
        taken = {p.first_name for p in family.persons}
        first = next(x for x in ("Salma", "Hind", "Nora", "Ghita", "Rim", "Aya") if x not in taken)
        person = Person(
            len(family.persons),
            role,
            sex,
            first,
            member.last_name if role == "child" else "Fictif" + member.last_name[:3],
            birth,
            linked_on=day_between(rng, start - timedelta(days=90), span.at(5, 31)),
            fictitious=True,
        )
        family.persons.append(person)
        labels.append(
            Label("fictitious_dependent", family.index, person.rank, group=f"fd-{family.index}")
        )
    persons = [(f, p) for f in families for p in f.persons if not p.fictitious]
    n = state.quota("care_after_death", len(persons))
    elderly = [(f, p) for f, p in persons if p.death is None and age_on(p.birth_date, start) >= 55]
    for family, person in rng.sample(elderly, min(n, len(elderly))):
        person.death = day_between(rng, span.at(2, 1), span.at(9, 30))
        family.events.append(("death", person.death, None if person.rank == 0 else person.rank))
        labels.append(
            Label(
                "care_after_death",
                family.index,
                person.rank,
                group=f"dead-{family.index}-{person.rank}",
            )
        )
    return labels


# ---- claims stage --------------------------------------------------------------------------


def _physicians(pool) -> list[str]:
    return sorted(p.inpe for p in pool.all if p.kind in ("gp", "specialist"))


def claims_inject(
    rng: random.Random,
    families: list[Family],
    claims: list[ClaimSpec],
    state: FraudState,
    ctx,
    dead: list[Label],
) -> list[Label]:
    labels: list[Label] = []
    by_index = {f.index: f for f in families}
    gens = {}

    def gen(family: Family) -> Generator:
        if family.index not in gens:
            gens[family.index] = Generator(rng, ctx, family)
        return gens[family.index]

    def person_of(claim: ClaimSpec) -> tuple[Family, Person]:
        family = by_index[claim.family]
        return family, family.persons[claim.rank]

    # upcoding: a fixed set of physicians over the whole fund, chosen once
    if state.upcoders is None:
        physicians = _physicians(ctx.pool)
        n = state.quota("upcoding", len(physicians))
        busy = [p for p in physicians if ctx.pool.by_inpe[p].generated] or physicians
        state.upcoders = frozenset(rng.sample(busy, min(n, len(busy))))
        labels += [
            Label("upcoding", provider=p, group=f"upcoder-{p}") for p in sorted(state.upcoders)
        ]
    upgrade = {"C": "Cs", "Cs": "CsC", "CsC": "Vs", "CNPSY": "VNPSY"}
    for claim in claims:
        for number, line in enumerate(claim.lines, 1):
            if (
                line.kind == "act"
                and line.executor in state.upcoders
                and line.code in upgrade
                and rng.random() < 0.6
            ):
                line.code = upgrade[line.code]
                _mark(claim, "upcoding", (number,), line.executor, f"upcoder-{line.executor}")

    base = list(claims)
    # duplicates: within the claim, or the same line again in a second claim
    for claim in rng.sample(base, min(state.quota("duplicate_line", len(base)), len(base))):
        line = rng.choice(claim.lines)
        copy = LineSpec(**vars(line))
        if rng.random() < 0.5:
            claim.lines.append(copy)
            _mark(claim, "duplicate_line", (len(claim.lines),), line.executor)
        else:
            again = ClaimSpec(claim.family, claim.rank, claim.tag, [copy], ald_code=claim.ald_code)
            claims.append(again)
            _mark(again, "duplicate_line", (1,), line.executor)

    # unbundling: a surgical forfait billed with its days and acts, an ECG billed apart
    bundled = [
        c
        for c in base
        if any(x.code.startswith(("CHIR-", "ACC-")) or x.code == "CsC" for x in c.lines)
    ]
    for claim in rng.sample(bundled, min(state.quota("unbundling", len(bundled)), len(bundled))):
        for number, line in enumerate(claim.lines, 1):
            if line.code == "CsC":
                line.code = "Cs"
                claim.lines.append(
                    LineSpec(
                        "act",
                        "K",
                        line.care_date,
                        line.executor,
                        coefficient=Decimal(10),
                        charged=Decimal(150),
                    )
                )
                _mark(claim, "unbundling", (number, len(claim.lines)), line.executor)
                break
            if line.code.startswith(("CHIR-", "ACC-")):
                claim.lines.append(
                    LineSpec(
                        "forfait",
                        "HOSP-MED",
                        line.care_date,
                        line.executor,
                        quantity=Decimal(3),
                        authorization_ref=line.authorization_ref,
                    )
                )
                claim.lines.append(
                    LineSpec("act", "K", line.care_date, line.executor, coefficient=Decimal(50))
                )
                _mark(claim, "unbundling", (len(claim.lines) - 1, len(claim.lines)), line.executor)
                break

    # quantities beyond the treatment's duration
    medicine_claims = [c for c in base if any(x.kind == "medicine" for x in c.lines)]
    for claim in rng.sample(
        medicine_claims,
        min(state.quota("quantity_beyond_duration", len(medicine_claims)), len(medicine_claims)),
    ):
        number, line = next((n, x) for n, x in enumerate(claim.lines, 1) if x.kind == "medicine")
        line.quantity = line.prescribed_quantity = Decimal(rng.randint(8, 15))
        _mark(claim, "quantity_beyond_duration", (number,), line.executor)

    # the same prescription dispensed again at other pharmacies
    for claim in rng.sample(
        medicine_claims,
        min(state.quota("prescription_reuse", len(medicine_claims)), len(medicine_claims)),
    ):
        family, person = person_of(claim)
        meds = [x for x in claim.lines if x.kind == "medicine"]
        group = f"rx-{claim.family}-{claim.rank}-{meds[0].prescription_date}"
        _mark(claim, "prescription_reuse", (), meds[0].executor, group)
        for _ in range(rng.randint(1, 2)):
            pharmacy = gen(family).pick("pharmacy")
            lines = [
                LineSpec(
                    **{
                        **vars(x),
                        "executor": pharmacy,
                        "care_date": x.care_date + timedelta(days=rng.randint(0, 3)),
                    }
                )
                for x in meds
            ]
            again = ClaimSpec(claim.family, claim.rank, "consultation", lines)
            claims.append(again)
            _mark(again, "prescription_reuse", (), pharmacy, group)

    # ambulatory care billed while the beneficiary was in hospital
    stays = [
        c
        for c in base
        if c.tag == "stay" and any(x.code == "HOSP-MED" and x.quantity >= 3 for x in c.lines)
    ]
    for claim in rng.sample(stays, min(state.quota("care_during_stay", len(stays)), len(stays))):
        family, person = person_of(claim)
        stay = next(x for x in claim.lines if x.code == "HOSP-MED")
        day = stay.care_date + timedelta(days=rng.randint(1, int(stay.quantity) - 1))
        g = gen(family)
        doctor = g.pick("gp")
        lines = [LineSpec("act", "C", day, doctor, charged=Decimal(200))]
        lines += g.prescription(doctor, day, rng.sample(ctx.medicines.acute, 2))
        for line in lines:
            line.care_date = day
        again = ClaimSpec(claim.family, claim.rank, "consultation", lines)
        claims.append(again)
        _mark(
            again,
            "care_during_stay",
            (),
            doctor,
            f"stay-{claim.family}-{claim.rank}-{stay.care_date}",
        )

    # more than three dialysis sessions in a week
    dialysis = sorted({(c.family, c.rank) for c in base if c.tag == "dialysis"})
    for key in rng.sample(
        dialysis, min(state.quota("dialysis_over_three", len(dialysis)), len(dialysis))
    ):
        months = [c for c in base if (c.family, c.rank) == key and c.tag == "dialysis"]
        for claim in rng.sample(months, min(len(months), rng.randint(1, 3))):
            first = claim.lines[0]
            extra_day = first.care_date + DAY
            if extra_day.weekday() == 6 or any(x.care_date == extra_day for x in claim.lines):
                extra_day += DAY
            claim.lines.append(LineSpec(**{**vars(first), "care_date": extra_day}))
            _mark(
                claim,
                "dialysis_over_three",
                (len(claim.lines),),
                first.executor,
                f"dial-{key[0]}-{key[1]}",
            )

    persons = [(f, p) for f in families for p in f.persons if not p.fictitious and p.death is None]
    span = ctx.span
    year = span.year

    def some(code: str, pool):
        return rng.sample(pool, min(state.quota(code, len(persons)), len(pool)))

    # impossible combinations: sex, age
    for family, person in some("sex_incompatible", persons):
        code = (
            "CHIR-PROSTATE"
            if person.sex == "F"
            else weighted_choice(rng, ("ACC-NORMAL", "CHIR-HYSTER"))
        )
        claims.append(_stay_claim(rng, gen(family), family, person, code, "sex_incompatible"))
    for family, person in some("age_incompatible", persons):
        age = age_on(person.birth_date, span.at(1, 1))
        g = gen(family)
        if age < 15:
            code = "ACC-NORMAL" if person.sex == "F" else "CHIR-PROSTATE"
            claims.append(_stay_claim(rng, g, family, person, code, "age_incompatible"))
        else:
            day = day_between(rng, span.at(1, 15), span.at(11, 30))
            optician = g.pick("optician")
            claim = ClaimSpec(
                family.index,
                person.rank,
                "optics",
                [LineSpec("device", "OPT-MONTURE-ENF", day, optician, charged=Decimal(600))],
            )
            _mark(claim, "age_incompatible", (1,), optician)
            claims.append(claim)

    # care after death (the persons were chosen before the rights were derived)
    for label in dead:
        family = by_index[label.family]
        person = family.persons[label.rank]
        g = gen(family)
        for _ in range(rng.randint(1, 3)):
            day = day_between(rng, person.death + timedelta(days=5), span.at(12, 31))
            doctor = g.gp
            lines = g.prescription(doctor, day, rng.sample(ctx.medicines.acute, 2))
            claim = ClaimSpec(family.index, person.rank, "consultation", lines)
            _mark(claim, "care_after_death", (), lines[0].executor, label.group)
            claims.append(claim)

    # phantom stays: one clinic, several insured, no care around the stay
    phantoms = some("phantom_stay", persons)
    if phantoms:
        g0 = gen(phantoms[0][0])
        clinic = g0.pick("clinic")
        for family, person in phantoms:
            day = day_between(rng, span.at(1, 10), span.at(11, 30))
            days = rng.randint(2, 5)
            claim = ClaimSpec(family.index, person.rank, "stay", [
                LineSpec("forfait", "HOSP-MED", day, clinic, quantity=Decimal(days), charged=Decimal(900 * days),
                         authorization_ref=f"PEC{year}{family.index:07d}{person.rank:02d}PH")])  # fmt: skip
            _mark(claim, "phantom_stay", (), clinic, f"phantom-{clinic}")
            claims.append(claim)

    # doctor and pharmacy shopping: 5+ prescribers and 5+ pharmacies within 90 days
    adults = [(f, p) for f, p in persons if age_on(p.birth_date, span.at(1, 1)) >= 18]
    wanted = ctx.medicines.opioids or ctx.medicines.acute
    for family, person in some("doctor_shopping", adults):
        g = gen(family)
        start = day_between(rng, span.at(1, 1), span.at(9, 30))
        group = f"shop-{family.index}-{person.rank}"
        doctors = _distinct(
            rng,
            lambda city=family.city: ctx.pool.pick(rng, "gp", city.name, city.region).inpe,
            ctx.pool,
            "gp",
            6,
        )
        pharmacies = _distinct(rng, lambda g=g: g.pick("pharmacy"), ctx.pool, "pharmacy", 6)
        for k in range(6):
            day = start + timedelta(days=k * 14 + rng.randint(0, 5))
            lines = [LineSpec("act", "C", day, doctors[k % len(doctors)], charged=Decimal(150))]
            lines += [LineSpec("medicine", m.ean13, day, pharmacies[k % len(pharmacies)], doctors[k % len(doctors)], quantity=Decimal(2),
                               prescribed_quantity=Decimal(2), prescription_date=day) for m in rng.sample(wanted, min(2, len(wanted)))]  # fmt: skip
            claim = ClaimSpec(family.index, person.rank, "consultation", lines)
            _mark(claim, "doctor_shopping", (), "", group)
            claims.append(claim)

    # collusion rings: a prescriber, one or two pharmacies or labs, 20-50 insured
    for _ in range(state.quota("collusion_ring", len(persons))):
        ring_city = max(families, key=lambda f: f.city.name == "Casablanca").city
        members = [(f, p) for f, p in persons if f.city == ring_city] or persons
        chosen = rng.sample(members, min(len(members), rng.randint(20, 50)))
        g = gen(chosen[0][0])
        prescriber = g.pick("gp")
        accomplices = [g.pick("pharmacy")] + (
            [g.pick("laboratory")] if rng.random() < 0.7 else [g.pick("pharmacy")]
        )
        group = f"ring-{prescriber}"
        labels.append(Label("collusion_ring", provider=prescriber, group=group))
        labels += [Label("collusion_ring", provider=p, group=group) for p in accomplices]
        for family, person in chosen:
            labels.append(Label("collusion_ring", family.index, person.rank, group=group))
            for _ in range(rng.randint(3, 8)):
                day = day_between(rng, span.at(1, 5), span.at(12, 10))
                lines = [LineSpec("act", "C", day, prescriber, charged=Decimal(200))]
                for m in rng.sample(ctx.medicines.expensive, 2):
                    lines.append(
                        LineSpec(
                            "medicine",
                            m.ean13,
                            day,
                            accomplices[0],
                            prescriber,
                            quantity=Decimal(3),
                            prescribed_quantity=Decimal(3),
                            prescription_date=day,
                        )
                    )
                if accomplices[1] != accomplices[0]:
                    kind = (
                        "act"
                        if ctx.pool.by_inpe[accomplices[1]].kind == "laboratory"
                        else "medicine"
                    )
                    if kind == "act":
                        lines.append(
                            LineSpec(
                                "act",
                                "B",
                                day,
                                accomplices[1],
                                prescriber,
                                coefficient=Decimal(rng.choice((300, 400, 500))),
                            )
                        )
                claim = ClaimSpec(family.index, person.rank, "consultation", lines)
                _mark(claim, "collusion_ring", (), prescriber, group)
                claims.append(claim)

    # consumption of the fictitious dependents, from their linking on
    for family in families:
        for person in family.persons:
            if not person.fictitious:
                continue
            g = gen(family)
            group = f"fd-{family.index}"
            for _ in range(rng.randint(3, 6)):
                day = day_between(rng, person.linked_on + timedelta(days=10), span.at(12, 15))
                doctor = g.pick("specialist", "internal_medicine")
                lines = [LineSpec("act", "Cs", day, doctor, charged=Decimal(350))]
                lines += g.prescription(doctor, day, rng.sample(ctx.medicines.expensive, 2))
                claim = ClaimSpec(family.index, person.rank, "consultation", lines)
                _mark(claim, "fictitious_dependent", (), doctor, group)
                claims.append(claim)
    return labels


def weighted_choice(rng, options):
    return rng.choice(options)


def _distinct(rng, draw, pool, kind: str, count: int) -> list[str]:
    found: list[str] = []
    for _ in range(count * 4):
        inpe = draw()
        if inpe not in found:
            found.append(inpe)
        if len(found) == count:
            return found
    for p in pool.all:  # a small pool: take the nationwide ones
        if p.kind == kind and p.inpe not in found:
            found.append(p.inpe)
        if len(found) == count:
            break
    return found


def _stay_claim(
    rng, g: Generator, family: Family, person: Person, code: str, pattern: str
) -> ClaimSpec:
    day = day_between(rng, g.ctx.span.at(1, 15), g.ctx.span.at(11, 30))
    clinic = g.pick("clinic")
    ref = f"PEC{g.ctx.year}{family.index:07d}{person.rank:02d}{pattern[:2].upper()}"
    claim = ClaimSpec(
        family.index,
        person.rank,
        "stay",
        [LineSpec("forfait", code, day, clinic, authorization_ref=ref)],
    )
    _mark(claim, pattern, (1,), clinic)
    return claim


PATTERNS = tuple(p.code for p in shape.FRAUD_PATTERNS)
