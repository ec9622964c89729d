"""The pure rights derivation: age limits, extensions, maintenance, opening, divorce, death."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openamo.members.rights import (
    ALD_CONTINUITY,
    MAINTAINED,
    OPEN,
    SUSPENDED,
    Event,
    FamilyHistory,
    ParameterRow,
    Person,
    SchemeRules,
    Span,
    add_months,
    rights_compute,
)

DAY = timedelta(days=1)
BASE = {
    "child_age_limit": 21,
    "student_age_limit": 26,
    "rights_maintenance_months": 6,
    "rights_maintenance_divorce_months": 12,
    "rights_maintenance_survivor_months": 24,
}


def rules(opening: bool = False, **override) -> SchemeRules:
    values = dict(BASE, **override)
    if opening:
        values.update(rights_opening_days=54, rights_opening_window_months=6)
    return SchemeRules(
        tuple(ParameterRow(c, date(2005, 9, 1), None, Decimal(v)) for c, v in values.items())
    )


MEMBER = Person(key=1, role="member", birth_date=date(1980, 5, 10))


def family(*persons, events=(), status="active", days=None, suspensions=()):
    return FamilyHistory(
        registered_on=date(2010, 1, 1),
        status=status,
        persons=(MEMBER, *persons),
        events=tuple(events),
        contribution_days=days or {},
        suspensions=tuple(suspensions),
    )


def covered(result, key, day) -> str | None:
    spans = next(r for r in result if r.key == key).spans
    return next((s.kind for s in spans if s.covers(day)), None)


def child(**kw):
    return Person(key=2, role="child", birth_date=date(2003, 3, 15), **kw)


# ---- age limits ------------------------------------------------------------------------------


def test_child_covered_until_the_day_before_the_21st_birthday():
    result = rights_compute(family(child()), rules())
    assert covered(result, 2, date(2024, 3, 14)) == OPEN
    assert covered(result, 2, date(2024, 3, 15)) is None
    assert result[1].age_limit_on == date(2024, 3, 15)
    assert result[1].spans == (Span(date(2010, 1, 1), date(2024, 3, 14), OPEN),)


def test_age_limit_is_a_parameter():
    result = rights_compute(family(child()), rules(child_age_limit=18))
    assert covered(result, 2, date(2021, 3, 14)) == OPEN
    assert covered(result, 2, date(2021, 3, 15)) is None


def test_student_covered_until_the_day_before_26_with_a_valid_proof():
    result = rights_compute(family(child(student_until=date(2030, 6, 30))), rules())
    assert covered(result, 2, date(2024, 3, 15)) == OPEN
    assert covered(result, 2, date(2029, 3, 14)) == OPEN
    assert covered(result, 2, date(2029, 3, 15)) is None


def test_student_extension_ends_with_the_proof():
    result = rights_compute(family(child(student_until=date(2025, 9, 30))), rules())
    assert covered(result, 2, date(2025, 9, 30)) == OPEN
    assert covered(result, 2, date(2025, 10, 1)) is None


def test_student_extension_ends_the_day_before_the_childs_marriage():
    kid = child(student_until=date(2028, 9, 30), married_on=date(2026, 7, 1))
    result = rights_compute(family(kid), rules())
    assert covered(result, 2, date(2026, 6, 30)) == OPEN
    assert covered(result, 2, date(2026, 7, 1)) is None


def test_disabled_child_has_no_age_limit():
    result = rights_compute(family(child(disabled=True)), rules())
    assert covered(result, 2, date(2024, 3, 15)) == OPEN
    assert covered(result, 2, date(2060, 1, 1)) == OPEN
    assert result[1].spans == (Span(date(2010, 1, 1), None, OPEN),)


def test_disability_proof_expiry_ends_the_extension():
    result = rights_compute(
        family(child(disabled=True, disability_until=date(2030, 12, 31))), rules()
    )
    assert covered(result, 2, date(2030, 12, 31)) == OPEN
    assert covered(result, 2, date(2031, 1, 1)) is None


def test_child_covered_from_birth_when_born_after_registration():
    baby = Person(key=2, role="child", birth_date=date(2015, 8, 2), linked_on=date(2015, 8, 2))
    result = rights_compute(family(baby), rules())
    assert covered(result, 2, date(2015, 8, 1)) is None
    assert covered(result, 2, date(2015, 8, 2)) == OPEN


# ---- maintenance -----------------------------------------------------------------------------


def test_six_months_maintenance_after_leaving():
    events = [Event("hire", date(2010, 1, 1)), Event("leave", date(2020, 3, 31))]
    result = rights_compute(family(events=events), rules())
    assert covered(result, 1, date(2020, 3, 31)) == OPEN
    assert covered(result, 1, date(2020, 4, 1)) == MAINTAINED
    assert covered(result, 1, date(2020, 9, 30)) == MAINTAINED
    assert covered(result, 1, date(2020, 10, 1)) is None


def test_maintenance_is_a_parameter_and_applies_to_dependents():
    spouse = Person(key=3, role="spouse", birth_date=date(1982, 1, 1), linked_on=date(2008, 6, 1))
    events = [Event("hire", date(2010, 1, 1)), Event("leave", date(2020, 3, 31))]
    result = rights_compute(family(spouse, events=events), rules(rights_maintenance_months=3))
    assert covered(result, 3, date(2020, 6, 30)) == MAINTAINED
    assert covered(result, 3, date(2020, 7, 1)) is None


def test_rehire_during_maintenance_reopens_rights():
    events = [
        Event("hire", date(2010, 1, 1)),
        Event("leave", date(2020, 3, 31)),
        Event("hire", date(2020, 6, 1)),
    ]
    result = rights_compute(family(events=events), rules())
    spans = result[0].spans
    assert spans == (
        Span(date(2010, 1, 1), date(2020, 3, 31), OPEN),
        Span(date(2020, 4, 1), date(2020, 5, 31), MAINTAINED),
        Span(date(2020, 6, 1), None, OPEN),
    )


def test_retirement_keeps_rights_without_a_gap():
    events = [Event("hire", date(2010, 1, 1)), Event("retire", date(2040, 6, 1))]
    result = rights_compute(family(events=events), rules())
    assert covered(result, 1, date(2040, 5, 31)) == OPEN
    assert covered(result, 1, date(2040, 6, 1)) == OPEN
    assert covered(result, 1, date(2070, 1, 1)) == OPEN


# ---- divorce and death -----------------------------------------------------------------------


def spouse(**kw):
    return Person(
        key=3, role="spouse", birth_date=date(1982, 1, 1), linked_on=date(2008, 6, 1), **kw
    )


def test_divorced_spouse_keeps_rights_twelve_months():
    result = rights_compute(
        family(spouse(), events=[Event("divorce", date(2021, 2, 15), 3)]), rules()
    )
    assert covered(result, 3, date(2021, 2, 15)) == OPEN
    assert covered(result, 3, date(2021, 2, 16)) == MAINTAINED
    assert covered(result, 3, date(2022, 2, 15)) == MAINTAINED
    assert covered(result, 3, date(2022, 2, 16)) is None
    assert covered(result, 1, date(2030, 1, 1)) == OPEN  # the member is not affected


def test_survivors_keep_rights_twenty_four_months_and_the_member_ends_on_death():
    kid = Person(key=2, role="child", birth_date=date(2010, 3, 15))
    result = rights_compute(
        family(kid, spouse(), events=[Event("death", date(2020, 5, 10))]), rules()
    )
    assert covered(result, 1, date(2020, 5, 10)) == OPEN
    assert covered(result, 1, date(2020, 5, 11)) is None
    assert result[0].deceased_on == date(2020, 5, 10)
    for key in (2, 3):
        assert covered(result, key, date(2020, 5, 11)) == MAINTAINED
        assert covered(result, key, date(2022, 5, 10)) == MAINTAINED
        assert covered(result, key, date(2022, 5, 11)) is None


def test_survivor_child_still_stops_at_the_age_limit():
    kid = Person(key=2, role="child", birth_date=date(1999, 8, 1))
    result = rights_compute(family(kid, events=[Event("death", date(2019, 5, 10))]), rules())
    assert covered(result, 2, date(2020, 7, 31)) == MAINTAINED
    assert covered(result, 2, date(2020, 8, 1)) is None


def test_spouse_divorced_before_the_death_is_not_a_survivor():
    events = [Event("divorce", date(2015, 1, 10), 3), Event("death", date(2020, 5, 10))]
    result = rights_compute(family(spouse(), events=events), rules())
    assert covered(result, 3, date(2016, 1, 10)) == MAINTAINED
    assert covered(result, 3, date(2016, 1, 11)) is None
    assert covered(result, 3, date(2020, 6, 1)) is None


def test_dependent_death_ends_the_dependents_rights_only():
    kid = Person(key=2, role="child", birth_date=date(2010, 3, 15))
    result = rights_compute(family(kid, events=[Event("death", date(2018, 2, 1), 2)]), rules())
    assert covered(result, 2, date(2018, 2, 1)) == OPEN
    assert covered(result, 2, date(2018, 2, 2)) is None
    assert result[1].deceased_on == date(2018, 2, 1)
    assert covered(result, 1, date(2018, 2, 2)) == OPEN


# ---- opening by contribution days (CNSS) -----------------------------------------------------


def months(start: date, *days: int) -> dict[date, int]:
    return {add_months(start, i): n for i, n in enumerate(days)}


def test_cnss_rights_open_with_54_days_within_6_months():
    events = [Event("hire", date(2023, 1, 10))]
    declared = months(date(2023, 1, 1), 10, 10, 10, 10, 10, 4)
    result = rights_compute(family(events=events, days=declared), rules(opening=True))
    assert covered(result, 1, date(2023, 6, 30)) is None
    assert covered(result, 1, date(2023, 7, 1)) == MAINTAINED  # declared up to June only
    assert covered(result, 1, date(2023, 12, 31)) == MAINTAINED
    assert covered(result, 1, date(2024, 1, 1)) is None


def test_cnss_53_days_within_6_months_do_not_open_rights():
    events = [Event("hire", date(2023, 1, 10))]
    declared = months(date(2023, 1, 1), 10, 10, 10, 10, 10, 3)
    result = rights_compute(family(events=events, days=declared), rules(opening=True))
    assert result[0].spans == ()


def test_cnss_days_outside_the_window_do_not_count():
    events = [Event("hire", date(2023, 1, 10))]
    declared = months(date(2023, 1, 1), 30, 0, 0, 0, 0, 0, 24)  # 54 days over 7 months
    result = rights_compute(family(events=events, days=declared), rules(opening=True))
    assert result[0].spans == ()


def test_cnss_steady_declarations_keep_rights_open():
    events = [Event("hire", date(2023, 1, 1))]
    declared = months(date(2023, 1, 1), *([26] * 12))
    result = rights_compute(family(events=events, days=declared), rules(opening=True))
    assert result[0].spans == (
        Span(date(2023, 4, 1), date(2023, 12, 31), OPEN),
        Span(date(2024, 1, 1), date(2024, 6, 30), MAINTAINED),
    )


def test_ald_care_continues_when_the_employer_stops_paying():
    events = [Event("hire", date(2023, 1, 1)), Event("leave", date(2025, 12, 31))]
    declared = months(date(2023, 1, 1), *([26] * 6))
    ald_member = Person(key=1, role="member", birth_date=date(1980, 5, 10), has_ald=True)
    history = FamilyHistory(
        registered_on=date(2023, 1, 1),
        status="active",
        persons=(ald_member, child(has_ald=False)),
        events=tuple(events),
        contribution_days=declared,
    )
    result = rights_compute(history, rules(opening=True))
    assert covered(result, 1, date(2023, 12, 31)) == MAINTAINED
    assert covered(result, 1, date(2024, 1, 1)) == ALD_CONTINUITY
    assert covered(result, 1, date(2025, 12, 31)) == ALD_CONTINUITY
    assert covered(result, 1, date(2026, 1, 1)) is None
    assert covered(result, 2, date(2024, 1, 1)) is None  # no exemption, no continuity


def test_suspension_marks_the_covered_days():
    result = rights_compute(family(suspensions=[(date(2021, 1, 1), date(2021, 3, 31))]), rules())
    assert covered(result, 1, date(2020, 12, 31)) == OPEN
    assert covered(result, 1, date(2021, 1, 1)) == SUSPENDED
    assert covered(result, 1, date(2021, 4, 1)) == OPEN


# ---- properties where rules combine ----------------------------------------------------------

days_2000s = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def histories(draw):
    persons = [MEMBER]
    for key in range(2, draw(st.integers(2, 5))):
        role = draw(st.sampled_from(["spouse", "child"]))
        birth = draw(days_2000s) if role == "child" else date(1982, 1, 1)
        persons.append(
            Person(
                key=key,
                role=role,
                birth_date=birth,
                linked_on=birth if role == "child" else draw(days_2000s),
                student_until=draw(st.none() | days_2000s),
                disabled=draw(st.booleans()),
                disability_until=draw(st.none() | days_2000s),
                has_ald=draw(st.booleans()),
            )
        )
    events = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["hire", "leave", "retire", "death", "divorce"]))
        key = draw(st.sampled_from([p.key for p in persons if p.role == "spouse"] or [None]))
        events.append(Event(kind, draw(days_2000s), key if kind == "divorce" else None))
    declared = {
        date(y, m, 1): draw(st.integers(0, 26))
        for y in range(2008, 2012)
        for m in range(1, 13)
        if draw(st.booleans())
    }
    return FamilyHistory(
        registered_on=date(2008, 1, 1),
        status=draw(st.sampled_from(["active", "retired", "voluntary"])),
        persons=tuple(persons),
        events=tuple(events),
        contribution_days=declared,
    ), persons


@settings(max_examples=200, deadline=None)
@given(histories(), st.booleans())
def test_periods_never_overlap_and_children_respect_the_age_limit(drawn, opening):
    history, persons = drawn
    for result, person in zip(rights_compute(history, rules(opening)), persons, strict=True):
        spans = result.spans
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end is not None and a.end < b.start
        for s in spans:
            assert s.end is None or s.start <= s.end
        if person.role != "child":
            continue
        limit = result.age_limit_on
        birth = person.birth_date
        if (birth.month, birth.day) == (2, 29):  # no 29 February in the year of the limit
            assert limit in (date(birth.year + 21, 2, 28), date(birth.year + 21, 3, 1))
        else:
            assert limit == birth.replace(year=birth.year + 21)
        late = [s for s in spans if (s.end or date.max) >= limit]
        if not person.disabled and person.student_until is None:
            assert late == []
        if not person.disabled:
            hard_stop = (
                person.birth_date.replace(year=person.birth_date.year + 26) - DAY
                if (person.birth_date.month, person.birth_date.day) != (2, 29)
                else date.max
            )
            assert all(s.end is not None and s.end <= hard_stop for s in late)


@settings(max_examples=100, deadline=None)
@given(histories())
def test_nobody_is_covered_after_their_death(drawn):
    history, _ = drawn
    for result in rights_compute(history, rules()):
        if result.deceased_on is not None:
            assert all(s.end is not None and s.end <= result.deceased_on for s in result.spans)
