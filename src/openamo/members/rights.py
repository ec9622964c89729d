"""Rights periods derived from a family's history. Pure: no Django, no I/O.

Conventions (each a day, periods inclusive at both ends, `None` end = open-ended):
- a leaving, divorce or death day is the last covered day of what it ends; maintenance runs
  from the next day for N months (`add_months`, clamped to the month's end);
- a child is covered up to the day before the birthday of the age limit; a student proof
  extends this up to the day before the student age limit (while the proof is valid and the
  child unmarried); a disability proof removes the limit while it is valid;
- where the scheme has an opening rule (RIGHTS_OPENING_DAYS within RIGHTS_OPENING_WINDOW_MONTHS,
  CNSS), a job opens rights on the first day of the month after the month the declared days
  reach the threshold within the window, and its rights run to the end of the last declared
  month, then the maintenance; if the job goes on with no declarations (the employer stopped
  paying), beneficiaries with an ALD exemption keep ALD care (`ald_continuity`) until it ends.
Every figure comes from the scheme's dated parameters (`SchemeRules`), never from this file.
"""

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

OPEN, MAINTAINED, ALD_CONTINUITY, SUSPENDED = "open", "maintained", "ald_continuity", "suspended"
PRIORITY = (OPEN, MAINTAINED, ALD_CONTINUITY)
END = date.max
DAY = timedelta(days=1)

CHILD_AGE_LIMIT = "child_age_limit"
STUDENT_AGE_LIMIT = "student_age_limit"
MAINTENANCE = "rights_maintenance_months"
DIVORCE_MAINTENANCE = "rights_maintenance_divorce_months"
SURVIVOR_MAINTENANCE = "rights_maintenance_survivor_months"
OPENING_DAYS = "rights_opening_days"
OPENING_WINDOW = "rights_opening_window_months"


class MissingParameter(LookupError):
    """A rule needs a scheme parameter that is not in force on the day it applies."""


@dataclass(frozen=True)
class ParameterRow:
    code: str
    valid_from: date
    valid_to: date | None
    value: Decimal


@dataclass(frozen=True)
class SchemeRules:
    """The scheme's dated parameters, as plain rows."""

    rows: tuple[ParameterRow, ...] = ()

    def value_on(self, code: str, day: date) -> Decimal | None:
        """The value in force on `day`; before the first row, the first row's value (a child
        born before the scheme began reaches its age limit under the scheme's rules)."""
        rows = sorted((r for r in self.rows if r.code == code), key=lambda r: r.valid_from)
        for row in rows:
            if row.valid_from <= day <= (row.valid_to or END):
                return row.value
        if rows and day < rows[0].valid_from:
            return rows[0].value
        return None

    def int_on(self, code: str, day: date) -> int:
        value = self.value_on(code, day)
        if value is None:
            raise MissingParameter(f"paramètre « {code} » non défini le {day:%d/%m/%Y}")
        return int(value)


@dataclass(frozen=True)
class Person:
    """A member of the family: key is the caller's identity (a beneficiary id)."""

    key: int
    role: str  # member / spouse / child
    birth_date: date
    linked_on: date | None = None  # dependents: marriage, birth or addition day
    student_until: date | None = None
    disabled: bool = False
    disability_until: date | None = None
    married_on: date | None = None
    has_ald: bool = False


@dataclass(frozen=True)
class Event:
    kind: str  # hire, leave, retire, marry, divorce, birth, death
    day: date
    person_key: int | None = None  # None: the member


@dataclass(frozen=True)
class FamilyHistory:
    registered_on: date
    status: str  # active / retired / voluntary / self_employed
    persons: tuple[Person, ...]  # the member first
    events: tuple[Event, ...] = ()
    contribution_days: Mapping[date, int] = field(default_factory=dict)  # month start → days
    suspensions: tuple[tuple[date, date | None], ...] = ()


@dataclass(frozen=True)
class Span:
    start: date
    end: date | None
    kind: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= (self.end or END)


@dataclass(frozen=True)
class BeneficiaryRights:
    key: int
    spans: tuple[Span, ...]
    age_limit_on: date | None = None
    deceased_on: date | None = None


# ---- dates and intervals -------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    if day == END:
        return END
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def maintained_until(day: date, months: int) -> date:
    """The last day of N months of maintenance after `day` (a month's end stays a month's end:
    lost on 30 June, maintained 6 months up to 31 December)."""
    later = add_months(day, months)
    return month_end(later) if day == month_end(day) else later


Interval = tuple[date, date]


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[0] <= i[1]):
        if out and start <= (out[-1][1] + DAY if out[-1][1] < END else END):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    b = _merge(b)
    return _merge(
        (max(s1, s2), min(e1, e2)) for s1, e1 in _merge(a) for s2, e2 in b if s1 <= e2 and s2 <= e1
    )


def _subtract(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    out = _merge(a)
    for bs, be in _merge(b):
        pieces = []
        for s, e in out:
            if be < s or e < bs:
                pieces.append((s, e))
                continue
            if s < bs:
                pieces.append((s, bs - DAY))
            if be < e:
                pieces.append((be + DAY, e))
        out = pieces
    return out


Coverage = dict[str, list[Interval]]  # kind → intervals (may overlap across kinds)


def _restrict(coverage: Coverage, limits: list[Interval]) -> Coverage:
    return {kind: _intersect(spans, limits) for kind, spans in coverage.items()}


def _spans(coverage: Coverage, suspensions: list[Interval]) -> tuple[Span, ...]:
    """Non-overlapping labelled spans: open beats maintained beats ALD continuity."""
    taken: list[Interval] = []
    labelled: list[tuple[date, date, str]] = []
    for kind in PRIORITY:
        for s, e in _subtract(coverage.get(kind, []), taken):
            labelled.append((s, e, kind))
        taken = _merge(taken + coverage.get(kind, []))
    suspended = _intersect(taken, suspensions)
    pieces = [(s, e, k) for s0, e0, k in labelled for s, e in _subtract([(s0, e0)], suspended)]
    pieces += [(s, e, SUSPENDED) for s, e in suspended]
    return tuple(Span(s, None if e == END else e, k) for s, e, k in sorted(pieces))


# ---- the member's own coverage ---------------------------------------------------------------


@dataclass(frozen=True)
class _Spell:
    kind: str  # work / pension / voluntary
    start: date
    end: date  # END when open-ended
    ended_by_death: bool = False


def _spells(history: FamilyHistory, death: date | None) -> list[_Spell]:
    own = sorted(
        (
            e
            for e in history.events
            if e.person_key is None and e.kind in ("hire", "leave", "retire")
        ),
        key=lambda e: e.day,
    )
    if not any(e.kind in ("hire", "retire") for e in own):
        kind = {"active": "work", "retired": "pension", "self_employed": "work"}.get(
            history.status, "voluntary"
        )
        spells = [_Spell(kind, history.registered_on, END)]
    else:
        spells, current = [], None
        for event in own:
            if event.kind == "leave" and current and current[0] == "work":
                spells.append(_Spell("work", current[1], event.day))
                current = None
            elif event.kind in ("hire", "retire"):
                if current and current[0] == "work" and event.kind == "hire":
                    continue  # a change of employer: the job goes on
                if current:
                    spells.append(_Spell(current[0], current[1], event.day - DAY))
                current = ("work" if event.kind == "hire" else "pension", event.day)
        if current:
            spells.append(_Spell(current[0], current[1], END))
    if death is None:
        return spells
    return [
        _Spell(s.kind, s.start, min(s.end, death), ended_by_death=s.end >= death)
        for s in spells
        if s.start <= death
    ]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _opening_month(spell: _Spell, days: Mapping[date, int], threshold: int, window: int):
    first = _month_start(spell.start)
    declared = sorted(m for m, n in days.items() if n > 0 and first <= m <= spell.end)
    for month in declared:
        since = max(first, add_months(month, 1 - window))
        if sum(days[m] for m in declared if since <= m <= month) >= threshold:
            return month, declared
    return None, declared


def _member_coverage(history: FamilyHistory, rules: SchemeRules, death: date | None) -> Coverage:
    cov: Coverage = {OPEN: [], MAINTAINED: [], ALD_CONTINUITY: []}
    for spell in _spells(history, death):
        gated = spell.kind == "work" and rules.value_on(OPENING_DAYS, spell.start) is not None
        start, end = spell.start, spell.end
        if gated:
            threshold = rules.int_on(OPENING_DAYS, spell.start)
            window = rules.int_on(OPENING_WINDOW, spell.start)
            month, declared = _opening_month(spell, history.contribution_days, threshold, window)
            if month is None:
                continue
            start = add_months(month, 1)
            end = min(spell.end, month_end(declared[-1]))
        if start <= end:
            cov[OPEN].append((start, end))
        if spell.ended_by_death and end == spell.end:
            continue
        if end < END:
            months = rules.int_on(MAINTENANCE, end + DAY)
            maintained_to = maintained_until(end, months)
            cov[MAINTAINED].append((max(start, end + DAY), maintained_to))
            if gated and spell.end > maintained_to:
                cov[ALD_CONTINUITY].append((maintained_to + DAY, spell.end))
    return cov


# ---- dependents ------------------------------------------------------------------------------


def _age_window(person: Person, rules: SchemeRules) -> tuple[list[Interval], date | None]:
    """The days a person may be covered because of age and proofs, and the age-limit day."""
    if person.role != "child":
        return [(person.birth_date, END)], None
    limit = rules.int_on(CHILD_AGE_LIMIT, person.birth_date)
    limit = rules.int_on(CHILD_AGE_LIMIT, add_years(person.birth_date, limit))
    limit_day = add_years(person.birth_date, limit)
    allowed = [(person.birth_date, limit_day - DAY)]
    if person.student_until is not None:
        student = rules.int_on(STUDENT_AGE_LIMIT, limit_day)
        last = min(person.student_until, add_years(person.birth_date, student) - DAY)
        if person.married_on is not None:
            last = min(last, person.married_on - DAY)
        allowed.append((limit_day, last))
    if person.disabled:
        allowed.append((limit_day, person.disability_until or END))
    return _merge(allowed), limit_day


def _event_day(history: FamilyHistory, kind: str, key: int | None) -> date | None:
    days = [e.day for e in history.events if e.kind == kind and e.person_key == key]
    return min(days) if days else None


def _covered_on(coverage: Coverage, day: date) -> bool:
    return any(s <= day <= e for kind in PRIORITY for s, e in coverage.get(kind, []))


def rights_compute(history: FamilyHistory, rules: SchemeRules) -> tuple[BeneficiaryRights, ...]:
    """The rights spans of every person of the family (the member first)."""
    member = history.persons[0]
    death = _event_day(history, "death", None)
    member_cov = _member_coverage(history, rules, death)
    suspensions = [(s, e or END) for s, e in history.suspensions]
    results = []
    if death is not None:
        member_cov = _restrict(member_cov, [(date.min, death)])
    for person in history.persons:
        if person is member:
            cov = dict(member_cov)
            if not person.has_ald:
                cov[ALD_CONTINUITY] = []
            results.append(BeneficiaryRights(person.key, _spans(cov, suspensions), None, death))
            continue
        results.append(_dependent_rights(history, rules, person, member_cov, death, suspensions))
    return tuple(results)


def _dependent_rights(history, rules, person, member_cov, death, suspensions) -> BeneficiaryRights:
    own_death = _event_day(history, "death", person.key)
    link_start = (
        _event_day(history, "marry", person.key)
        or _event_day(history, "birth", person.key)
        or person.linked_on
        or person.birth_date
    )
    divorce = _event_day(history, "divorce", person.key) if person.role == "spouse" else None
    link_end = min(d for d in (divorce, own_death, END) if d is not None)
    allowed, limit_day = _age_window(person, rules)
    limits = _intersect(allowed, [(link_start, link_end)])
    cov = _restrict(member_cov, limits)
    if not person.has_ald:
        cov[ALD_CONTINUITY] = []
    extra_end = own_death or END
    if divorce is not None and (own_death is None or own_death > divorce):
        if _covered_on(cov, divorce):
            months = rules.int_on(DIVORCE_MAINTENANCE, divorce)
            upto = min(maintained_until(divorce, months), extra_end)
            cov[MAINTAINED] = _merge(cov[MAINTAINED] + [(divorce + DAY, upto)])
    elif death is not None and (own_death is None or own_death > death) and _covered_on(cov, death):
        months = rules.int_on(SURVIVOR_MAINTENANCE, death)
        upto = min(maintained_until(death, months), extra_end)
        survivor = _intersect([(death + DAY, upto)], allowed)
        cov[MAINTAINED] = _merge(cov[MAINTAINED] + survivor)
    return BeneficiaryRights(person.key, _spans(cov, suspensions), limit_day, own_death)
