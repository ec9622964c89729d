"""A year of claim files for a chunk of families. Pure: plain dataclasses, Decimal money.

The mix follows a public-sector fund (shape.py): ambulatory episodes (consultation, medicines
box by box, biology, imaging), dental, optics, physiotherapy, hospital stays and deliveries,
ALD patients filing monthly for their medicines with a quarterly specialist visit, dialysis
patients three sessions a week, oncology cycles every 21 days. Lines are as submitted (the
fund's engine adjudicates them later); fees above the tariff are what private practice charges.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import shape
from .population import Family, Person, ProviderPool, age_on, day_between, weighted
from .refs import MedicineRef
from .span import Span

D1 = Decimal(1)
DAY = timedelta(days=1)


@dataclass
class LineSpec:
    kind: str
    code: str
    care_date: date
    executor: str
    prescriber: str = ""
    coefficient: Decimal = D1
    quantity: Decimal = D1
    charged: Decimal | None = None
    prescribed_quantity: Decimal | None = None
    prescription_date: date | None = None
    ald_code: str = ""
    authorization_ref: str = ""


@dataclass
class ClaimSpec:
    family: int  # global family index
    rank: int
    tag: str  # consultation / dental / optics / physio / stay / ald / dialysis / oncology
    lines: list[LineSpec]
    deposit_date: date = date.min
    channel: str = "paper"
    continuous: bool = False
    ald_code: str = ""
    marks: list[tuple[str, tuple[int, ...], str, str]] = field(default_factory=list)
    # fraud marks: (pattern, line numbers (1-based, empty: the whole claim), provider, group)

    @property
    def first(self) -> date:
        return min(line.care_date for line in self.lines)

    @property
    def last(self) -> date:
        return max(line.care_date for line in self.lines)


# Medicines by use, matched on the INN (DCI) of the referential's medicines.
ACUTE = ("paracétamol", "ibuprofène", "amoxicilline", "diclofénac", "kétoprofène",
         "azithromycine", "céfixime", "oméprazole", "ésoméprazole", "cétirizine", "loratadine",
         "desloratadine", "phloroglucinol", "métoclopramide", "dompéridone", "trimébutine",
         "métronidazole", "ciprofloxacine", "clarithromycine", "céfuroxime", "doxycycline",
         "pantoprazole", "diosmectite", "lopéramide", "bétaméthasone", "prednisolone",
         "salbutamol", "fluconazole", "acide ascorbique", "sulfate ferreux", "multivitamines",
         "magnésium", "tramadol", "lévofloxacine", "cholécalciférol")  # fmt: skip
ALD_MEDICINES = {
    "ALD9": ("metformine", "gliclazide", "glimépiride", "insuline", "sitagliptine", "vildagliptine"),
    "ALD14": ("amlodipine", "périndopril", "losartan", "valsartan", "irbésartan", "indapamide",
              "bisoprolol", "ramipril", "candésartan", "nébivolol", "hydrochlorothiazide"),
    "ALD20": ("clopidogrel", "atorvastatine", "rosuvastatine", "bisoprolol", "trimétazidine",
              "isosorbide", "acide acétylsalicylique"),
    "ALD15": ("furosémide", "spironolactone", "carvédilol", "ramipril", "ivabradine"),
    "ALD17": ("époétine", "darbépoétine", "sévélamer", "calcitriol", "alfacalcidol", "fer"),
    "ALD38": ("tamoxifène", "létrozole", "anastrozole", "capécitabine", "bicalutamide",
              "erlotinib", "ondansétron"),
    "ALD2": ("imatinib", "hydroxycarbamide", "ondansétron"),
    "ALD27": ("olanzapine", "rispéridone", "halopéridol", "aripiprazole", "lithium"),
    "ALD6": ("budésonide", "fluticasone", "montélukast", "tiotropium", "salbutamol"),
    "ALD10": ("valproate", "carbamazépine", "lamotrigine", "lévétiracétam", "phénobarbital"),
    "ALD26": ("méthotrexate", "léflunomide", "hydroxychloroquine", "étanercept", "adalimumab"),
    "ALD23": ("entécavir", "ténofovir", "sofosbuvir"),
    "ALD13": ("latanoprost", "timolol", "brimonidine", "dorzolamide"),
    "ALD22": ("lévodopa", "pramipexole", "trihexyphénidyle"),
    "ALD31": ("interféron", "fingolimod"),
    "ALD33": ("dolutégravir", "éfavirenz", "lamivudine", "lopinavir"),
    "ALD21": ("mésalazine", "azathioprine", "adalimumab"),
    "ALD28": ("mésalazine", "sulfasalazine"),
    "ALD19": ("hydroxychloroquine", "prednisone"),
    "ALD11": ("rispéridone", "valproate"),
    "ALD1": ("clopidogrel", "atorvastatine", "acide acétylsalicylique"),
    "ALD5": ("clopidogrel", "rosuvastatine"),
    "ALD8": ("spironolactone", "lactulose"),
    "ALD18": ("tiotropium", "budésonide"),
}  # fmt: skip
ALD_SPECIALTY = {
    "ALD9": "endocrinology", "ALD14": "cardiology", "ALD20": "cardiology", "ALD15": "cardiology",
    "ALD17": "nephrology", "ALD38": "oncology", "ALD2": "oncology", "ALD27": "psychiatry",
    "ALD6": "pulmonology", "ALD10": "neurology", "ALD26": "rheumatology",
    "ALD23": "gastroenterology", "ALD13": "ophthalmology", "ALD22": "neurology",
    "ALD31": "neurology", "ALD21": "gastroenterology", "ALD28": "gastroenterology",
    "ALD18": "pulmonology", "ALD1": "neurology",
}  # fmt: skip
SURGERIES = (("CHIR-APPEND", 10, 3), ("CHIR-CHOLECYST", 9, 3), ("CHIR-HERNIE", 9, 2),
             ("CHIR-HEMORR", 5, 2), ("CHIR-THYRO", 4, 3), ("CHIR-CATARACTE", 8, 1),
             ("CHIR-AMYGDALE", 5, 1), ("CHIR-ARTHRO-GENOU", 4, 2), ("CHIR-OSTEOSYNTH", 5, 4),
             ("CHIR-PTH", 2, 7), ("CHIR-VARICES", 3, 2), ("CHIR-DISC", 3, 4),
             ("CHIR-PROSTATE", 3, 5), ("CHIR-HYSTER", 3, 5), ("CHIR-CURETAGE", 3, 1),
             ("EXP-CORO", 4, 1), ("LITHO-REIN", 3, 1))  # fmt: skip
MALE_ONLY = {"CHIR-PROSTATE"}
FEMALE_ONLY = {"CHIR-HYSTER", "CHIR-CURETAGE", "ACC-NORMAL", "ACC-CESAR", "CHIR-MASTECT"}
CONSULT_FEE = {"C": (120, 250), "Cs": (200, 400), "CNPSY": (250, 450), "CsC": (300, 500)}


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


class MedicineIndex:
    def __init__(self, medicines: tuple[MedicineRef, ...]):
        self.all = list(medicines)
        self.acute = [m for m in medicines if any(m.inn.startswith(a) for a in ACUTE)] or self.all
        self.by_ald = {
            code: [m for m in medicines if any(k in m.inn for k in keys)] or self.acute
            for code, keys in ALD_MEDICINES.items()
        }
        self.opioids = [m for m in medicines if "tramadol" in m.inn or "codéine" in m.inn]
        self.expensive = sorted(medicines, key=lambda m: -m.ppv)[: max(5, len(medicines) // 10)]

    def for_ald(self, code: str) -> list[MedicineRef]:
        return self.by_ald.get(code, self.acute)


@dataclass
class CareContext:
    span: Span
    pool: ProviderPool
    medicines: MedicineIndex
    forfaits: frozenset[str]
    devices: frozenset[str]

    @property
    def year(self) -> int:
        return self.span.year

    @property
    def start(self) -> date:
        return self.span.start

    @property
    def end(self) -> date:
        return self.span.end


def _alive_until(person: Person, ctx: CareContext) -> date:
    return min(ctx.end, person.death - DAY) if person.death else ctx.end


def _window(person: Person, ctx: CareContext) -> tuple[date, date] | None:
    start = max(ctx.start, person.birth_date)
    end = _alive_until(person, ctx)
    return (start, end) if start <= end else None


def _poisson(rng: random.Random, mean: float) -> int:
    import math

    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _rate_by_age(age: int) -> float:
    for lo, hi, rate in shape.EPISODES_BY_AGE:
        if lo <= age <= hi:
            return rate
    return 1.0


class Generator:
    """Claims of one family (the family's usual GP and pharmacy, its city)."""

    def __init__(self, rng: random.Random, ctx: CareContext, family: Family):
        self.rng, self.ctx, self.family = rng, ctx, family
        city = family.city
        self.city, self.region = city.name, city.region
        pool = ctx.pool
        self.gp = pool.pick(rng, "gp", self.city, self.region).inpe
        self.pharmacy = pool.pick(rng, "pharmacy", self.city, self.region).inpe
        self.lab = pool.pick(rng, "laboratory", self.city, self.region).inpe

    def pick(self, kind: str, specialty: str = "") -> str:
        return self.ctx.pool.pick(self.rng, kind, self.city, self.region, specialty).inpe

    def claim(self, person: Person, tag: str, lines: list[LineSpec], **kw) -> ClaimSpec:
        return ClaimSpec(self.family.index, person.rank, tag, lines, **kw)

    # ---- ambulatory ---------------------------------------------------------------------
    def prescription(self, prescriber: str, day: date, meds: list[MedicineRef], ald="", boxes=None):
        rng = self.rng
        pharmacy = self.pharmacy if rng.random() < 0.8 else self.pick("pharmacy")
        served = day + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        lines = []
        for med in meds:
            qty = Decimal(boxes or rng.choice((1, 1, 1, 2, 2, 3)))
            lines.append(
                LineSpec(
                    "medicine",
                    med.ean13,
                    served,
                    pharmacy,
                    prescriber,
                    quantity=qty,
                    prescribed_quantity=qty,
                    prescription_date=day,
                    ald_code=ald,
                )
            )
        return lines

    def consultation(self, person: Person, day: date, age: int) -> ClaimSpec:
        rng = self.rng
        if rng.random() < shape.SPECIALIST_SHARE:
            specialty = (
                "pediatrics"
                if age < 15 and rng.random() < 0.6
                else weighted(rng, list(shape.SPECIALTIES), list(shape.SPECIALTIES.values()))
            )
            if specialty == "gynecology" and person.sex == "M":
                specialty = "cardiology"
            doctor = self.pick("specialist", specialty)
            key = {"psychiatry": "CNPSY", "cardiology": "CsC"}.get(specialty, "Cs")
        else:
            doctor = self.gp if rng.random() < 0.75 else self.pick("gp")
            key = "C"
        lo, hi = CONSULT_FEE[key]
        lines = [LineSpec("act", key, day, doctor, charged=Decimal(rng.randrange(lo, hi + 1, 10)))]
        n = rng.randint(*shape.MEDICINES_PER_EPISODE)
        meds = rng.sample(self.ctx.medicines.acute, min(n, len(self.ctx.medicines.acute)))
        if rng.random() < 0.92:
            lines += self.prescription(doctor, day, meds)
        if rng.random() < shape.BIOLOGY_SHARE:
            coef = Decimal(rng.choice((40, 60, 80, 120, 160, 200, 300, 400)))
            lab = self.lab if rng.random() < 0.85 else self.pick("laboratory")
            lines.append(
                LineSpec(
                    "act",
                    "B",
                    day + timedelta(days=rng.randint(0, 5)),
                    lab,
                    doctor,
                    coefficient=coef,
                )
            )
        if rng.random() < shape.IMAGING_SHARE:
            code, coef = rng.choice((("Z", 15), ("Z", 30), ("Z", 40), ("KE", 35), ("KE", 50)))
            lines.append(
                LineSpec(
                    "act",
                    code,
                    day + timedelta(days=rng.randint(0, 10)),
                    self.pick("radiology"),
                    doctor,
                    coefficient=Decimal(coef),
                )
            )
        return self.claim(person, "consultation", lines)

    def dental(self, person: Person, day: date) -> ClaimSpec:
        rng = self.rng
        dentist = self.pick("dentist")
        lines = [
            LineSpec(
                "act",
                "D",
                day + timedelta(days=7 * i),
                dentist,
                coefficient=Decimal(rng.choice((10, 15, 20, 30, 40, 60))),
                charged=Decimal(rng.randrange(200, 900, 50)),
            )  # fmt: skip
            for i in range(rng.randint(1, 3))
        ]
        return self.claim(person, "dental", lines)

    def optics(self, person: Person, day: date, age: int) -> ClaimSpec:
        rng = self.rng
        doctor = self.pick("specialist", "ophthalmology")
        optician = self.pick("optician")
        frame = "OPT-MONTURE-ENF" if age < 16 else "OPT-MONTURE"
        lens = "OPT-VERRE-PROG" if age >= 45 and rng.random() < 0.6 else "OPT-VERRE-UNI"
        served = day + timedelta(days=rng.randint(3, 20))
        return self.claim(
            person,
            "optics",
            [
                LineSpec("act", "Cs", day, doctor, charged=Decimal(rng.randrange(250, 400, 50))),
                LineSpec("device", frame, served, optician, doctor, charged=Decimal(rng.randrange(400, 1500, 50))),
                LineSpec("device", lens, served, optician, doctor, quantity=Decimal(2),
                         charged=Decimal(rng.randrange(400, 2400, 100))),
            ],
        )  # fmt: skip

    def physio(self, person: Person, day: date) -> ClaimSpec:
        rng = self.rng
        doctor = self.pick("specialist", "orthopedics") if rng.random() < 0.5 else self.gp
        physio = self.pick("physiotherapist")
        sessions = rng.choice((6, 8, 10, 12, 15))
        return self.claim(
            person,
            "physio",
            [
                LineSpec("act", "AMM", day + timedelta(days=2 + 2 * i), physio, doctor, charged=Decimal(100))
                for i in range(sessions)
            ],
        )  # fmt: skip

    def stay(self, person: Person, day: date, age: int, window_end: date) -> ClaimSpec:
        rng = self.rng
        delivery = person.sex == "F" and 20 <= age <= 42 and rng.random() < 0.45
        public = rng.random() < 0.35
        kind = weighted(rng, ["public_hospital", "chu"], [3, 1]) if public else "clinic"
        facility = self.pick(kind)
        surgeon = self.pick("specialist", "gynecology" if delivery else "surgery")
        ref = f"PEC{self.ctx.year}{self.family.index:07d}{person.rank:02d}{day:%m%d}"
        if delivery:
            code, days = ("ACC-CESAR", 4) if rng.random() < 0.3 else ("ACC-NORMAL", 2)
        elif rng.random() < 0.35:
            code, days = "HOSP-MED", rng.randint(2, 9)
        else:
            options = [
                s
                for s in SURGERIES
                if s[0] not in (FEMALE_ONLY if person.sex == "M" else MALE_ONLY)
            ]
            code, _, days = weighted(rng, options, [s[1] for s in options])
        days = min(days, max(1, (window_end - day).days))
        factor = 1 if public else rng.uniform(1.0, 1.8)
        base = {"HOSP-MED": 600}.get(code, 0)
        lines = []
        if code == "HOSP-MED":
            lines.append(LineSpec("forfait", code, day, facility, surgeon, quantity=Decimal(days),
                                  charged=_money(base * days * factor), authorization_ref=ref))  # fmt: skip
        else:
            lines.append(LineSpec("forfait", code, day, facility, surgeon, authorization_ref=ref,
                                  charged=None if public else _money(rng.uniform(5000, 20000))))  # fmt: skip
            if code == "CHIR-CATARACTE":
                lines.append(
                    LineSpec(
                        "device", "IMP-CRISTALLIN", day, facility, surgeon, charged=Decimal(2500)
                    )
                )
            if code == "CHIR-PTH":
                lines.append(
                    LineSpec("device", "IMP-HANCHE", day, facility, surgeon, authorization_ref=ref)
                )
        meds = rng.sample(self.ctx.medicines.acute, 2)
        lines += self.prescription(surgeon, day + timedelta(days=days), meds)
        return self.claim(person, "stay", lines)

    # ---- chronic ---------------------------------------------------------------------------
    def ald_year(self, person: Person, code: str, window: tuple[date, date]) -> list[ClaimSpec]:
        rng = self.rng
        start, end = window
        specialty = ALD_SPECIALTY.get(code, "internal_medicine")
        doctor = self.pick("specialist", specialty)
        meds = rng.sample(
            self.ctx.medicines.for_ald(code),
            min(rng.randint(1, 3), len(self.ctx.medicines.for_ald(code))),
        )
        claims = []
        day0 = rng.randint(1, 25)
        for first in self.ctx.span.months():
            month, day = first.month, first.replace(day=day0)
            if not start <= day <= end or rng.random() < 0.08:  # a missed month now and then
                continue
            lines = []
            if month % 3 == day0 % 3:
                lines.append(
                    LineSpec(
                        "act",
                        "Cs",
                        day,
                        doctor,
                        charged=Decimal(rng.randrange(250, 400, 50)),
                        ald_code=code,
                    )
                )
                if rng.random() < 0.6:
                    lines.append(LineSpec("act", "B", day + timedelta(days=2), self.lab, doctor,
                                          coefficient=Decimal(rng.choice((60, 80, 120, 200))), ald_code=code))  # fmt: skip
            lines += self.prescription(doctor, day, meds, ald=code, boxes=1)
            claims.append(self.claim(person, "ald", lines, continuous=True, ald_code=code))
        return claims

    def dialysis_year(self, person: Person, window: tuple[date, date]) -> list[ClaimSpec]:
        rng = self.rng
        centre_kind = weighted(rng, ["dialysis_centre", "public_hospital", "chu"], [7, 2, 1])
        centre = self.pick(centre_kind)
        code = "DIAL-HP" if centre_kind == "public_hospital" else "DIAL"
        nephro = self.pick("specialist", "nephrology")
        ref = f"PEC{self.ctx.year}{self.family.index:07d}{person.rank:02d}DIA"
        offset = rng.choice((0, 1))  # Mon/Wed/Fri or Tue/Thu/Sat
        start, end = window
        claims = []
        month_lines: dict[int, list[LineSpec]] = {}
        day = start
        while day <= end:
            if day.weekday() in (offset, offset + 2, offset + 4):
                month_lines.setdefault((day.year, day.month), []).append(
                    LineSpec(
                        "forfait",
                        code,
                        day,
                        centre,
                        nephro,
                        ald_code="ALD17",
                        authorization_ref=ref,
                    )
                )
            day += DAY
        for _, lines in sorted(month_lines.items()):
            claims.append(self.claim(person, "dialysis", lines, continuous=True, ald_code="ALD17"))
        return claims

    def chemo_year(self, person: Person, code: str, window: tuple[date, date]) -> list[ClaimSpec]:
        rng = self.rng
        centre = self.pick(weighted(rng, ["oncology_centre", "chu"], [3, 1]))
        oncologist = self.pick("specialist", "oncology")
        ref = f"PEC{self.ctx.year}{self.family.index:07d}{person.rank:02d}ONC"
        start, end = window
        day = day_between(rng, start, max(start, end - timedelta(days=120)))
        claims = []
        for _ in range(6):
            if day > end:
                break
            lines = [
                LineSpec(
                    "forfait",
                    "CHIMIO",
                    day,
                    centre,
                    oncologist,
                    ald_code=code,
                    authorization_ref=ref,
                )
            ]
            lines += self.prescription(
                oncologist, day, rng.sample(self.ctx.medicines.for_ald(code), 1), ald=code, boxes=1
            )
            claims.append(self.claim(person, "oncology", lines, ald_code=code))
            day += timedelta(days=21)
        return claims

    # ---- a person's year ----------------------------------------------------------------------
    def person_year(self, person: Person) -> list[ClaimSpec]:
        rng, ctx = self.rng, self.ctx
        window = _window(person, ctx)
        if window is None or person.fictitious:
            return []
        start, end = window
        age = age_on(person.birth_date, ctx.start)
        claims = []
        for _ in range(_poisson(rng, _rate_by_age(age))):
            claims.append(self.consultation(person, day_between(rng, start, end), age))
        if age >= 3 and rng.random() < shape.DENTAL_RATE:
            claims.append(
                self.dental(person, day_between(rng, start, max(start, end - timedelta(days=15))))
            )
        if age >= 5 and rng.random() < shape.OPTICS_RATE * (2 if age >= 45 else 1):
            claims.append(
                self.optics(
                    person, day_between(rng, start, max(start, end - timedelta(days=20))), age
                )
            )
        if age >= 15 and rng.random() < shape.PHYSIO_RATE:
            claims.append(
                self.physio(person, day_between(rng, start, max(start, end - timedelta(days=40))))
            )
        stay_rate = shape.STAY_RATE + (0.1 if person.sex == "F" and 20 <= age <= 42 else 0)
        if rng.random() < stay_rate:
            claims.append(self.stay(person, day_between(rng, start, end), age, end))
        for code, _, _ in person.ald:
            if person.dialysis:
                claims += self.dialysis_year(person, window)
            if person.chemo:
                claims += self.chemo_year(person, code, window)
            claims += self.ald_year(person, code, window)
        return claims


def deposit_fill(rng: random.Random, claims: list[ClaimSpec]) -> None:
    """Deposit date and channel of each claim (after its last care)."""
    channels = [c[0] for c in shape.CHANNELS]
    channel_weights = [c[1] for c in shape.CHANNELS]
    for claim in claims:
        lo, hi, _ = weighted(rng, shape.DEPOSIT_DELAYS, [d[2] for d in shape.DEPOSIT_DELAYS])
        claim.deposit_date = claim.last + timedelta(days=rng.randint(lo, hi))
        claim.channel = weighted(rng, channels, channel_weights)


def claims_generate(
    rng: random.Random, families: list[Family], ctx: CareContext
) -> list[ClaimSpec]:
    claims: list[ClaimSpec] = []
    for family in families:
        generator = Generator(rng, ctx, family)
        for person in family.persons:
            claims += generator.person_year(person)
    return claims
