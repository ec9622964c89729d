"""Providers, employers and families of the synthetic fund. Pure: random.Random(seed) in,
plain dataclasses out; rights derived by the pure `members.rights.rights_compute`."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from openamo.members import rights as core

from . import names, shape
from .refs import Catalogue, CityRef, ProviderRef
from .span import Span

AMO_START = date(2005, 9, 1)  # law 65-00 in force [C]
DAY = timedelta(days=1)


def rng_for(seed: int, stream: str, chunk: int = 0) -> random.Random:
    """An independent, reproducible stream (string seeds hash with SHA-512, not PYTHONHASHSEED)."""
    return random.Random(f"{seed}/{stream}/{chunk}")


def weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights)[0]


def day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def add_years(day: date, years: int) -> date:
    return core.add_years(day, years)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# ---- geography -----------------------------------------------------------------------------


def city_weights(cities: tuple[CityRef, ...]) -> tuple[list[CityRef], list[float]]:
    """Each city's share of the insured: the named shares, the rest by population."""
    named = sum(v for k, v in shape.CITY_SHARES.items() if any(c.name == k for c in cities))
    others = [c for c in cities if c.name not in shape.CITY_SHARES]
    pop = sum(c.population or 1 for c in others) or 1
    weights = [
        shape.CITY_SHARES[c.name]
        if c.name in shape.CITY_SHARES
        else (100 - named) * (c.population or 1) / pop
        for c in cities
    ]
    return list(cities), weights


# ---- providers -----------------------------------------------------------------------------

PREFIX = {
    "pharmacy": "Pharmacie",
    "laboratory": "Laboratoire d'analyses médicales",
    "radiology": "Centre de radiologie",
    "clinic": "Clinique",
    "dialysis_centre": "Centre d'hémodialyse",
    "oncology_centre": "Centre d'oncologie",
    "ophthalmology_centre": "Centre d'ophtalmologie",
    "public_hospital": "Hôpital",
    "chu": "Centre hospitalier universitaire",
    "military_hospital": "Hôpital militaire",
    "optician": "Optique",
}
PUBLIC_KINDS = {"public_hospital", "chu", "military_hospital"}
GENERATED_INPE = 900_000_000


def providers_generate(seed: int, beneficiaries: int, catalogue: Catalogue) -> list[ProviderRef]:
    """Providers by kind, in proportion to the fund's size, spread over the cities like the
    insured (hospitals and centres in the larger cities)."""
    rng = rng_for(seed, "providers")
    cities, weights = city_weights(catalogue.cities)
    big = [(c, w) for c, w in zip(cities, weights, strict=True) if w >= 1.5]
    out: list[ProviderRef] = []
    specialties = list(shape.SPECIALTIES)
    spec_weights = list(shape.SPECIALTIES.values())
    for kind, (per_100k, minimum) in shape.PROVIDERS.items():
        count = max(minimum, round(per_100k * beneficiaries / 100_000))
        for _ in range(count):
            if kind in PUBLIC_KINDS or kind.endswith("centre") or kind == "clinic":
                city = weighted(rng, [c for c, _ in big], [w for _, w in big])
            else:
                city = weighted(rng, cities, weights)
            specialty = weighted(rng, specialties, spec_weights) if kind == "specialist" else ""
            if kind in PUBLIC_KINDS:
                sector = "public"
            else:
                sector = "mutualist" if rng.random() < shape.MUTUALIST_SHARE else "private"
            if kind in ("gp", "specialist", "dentist", "physiotherapist", "nurse", "midwife"):
                first = rng.choice(names.MALE if rng.random() < 0.55 else names.FEMALE)
                title = "Dr " if kind in ("gp", "specialist", "dentist") else ""
                name = f"{title}{first} {rng.choice(names.LAST)}"
            elif kind == "speech_therapist":
                name = f"{rng.choice(names.FEMALE)} {rng.choice(names.LAST)}, orthophoniste"
            else:
                name = f"{PREFIX[kind]} {rng.choice(names.PLACES)} {city.name}"
            inpe = str(GENERATED_INPE + len(out) + 1)
            out.append(ProviderRef(inpe, name, kind, specialty, sector, city.name, city.region))
    return out


class ProviderPool:
    """Providers indexed by kind (and specialty) and place, for the care generator."""

    def __init__(self, providers: list[ProviderRef]):
        self.all = providers
        self.by_inpe = {p.inpe: p for p in providers}
        self._index: dict[tuple, list[ProviderRef]] = {}
        for p in providers:
            kind = (p.kind, p.specialty) if p.kind == "specialist" else (p.kind, "")
            for key in ((*kind, "city", p.city), (*kind, "region", p.region), (*kind, "all", "")):
                self._index.setdefault(key, []).append(p)
            if p.kind == "specialist":
                for key in (("specialist", "*", "city", p.city), ("specialist", "*", "all", "")):
                    self._index.setdefault(key, []).append(p)

    def candidates(self, kind: str, city: str, region: str, specialty: str = ""):
        for key in ((kind, specialty, "city", city), (kind, specialty, "region", region)):
            if found := self._index.get(key):
                return found
        return self._index.get((kind, specialty, "all", "")) or self._index.get(
            ("specialist", "*", "all", "") if kind == "specialist" else ("gp", "", "all", ""), []
        )

    def pick(self, rng, kind: str, city: str, region: str, specialty: str = "") -> ProviderRef:
        return rng.choice(self.candidates(kind, city, region, specialty))


# ---- employers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerSpec:
    code: str
    name: str
    pension_fund: bool


def employers_generate() -> list[EmployerSpec]:
    return [EmployerSpec(c, n, False) for c, n, _ in shape.ADMINISTRATIONS] + [
        EmployerSpec(c, n, True) for c, n, _ in shape.PENSION_FUNDS
    ]


# ---- families ------------------------------------------------------------------------------


@dataclass
class Person:
    rank: int
    role: str  # member / spouse / child
    sex: str
    first_name: str
    last_name: str
    birth_date: date
    cin: str = ""
    linked_on: date | None = None
    student_until: date | None = None
    disabled: bool = False
    death: date | None = None
    ald: list[tuple[str, date, date | None]] = field(default_factory=list)
    dialysis: bool = False
    chemo: bool = False
    fictitious: bool = False
    rights: core.BeneficiaryRights | None = None


@dataclass
class Family:
    index: int  # global, from 0
    chunk: int
    registration_number: str
    status: str  # active / retired (at the start of the year)
    city: CityRef
    employer: str  # employer code (administration, or pension fund for retirees)
    mutuelle: str | None
    registered_on: date
    salary: Decimal  # monthly gross salary or pension
    persons: list[Person]
    events: list[tuple[str, date, int | None]] = field(default_factory=list)  # kind, day, rank
    retired_on: date | None = None  # retirement during the year

    @property
    def member(self) -> Person:
        return self.persons[0]


def luhn_digit(digits: str) -> int:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def registration_number(index: int, offset: int) -> str:
    body = f"{offset + index + 1:08d}"
    return body + str(luhn_digit(body))


def cin_for(serial: int) -> str:
    prefix = names.CIN_PREFIXES[(serial // 1_000_000) % len(names.CIN_PREFIXES)]
    return f"{prefix}{serial % 1_000_000:06d}"


def _band(rng, bands):
    lo, hi, _ = weighted(rng, bands, [b[2] for b in bands])
    return rng.randint(lo, hi)


def _birth(rng, age: int, on: date) -> date:
    return on - timedelta(days=365 * age + rng.randint(0, 364))


def family_generate(rng, index: int, chunk: int, ctx: "PopulationContext") -> Family:
    year_start = ctx.span.start
    retired = rng.random() < shape.RETIRED_SHARE
    status = "retired" if retired else "active"
    age = _band(rng, shape.RETIRED_AGES if retired else shape.ACTIVE_AGES)
    sex = "F" if rng.random() < shape.FEMALE_SHARE[status] else "M"
    birth = _birth(rng, age, year_start)
    last = rng.choice(names.LAST)
    first = rng.choice(names.FEMALE if sex == "F" else names.MALE)
    serial = index * 2
    member = Person(0, "member", sex, first, last, birth, cin=cin_for(ctx.cin_offset + serial))
    city = weighted(rng, ctx.cities, ctx.city_weights)
    hired = max(AMO_START, add_years(birth, rng.randint(22, 30)) + timedelta(rng.randint(0, 300)))
    grade = weighted(rng, shape.GRADES, [g[1] for g in shape.GRADES])
    salary = Decimal(rng.randint(grade[2], grade[3]) // 10 * 10)
    events: list[tuple[str, date, int | None]] = [("hire", hired, None)]
    retired_on = None
    if retired:
        retired_on_past = add_years(birth, shape.RETIREMENT_AGE)
        if retired_on_past <= hired:
            hired = max(AMO_START, retired_on_past - timedelta(days=365))
            events = [("hire", hired, None)]
        events.append(("retire", retired_on_past, None))
        ratio = rng.uniform(*shape.PENSION_RATIO)
        salary = max(
            Decimal(shape.PENSION_MIN),
            (salary * Decimal(str(round(ratio, 2)))).quantize(Decimal(10)),
        )
        employer = weighted(
            rng, [p[0] for p in shape.PENSION_FUNDS], [p[2] for p in shape.PENSION_FUNDS]
        )
    else:
        employer = weighted(
            rng, [a[0] for a in shape.ADMINISTRATIONS], [a[2] for a in shape.ADMINISTRATIONS]
        )
        turns = add_years(birth, shape.RETIREMENT_AGE)  # retires on the birthday
        if year_start <= turns <= ctx.span.end:
            retired_on = turns
            events.append(("retire", turns, None))
    mutuelle = None
    if rng.random() < shape.MUTUELLE_SHARE:
        mutuelle = weighted(rng, [m[0] for m in shape.MUTUELLES], [m[2] for m in shape.MUTUELLES])
    persons = [member]
    if rng.random() < shape.SPOUSE_SHARE[(status, sex)]:
        gap = rng.gauss(shape.SPOUSE_AGE_GAP, 3)
        s_birth = birth + timedelta(days=int(365 * (gap if sex == "M" else -gap)))
        s_sex = "F" if sex == "M" else "M"
        married = max(add_years(max(birth, s_birth), rng.randint(20, 30)), birth + DAY)
        married = min(married, year_start - DAY)
        persons.append(
            Person(
                1,
                "spouse",
                s_sex,
                rng.choice(names.FEMALE if s_sex == "F" else names.MALE),
                rng.choice(names.LAST),
                s_birth,
                cin=cin_for(ctx.cin_offset + serial + 1),
                linked_on=married,
            )
        )
        mother_birth = s_birth if s_sex == "F" else birth
        _children(rng, persons, mother_birth, married, last, ctx.span)
    elif rng.random() < 0.15:  # a widowed or divorced parent with children [I]
        _children(
            rng,
            persons,
            birth if sex == "F" else birth + timedelta(days=1800),
            birth,
            last,
            ctx.span,
        )
    family = Family(
        index,
        chunk,
        registration_number(index, ctx.regno_offset),
        status,
        city,
        employer,
        mutuelle,
        hired,
        salary,
        persons,
        events,
        retired_on,
    )
    _life_events(rng, family, ctx.span)
    return family


def _children(rng, persons, mother_birth, married, last, span: Span):
    year_start = span.start
    wanted = min(6, _poisson(rng, shape.CHILDREN_MEAN))
    used_names = set()
    lo, hi = shape.MOTHER_AGE_AT_BIRTH
    for _ in range(wanted):
        born = add_years(mother_birth, rng.randint(lo, hi - 1)) + timedelta(rng.randint(0, 364))
        born = max(born, married)
        if born >= year_start or age_on(born, year_start) >= 26:
            continue
        sex = "F" if rng.random() < 0.49 else "M"
        first = rng.choice(names.FEMALE if sex == "F" else names.MALE)
        if first in used_names:
            continue
        used_names.add(first)
        child = Person(len(persons), "child", sex, first, last, born, linked_on=born)
        age = age_on(born, year_start)
        if age >= 20 and rng.random() < shape.STUDENT_SHARE:
            child.student_until = span.at(9, 30)
        child.disabled = rng.random() < shape.DISABLED_SHARE
        persons.append(child)


def _poisson(rng, mean: float) -> int:
    if mean <= 0:
        return 0
    # Knuth's method (small means); exact and deterministic for a given rng state.
    import math

    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _life_events(rng, family: Family, span: Span) -> None:
    """Deaths and births during the generated span."""
    start, end = span.start, span.end
    for person in family.persons:
        status = "retired" if age_on(person.birth_date, start) >= 63 else "active"
        if rng.random() < shape.DEATH_RATE[status] * (0.3 if person.role == "child" else 1):
            person.death = day_between(rng, start, end)
            family.events.append(("death", person.death, None if person.rank == 0 else person.rank))
    mother = next((p for p in family.persons if p.sex == "F" and p.role != "child"), None)
    couple = len([p for p in family.persons if p.role in ("member", "spouse")]) == 2
    if (
        couple
        and mother
        and age_on(mother.birth_date, start) < 40
        and mother.death is None
        and rng.random() < shape.BIRTH_RATE_COUPLE_UNDER_40
    ):
        born = day_between(rng, start, end - timedelta(days=10))
        sex = "F" if rng.random() < 0.49 else "M"
        taken = {p.first_name for p in family.persons}
        first = next(
            n for n in rng.sample(names.FEMALE if sex == "F" else names.MALE, 10) if n not in taken
        )
        child = Person(
            len(family.persons),
            "child",
            sex,
            first,
            family.member.last_name,
            born,
            linked_on=born,
        )
        family.persons.append(child)
        family.events.append(("birth", born, child.rank))


@dataclass
class PopulationContext:
    span: Span
    cities: list[CityRef]
    city_weights: list[float]
    ald_codes: list[str]
    ald_weights: list[float]
    ald_lifetime: dict[str, bool]
    rules: core.SchemeRules
    regno_offset: int = 0
    cin_offset: int = 0


def context_build(
    catalogue: Catalogue, span: "Span | int", regno_offset=0, cin_offset=0
) -> PopulationContext:
    cities, weights = city_weights(catalogue.cities)
    known = {a.code: a for a in catalogue.ald}
    codes = [c for c in shape.ALD_WEIGHTS if c in known]
    return PopulationContext(
        Span.coerce(span),
        cities,
        weights,
        codes,
        [shape.ALD_WEIGHTS[c] for c in codes],
        {c: known[c].lifetime for c in codes},
        catalogue.rules,
        regno_offset,
        cin_offset,
    )


def _age_weight(age: int) -> float:
    for lo, hi, w in shape.ALD_AGE_WEIGHT:
        if lo <= age <= hi:
            return w
    return 1.0


def ald_assign(rng, families: list[Family], ctx: PopulationContext) -> None:
    """~7 % of the chunk's beneficiaries get an exemption, more often with age; the exemption
    covers the year (5 years, or lifetime for the listed conditions; renewed if it lapsed)."""
    start = ctx.span.start
    persons = [p for f in families for p in f.persons if not p.fictitious]
    weights = [_age_weight(age_on(p.birth_date, start)) for p in persons]
    scale = shape.ALD_TARGET_SHARE * len(persons) / (sum(weights) or 1)
    for person, w in zip(persons, weights, strict=True):
        if rng.random() >= min(1.0, w * scale) or not ctx.ald_codes:
            continue
        code = weighted(rng, ctx.ald_codes, ctx.ald_weights)
        person.ald.append(_exemption(rng, code, person, ctx))
        person.dialysis = code == "ALD17" and rng.random() < shape.DIALYSIS_SHARE
        person.chemo = code in ("ALD38", "ALD2") and rng.random() < shape.CHEMO_SHARE


def _exemption(rng, code: str, person: Person, ctx: PopulationContext):
    year_start = ctx.span.start
    earliest = max(person.birth_date + DAY, add_years(year_start, -6), AMO_START)
    if rng.random() < 0.1:  # diagnosed during the year
        starts = day_between(rng, year_start, ctx.span.at(10, 31))
    else:
        starts = day_between(rng, earliest, year_start - DAY)
    starts = max(starts, person.birth_date + DAY)
    if ctx.ald_lifetime.get(code):
        return (code, starts, None)
    while True:
        years = _years(ctx, starts)
        ends = add_years(starts, years) - DAY
        if ends >= year_start:
            return (code, starts, ends)
        starts = ends + DAY  # renewed


def _years(ctx: PopulationContext, day: date) -> int:
    value = ctx.rules.value_on("ald_exemption_years", day)
    return int(value) if value is not None else 5


def rights_derive(family: Family, rules: core.SchemeRules) -> None:
    """The rights of every person by the pure core, as `member_rights_recompute` does."""
    persons = tuple(
        core.Person(
            key=p.rank,
            role=p.role,
            birth_date=p.birth_date,
            linked_on=p.linked_on,
            student_until=p.student_until,
            disabled=p.disabled,
            has_ald=bool(p.ald),
        )
        for p in family.persons
    )
    history = core.FamilyHistory(
        registered_on=family.registered_on,
        status=family.status if family.retired_on is None else "retired",
        persons=persons,
        events=tuple(core.Event(k, d, r) for k, d, r in sorted(family.events, key=lambda e: e[1])),
    )
    for person, result in zip(family.persons, core.rights_compute(history, rules), strict=True):
        person.rights = result


def families_generate(seed: int, chunk: int, count: int, ctx: PopulationContext) -> list[Family]:
    """`count` families of chunk `chunk` (global indexes chunk × FAMILIES_PER_CHUNK + i)."""
    rng = rng_for(seed, "families", chunk)
    first = chunk * shape.FAMILIES_PER_CHUNK
    families = [family_generate(rng, first + i, chunk, ctx) for i in range(count)]
    ald_assign(rng_for(seed, "ald", chunk), families, ctx)
    return families
