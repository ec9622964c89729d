"""Prior authorisations (prises en charge) of the generated fund. Pure: claims in, requests out.

Every reference a claim line carries (hospital stays, dialysis, chemotherapy, the implants of
a stay) comes from a request the fund granted before the care: one request per reference, for
the claim's beneficiary, from the executing establishment, valid over the care dates, with the
codes billed under it. Instant approval by rule for the types that allow it (types_pec.csv:
hospitalisation, surgery, deliveries, yearly dialysis, lithotripsy); a medical reviewer's
approval after the queue for the others (oncology, heavy explorations). Lines the fraud module
adds under a reference without asking for them (unbundling: the days and acts of a surgical
forfait billed apart) are not in the agreement, so the engine rejects them.

Besides, a few dozen requests are still waiting at the end of the year (care planned in
January): in the medical reviewers' queue, in the regional delegation's queue (a laboratory
whose direct-billing application is not decided yet), or waiting for a document.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from . import shape
from .care import CareContext, ClaimSpec
from .population import Family, day_between, weighted
from .span import Span

D1 = Decimal(1)
DIALYSIS_WEEKS = 52  # a yearly agreement: sessions per week × 52 (authorizations.services)
CHEMO_CYCLES, CHEMO_EVERY = 6, 21

# The type of request (types_pec.csv code) of the main code billed under a reference.
TYPE_OF_CODE = {"HOSP-MED": "HOSP_MED", "HOSP-JOUR": "HOSP_MED", "HOSP-PSY": "HOSP_MED",
                "REA": "REANIMATION", "COUV": "COUVEUSE", "DIAL": "DIALYSE", "DIAL-HP": "DIALYSE",
                "CHIMIO": "ONCOLOGIE"}  # fmt: skip
TYPE_OF_PREFIX = (("ACC-", "ACCOUCHEMENT"), ("CHIR-", "CHIR"), ("LITHO-", "LITHOTRITIE"),
                  ("EXP-", "EXPLORATION"), ("CURIE", "ONCOLOGIE"), ("RADIO-", "ONCOLOGIE"),
                  ("IMP-", "DISPOSITIF"))  # fmt: skip
# Types the rule approves at once (types_pec.csv, accord_instantane = oui); the others go to
# a medical reviewer.
INSTANT_TYPES = frozenset(
    {"HOSP_MED", "CHIR", "ACCOUCHEMENT", "DIALYSE", "BIOLOGIE", "IMAGERIE", "LITHOTRITIE",
     "OPTIQUE"}
)  # fmt: skip
# ICD-10 diagnosis of a request by the main code [I] (plausible, for display).
DIAGNOSIS = {
    "CHIR-APPEND": "K35.8", "CHIR-CHOLECYST": "K80.2", "CHIR-HERNIE": "K40.9",
    "CHIR-HEMORR": "K64.9", "CHIR-THYRO": "E04.2", "CHIR-CATARACTE": "H25.9",
    "CHIR-AMYGDALE": "J35.0", "CHIR-ARTHRO-GENOU": "M23.2", "CHIR-OSTEOSYNTH": "S82.2",
    "CHIR-PTH": "M16.9", "CHIR-VARICES": "I83.9", "CHIR-DISC": "M51.1",
    "CHIR-PROSTATE": "N40", "CHIR-HYSTER": "D25.9", "CHIR-CURETAGE": "O03.9",
    "EXP-CORO": "I25.1", "LITHO-REIN": "N20.0", "ACC-NORMAL": "O80", "ACC-CESAR": "O82.0",
    "DIAL": "N18.5", "DIAL-HP": "N18.5", "REA": "J96.0", "IMP-STIMULATEUR": "I44.2",
}  # fmt: skip
MEDICAL_DIAGNOSES = ("J18.9", "I50.9", "A09.9", "E11.6", "J44.1", "N39.0", "I63.9", "K85.9")
CANCER_DIAGNOSIS = {"ALD38": "C50.9", "ALD2": "C92.1"}


@dataclass
class ActSpec:
    kind: str
    code: str
    coefficient: Decimal = D1
    quantity: Decimal = D1
    charged: Decimal | None = None


@dataclass
class RequestSpec:
    """One request as the fund registered it, and its outcome."""

    reference: str
    family: int
    rank: int
    type_code: str
    provider: str  # INPE of the establishment
    doctor: str
    acts: list[ActSpec]
    planned_start: date
    planned_end: date
    submitted_at: datetime
    status: str  # approved | pending | incomplete
    queue: str = ""  # medical | delegation (while pending, or on the way to approval)
    rule: str = ""  # the rule that took the last step
    decided_after_hours: int = 0  # a reviewer's approval, hours after the submission
    stage: str = "initial"
    diagnosis: str = ""
    ald_code: str = ""
    sessions_per_week: int | None = None
    documents_missing: int = 0  # mandatory documents not sent (incomplete requests)


# Who decides the requests of each regional delegation's queues [I]: one medical reviewer and
# one agent per delegation, named after it; about one decision in ten comes after the 48 hours.
REVIEWER_LATE_EVERY = 10


DECIDERS = {"medical": ("medecin", "Médecin contrôleur"), "delegation": ("agent", "Agent")}


def reviewer_username(delegation_code: str, queue: str = "medical") -> str:
    return f"{DECIDERS[queue][0]}.{delegation_code.lower()}"


def reviewer_names(delegation_name: str, queue: str = "medical") -> tuple[str, str]:
    """(first name, last name) of who decides a delegation's queue, as pages show the decider."""
    return DECIDERS[queue][1], delegation_name[:150]


def reviewer_delay(hours: int) -> int:
    """A reviewer's decision delay from a drawn 3–44 hours: a round draw (10, 20, 30, 40)
    stands for a file that waited (the draw + 40 hours, past the 48 hours)."""
    return hours + 40 if hours % REVIEWER_LATE_EVERY == 0 else hours


def type_of(code: str) -> str:
    if code in TYPE_OF_CODE:
        return TYPE_OF_CODE[code]
    for prefix, type_code in TYPE_OF_PREFIX:
        if code.startswith(prefix):
            return type_code
    return "HOSP_MED"


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def yearly_end(start: date) -> date:
    """The last day of a one-year agreement starting on `start` (as authorizations.services)."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def _unbundled(claim: ClaimSpec) -> set[int]:
    return {n for pattern, lines, _, _ in claim.marks if pattern == "unbundling" for n in lines}


def granted_generate(rng: random.Random, claims: list[ClaimSpec], span) -> list[RequestSpec]:
    """The approved request behind each reference the claims carry, in a stable order."""
    span = Span.coerce(span)
    by_ref: dict[str, list] = {}
    for claim in claims:
        skip = _unbundled(claim)
        for number, line in enumerate(claim.lines, 1):
            if line.authorization_ref and number not in skip:
                by_ref.setdefault(line.authorization_ref, []).append((claim, line))
    out = []
    for ref in sorted(by_ref):
        items = by_ref[ref]
        claim, main = min(items, key=lambda x: (x[1].kind != "forfait", x[1].care_date))
        type_code = type_of(main.code)
        first = min(line.care_date for _, line in items)
        last = max(line.care_date for _, line in items)
        acts: dict[tuple[str, str], ActSpec] = {}
        for _, line in sorted(items, key=lambda x: (x[1].kind != "forfait", x[1].care_date)):
            key = (line.kind, line.code)
            if key in acts:  # the same code again (a duplicate, the next session)
                continue
            acts[key] = ActSpec(line.kind, line.code, line.coefficient, line.quantity, line.charged)
        spec = RequestSpec(
            ref, claim.family, claim.rank, type_code, main.executor, main.prescriber,
            list(acts.values()), first, last, _at(first, 9), "approved",
            diagnosis=DIAGNOSIS.get(main.code, ""), ald_code=main.ald_code,
        )  # fmt: skip
        if type_code == "DIALYSE":
            spec.planned_end = yearly_end(first)
            spec.sessions_per_week = shape.DIALYSIS_PER_WEEK
            for act in spec.acts:
                act.quantity = Decimal(shape.DIALYSIS_PER_WEEK * DIALYSIS_WEEKS)
            spec.stage = "renewal" if first <= span.at(1, 7) else "initial"
            spec.submitted_at = _at(first - timedelta(days=rng.randint(10, 30)), 10)
        elif type_code == "ONCOLOGIE":
            spec.planned_end = max(last, first + timedelta(days=CHEMO_EVERY * CHEMO_CYCLES))
            for act in spec.acts:
                if act.code == "CHIMIO":
                    act.quantity = Decimal(CHEMO_CYCLES)
            spec.diagnosis = CANCER_DIAGNOSIS.get(main.ald_code, "C80.9")
            spec.submitted_at = _at(first - timedelta(days=rng.randint(5, 15)), 11)
        else:
            if main.code.startswith("HOSP-"):
                spec.planned_end = max(last, first + timedelta(days=int(main.quantity) - 1))
                spec.diagnosis = rng.choice(MEDICAL_DIAGNOSES)
            # admissions and deliveries are asked on the day; planned surgery before it
            urgent = main.code.startswith(("HOSP-", "ACC-", "CHIR-APPEND"))
            before = 0 if urgent else rng.randint(3, 20)
            spec.submitted_at = _at(first - timedelta(days=before), rng.randint(8, 17))
        spec.diagnosis = spec.diagnosis or "R69"
        if type_code in INSTANT_TYPES:
            spec.rule = "instant_approval"
        else:
            spec.queue = "medical"
            spec.decided_after_hours = reviewer_delay(rng.randint(3, 44))
            if spec.submitted_at + timedelta(hours=spec.decided_after_hours) > _at(first, 18):
                spec.submitted_at = _at(first - timedelta(days=3), 9)
        out.append(spec)
    return out


# ---- requests still waiting at the end of the year -------------------------------------------

# (weight, type, kind of establishment, specialty of the doctor, main act, status, queue, rule)
WAITING = (
    (30, "ONCOLOGIE", "oncology_centre", "oncology", ("forfait", "CHIMIO", 1, CHEMO_CYCLES),
     "pending", "medical", "medical_review_required"),
    (15, "EXPLORATION", "clinic", "cardiology", ("forfait", "EXP-CORO", 1, 1),
     "pending", "medical", "medical_review_required"),
    (10, "REANIMATION", "clinic", "internal_medicine", ("forfait", "REA", 1, 4),
     "pending", "medical", "medical_review_required"),
    (10, "DISPOSITIF", "clinic", "cardiology", ("device", "IMP-STIMULATEUR", 1, 1),
     "pending", "medical", "medical_review_required"),
    (20, "BIOLOGIE", "laboratory", "internal_medicine", ("act", "B", 300, 1),
     "pending", "delegation", "provider_not_agreed"),
    (15, "CHIR", "clinic", "surgery", ("forfait", "CHIR-CHOLECYST", 1, 1),
     "incomplete", "", "documents_missing"),
)  # fmt: skip


def waiting_generate(
    rng: random.Random, families: list[Family], ctx: CareContext, count: int
) -> list[RequestSpec]:
    """`count` requests waiting on the span's last day: most submitted within the 48 hours
    before it (inside their decision deadline), a few days earlier for the rest (late); care
    planned in the weeks after."""
    span = ctx.span
    persons = [
        (f, p)
        for f in families
        for p in f.persons
        if not p.fictitious and p.death is None and p.rights is not None
        and any(s.covers(ctx.end) and s.kind == "open" for s in p.rights.spans)
    ]  # fmt: skip
    out = []
    for family, person in rng.sample(persons, min(count, len(persons))):
        _, type_code, kind, specialty, act, status, queue, rule = weighted(
            rng, WAITING, [w[0] for w in WAITING]
        )
        city, region = family.city.name, family.city.region
        candidates = ctx.pool.candidates(kind, city, region)
        if rule == "provider_not_agreed":  # a laboratory not admitted to direct billing yet
            candidates = [p for p in candidates if p.generated] or [
                p for p in ctx.pool.all if p.kind == kind and p.generated
            ]
        provider = rng.choice(candidates).inpe
        doctor = ctx.pool.pick(rng, "specialist", city, region, specialty).inpe
        act_kind, code, coefficient, quantity = act
        start = day_between(rng, span.after(1, 5), span.after(1, 31))
        submitted = _submitted(rng, span.end)
        end = start + timedelta(days=CHEMO_EVERY * CHEMO_CYCLES if code == "CHIMIO" else 4)
        ald = next((c for c, _, _ in person.ald if c in CANCER_DIAGNOSIS), "")
        out.append(
            RequestSpec(
                f"PEC{span.end.year + 1}{family.index:07d}{person.rank:02d}ATT",
                family.index,
                person.rank,
                type_code,
                provider,
                doctor,
                [ActSpec(act_kind, code, Decimal(coefficient), Decimal(quantity))],
                start,
                end,
                submitted,
                status,
                queue,
                rule,
                diagnosis=CANCER_DIAGNOSIS.get(
                    ald, DIAGNOSIS.get(code, "C50.9" if code == "CHIMIO" else "R69")
                ),
                ald_code=ald if code == "CHIMIO" else "",
                documents_missing=1 if status == "incomplete" else 0,
            )  # fmt: skip
        )
    return out


REVIEWED_WEEKS = 8  # the reviewers' recent decisions spread over these weeks [I]


def reviewed_generate(
    rng: random.Random, families: list[Family], ctx: CareContext, count: int
) -> list[RequestSpec]:
    """`count` requests of the queues (the pending kinds of WAITING) a medical reviewer or the
    regional delegation approved over the last REVIEWED_WEEKS weeks, a few after their 48
    hours; care planned from a few days after the submission (some after the span's end)."""
    span = ctx.span
    reviewed = [w for w in WAITING if w[5] == "pending"]
    persons = [
        (f, p)
        for f in families
        for p in f.persons
        if not p.fictitious and p.death is None and p.rights is not None
        and any(s.covers(span.end) and s.kind == "open" for s in p.rights.spans)
    ]  # fmt: skip
    out = []
    for family, person in rng.sample(persons, min(count, len(persons))):
        _, type_code, kind, specialty, act, _, queue, rule = weighted(
            rng, reviewed, [w[0] for w in reviewed]
        )
        city, region = family.city.name, family.city.region
        candidates = ctx.pool.candidates(kind, city, region)
        if rule == "provider_not_agreed":  # the delegation decides for a laboratory not agreed
            candidates = [p for p in candidates if p.generated] or [
                p for p in ctx.pool.all if p.kind == kind and p.generated
            ]
        provider = rng.choice(candidates).inpe
        doctor = ctx.pool.pick(rng, "specialist", city, region, specialty).inpe
        act_kind, code, coefficient, quantity = act
        hours = reviewer_delay(rng.randint(3, 44))
        back = rng.randint(max(2, hours // 24 + 2), REVIEWED_WEEKS * 7)
        submitted = _at(span.end - timedelta(days=back), rng.randint(8, 17))
        start = submitted.date() + timedelta(days=rng.randint(4, 21))
        end = start + timedelta(days=CHEMO_EVERY * CHEMO_CYCLES if code == "CHIMIO" else 4)
        ald = next((c for c, _, _ in person.ald if c in CANCER_DIAGNOSIS), "")
        out.append(
            RequestSpec(
                f"PEC{span.end.year}{family.index:07d}{person.rank:02d}REV",
                family.index,
                person.rank,
                type_code,
                provider,
                doctor,
                [ActSpec(act_kind, code, Decimal(coefficient), Decimal(quantity))],
                start,
                end,
                submitted,
                "approved",
                queue,
                "",
                decided_after_hours=hours,
                diagnosis=CANCER_DIAGNOSIS.get(
                    ald, DIAGNOSIS.get(code, "C50.9" if code == "CHIMIO" else "R69")
                ),
                ald_code=ald if code == "CHIMIO" else "",
            )  # fmt: skip
        )
    return out


def reviewed_count(persons: int) -> int:
    return round(persons * shape.REVIEWED_REQUESTS_PER_100K / 100_000)


def _submitted(rng: random.Random, end: date) -> datetime:
    """When a waiting request came in: 80 % from the morning before `end` to 8 o'clock on
    `end` (still inside 48 hours all day long), the rest 3 to 6 days before (late) [I]."""
    if rng.random() < 0.8:
        return _at(end - timedelta(days=1), 8) + timedelta(minutes=rng.randint(0, 24 * 60))
    return _at(end - timedelta(days=rng.randint(3, 6)), rng.randint(8, 17))


def waiting_count(persons: int) -> int:
    return round(persons * shape.WAITING_REQUESTS_PER_100K / 100_000)
