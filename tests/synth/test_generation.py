"""The pure generator: same seed, same fund; the fund's shape; each fraud pattern at its rate."""

import hashlib
import math
from collections import Counter
from dataclasses import astuple
from datetime import date, timedelta

import pytest

from openamo.synth import authz, fraud, shape
from openamo.synth.fund import chunks_generate, plan
from openamo.synth.population import age_on

SIZE = 5000
YEAR = 2025


def generate(catalogue, size=SIZE, seed=7, rates=None):
    providers, args = plan(catalogue, size, seed, YEAR, rates or fraud.default_rates())
    chunks = list(chunks_generate(*args))
    return providers, chunks, args[4]


def digest(providers, chunks) -> str:
    h = hashlib.sha256()
    for p in providers:
        h.update(repr(astuple(p)).encode())
    for chunk in chunks:
        for f in chunk.families:
            h.update(repr((f.index, f.registration_number, f.status, f.city.name, f.employer,
                           f.mutuelle, f.registered_on, f.salary, f.events)).encode())  # fmt: skip
            for p in f.persons:
                h.update(repr((p.rank, p.role, p.sex, p.first_name, p.last_name, p.birth_date,
                               p.cin, p.linked_on, p.death, p.ald, p.rights)).encode())  # fmt: skip
        for c in chunk.claims:
            h.update(repr((c.family, c.rank, c.tag, c.deposit_date, c.channel, c.marks)).encode())
            for line in c.lines:
                h.update(repr(astuple(line)).encode())
        for x in chunk.labels:
            h.update(repr(astuple(x)).encode())
        for r in chunk.requests:
            h.update(repr(astuple(r)).encode())
        for pay in chunk.pay:
            h.update(
                repr((pay.employer, pay.month, pay.family, pay.gross, pay.contribution)).encode()
            )
    return h.hexdigest()


_FUND: dict = {}


@pytest.fixture
def fund(catalogue):
    if "fund" not in _FUND:
        _FUND["fund"] = generate(catalogue)
    return _FUND["fund"]


def test_same_seed_same_fund_other_seed_other_fund(catalogue, fund):
    again = generate(catalogue)
    assert digest(*fund[:2]) == digest(*again[:2])
    assert digest(*fund[:2]) != digest(*generate(catalogue, seed=8)[:2])


def test_a_smaller_fund_is_a_prefix_of_a_larger_one(catalogue, fund):
    _, small, _ = generate(catalogue, size=1200)
    big_people = [
        (f.index, p.first_name, p.birth_date)
        for c in fund[1]
        for f in c.families
        for p in f.persons
        if not p.fictitious
    ]
    small_people = [
        (f.index, p.first_name, p.birth_date)
        for c in small
        for f in c.families
        for p in f.persons
        if not p.fictitious
    ]
    assert small_people == [x for x in big_people if x[0] <= small_people[-1][0]][: len(small_people)]  # fmt: skip


def people(fund):
    return [(f, p) for c in fund[1] for f in c.families for p in f.persons if not p.fictitious]


def test_size_and_families(fund):
    persons = people(fund)
    assert len(persons) == SIZE
    members = [f for c in fund[1] for f in c.families]
    assert 2.0 <= SIZE / len(members) <= 3.0  # ~2.6 beneficiaries per member (CNOPS)
    retired = sum(f.status == "retired" for f in members) / len(members)
    assert retired == pytest.approx(shape.RETIRED_SHARE, abs=0.04)
    roles = Counter(p.role for _, p in persons)
    assert roles["spouse"] / len(members) == pytest.approx(0.62, abs=0.12)


def test_age_pyramid(fund):
    start = date(YEAR, 1, 1)
    ages = [age_on(p.birth_date, start) for _, p in people(fund)]
    share = lambda lo, hi: sum(lo <= a <= hi for a in ages) / len(ages)  # noqa: E731
    assert 0.22 <= share(0, 20) <= 0.40  # children (an ageing public-sector fund)
    assert 0.35 <= share(21, 59) <= 0.55  # working age
    assert 0.12 <= share(60, 120) <= 0.28  # retirees and their spouses
    members = [p for f, p in people(fund) if p.role == "member"]
    assert all(23 <= age_on(p.birth_date, start) <= 95 for p in members)


def test_region_and_city_shares(fund, catalogue):
    members = [f for c in fund[1] for f in c.families]
    cities = Counter(f.city.name for f in members)
    n = len(members)
    assert cities["Casablanca"] / n == pytest.approx(0.25, abs=0.03)
    rabat_sale = sum(cities[c] for c in ("Rabat", "Salé", "Temara")) / n
    assert rabat_sale == pytest.approx(0.12, abs=0.025)
    for city in ("Fès", "Marrakech", "Agadir", "Meknès", "Kénitra"):
        assert cities[city] / n == pytest.approx(shape.CITY_SHARES[city] / 100, abs=0.02)
    regions = Counter(f.city.region for f in members)
    assert regions.most_common(2)[0][0] == "R06" and regions["R06"] / n > 0.27  # Casablanca-Settat


def test_care_mix(fund):
    claims = [c for chunk in fund[1] for c in chunk.claims]
    per_beneficiary = len(claims) / SIZE
    assert per_beneficiary == pytest.approx(1.94, abs=0.35)  # 6 M files / 3.1 M (CNOPS)
    tags = Counter(c.tag for c in claims)
    total = len(claims)
    assert 0.40 <= tags["consultation"] / total <= 0.65
    assert 0.20 <= tags["ald"] / total <= 0.45  # ALD patients file monthly
    for tag in ("dental", "optics", "physio", "stay", "dialysis", "oncology"):
        assert tags[tag] > 0, tag
    lines = [x for c in claims for x in c.lines]
    kinds = Counter(x.kind for x in lines)
    assert kinds["medicine"] / len(lines) > 0.4  # medicines box by box dominate the lines
    codes = Counter(x.code for x in lines if x.kind == "act")
    assert 0.35 <= codes["C"] / (codes["C"] + codes["Cs"]) <= 0.7  # GP and specialist visits
    assert codes["B"] > 0 and codes["D"] > 0 and codes["Z"] + codes["KE"] > 0


def test_ald_share_and_chronic_patients(fund):
    persons = people(fund)
    with_ald = [p for _, p in persons if p.ald]
    assert len(with_ald) / len(persons) == pytest.approx(0.07, abs=0.015)
    ald_start = date(YEAR, 1, 1)
    assert all(e is None or e >= ald_start for p in with_ald for _, _, e in p.ald)
    claims = [c for chunk in fund[1] for c in chunk.claims]
    dialysis = [c for c in claims if c.tag == "dialysis" and not c.marks]
    assert dialysis
    for claim in dialysis:  # three sessions a week, never more without a fraud mark
        weeks = Counter(x.care_date.isocalendar()[:2] for x in claim.lines)
        assert max(weeks.values()) <= 3


def test_rights_derived_by_the_pure_core(fund):
    for _, p in people(fund)[:500]:
        assert p.rights is not None and p.rights.key == p.rank
        if p.role == "child" and not p.disabled:
            assert p.rights.age_limit_on is not None


def test_each_fraud_pattern_is_present_at_its_rate(fund):
    _, chunks, state = fund
    marked = Counter()
    for chunk in chunks:
        for claim in chunk.claims:
            for pattern, *_ in claim.marks:
                marked[pattern] += 1
        for label in chunk.labels:
            marked[label.pattern] += 1
    for p in shape.FRAUD_PATTERNS:
        assert marked[p.code] > 0, f"{p.code} absent"
        expected = state.expected.get(p.code, 0.0)
        assert state.done[p.code] == max(1, math.floor(expected + 1e-9)), p.code
        assert state.done[p.code] >= 1, p.code
    # the injected counts follow the rates over their units
    persons = len(people(fund))
    assert state.expected["care_after_death"] == pytest.approx(0.0004 * persons, rel=0.01)
    claims = sum(1 for chunk in chunks for c in chunk.claims if not c.marks) or 1
    assert state.done["duplicate_line"] == pytest.approx(0.004 * claims, rel=0.25, abs=2)
    rings = {x.group for chunk in chunks for x in chunk.labels if x.pattern == "collusion_ring"}
    assert len(rings) == state.done["collusion_ring"]
    for ring in rings:
        insured = {
            (x.family, x.rank)
            for c in chunks
            for x in c.labels
            if x.group == ring and x.family is not None
        }
        assert 20 <= len(insured) <= 50


def test_doctor_shopping_and_prescription_reuse_look_as_described(fund):
    claims = [c for chunk in fund[1] for c in chunk.claims]
    sprees = {}
    for c in claims:
        for pattern, _, _, group in c.marks:
            if pattern == "doctor_shopping":
                sprees.setdefault(group, []).append(c)
    assert sprees
    for spree in sprees.values():
        days = sorted(x.care_date for c in spree for x in c.lines)
        assert days[-1] - days[0] <= timedelta(days=90)
        prescribers = {x.prescriber for c in spree for x in c.lines if x.kind == "medicine"}
        pharmacies = {x.executor for c in spree for x in c.lines if x.kind == "medicine"}
        assert len(prescribers) >= 5 and len(pharmacies) >= 5


def test_rates_are_switchable(catalogue):
    rates = {p.code: 0.0 for p in shape.FRAUD_PATTERNS} | {"phantom_stay": 0.002}
    _, chunks, state = generate(catalogue, size=1500, rates=rates)
    patterns = {m[0] for c in chunks for x in c.claims for m in x.marks}
    patterns |= {x.pattern for c in chunks for x in c.labels}
    assert patterns == {"phantom_stay"}
    with pytest.raises(ValueError):
        fraud.default_rates({"no_such_pattern": 0.1})


def test_every_reference_comes_from_an_approved_request(fund):
    """Each line billed under a reference is covered by the request granted for it: the same
    beneficiary, the executing establishment, the care date, the code; lines added under a
    reference by unbundling are not (and carry the fraud mark)."""
    _, chunks, _ = fund
    requests = {r.reference: r for c in chunks for r in c.requests}
    assert len(requests) == sum(len(c.requests) for c in chunks)  # one request per reference
    checked = outside = 0
    for chunk in chunks:
        for claim in chunk.claims:
            unbundled = {n for p, lines, _, _ in claim.marks if p == "unbundling" for n in lines}
            for number, line in enumerate(claim.lines, 1):
                if not line.authorization_ref:
                    continue
                r = requests[line.authorization_ref]
                assert r.status == "approved" and (r.family, r.rank) == (claim.family, claim.rank)
                assert r.provider == line.executor
                assert r.planned_start <= line.care_date <= r.planned_end
                codes = {a.code for a in r.acts}
                if number in unbundled:
                    outside += line.code not in codes
                    continue
                assert line.code in codes
                checked += 1
    assert checked > 1000 and outside > 0
    by_type = Counter(r.type_code for r in requests.values() if r.status == "approved")
    assert {"CHIR", "HOSP_MED", "ACCOUCHEMENT", "DIALYSE", "ONCOLOGIE"} <= set(by_type)
    dialysis = [r for r in requests.values() if r.type_code == "DIALYSE"]
    assert all(r.sessions_per_week == 3 and r.acts[0].quantity == 156 for r in dialysis)
    assert all(r.planned_end == authz.yearly_end(r.planned_start) for r in dialysis)
    # instant approval where types_pec.csv allows it, a reviewer's approval otherwise (the
    # delegation decides for a laboratory not admitted to direct billing)
    assert all(bool(r.rule) == (r.type_code in authz.INSTANT_TYPES) for r in requests.values()
               if r.status == "approved" and r.queue != "delegation")  # fmt: skip
    decided = [r for r in requests.values() if r.status == "approved" and not r.rule]
    assert {r.queue for r in decided} == {"medical", "delegation"}
    assert any(r.decided_after_hours > 48 for r in decided)


def test_requests_still_waiting_at_the_end_of_the_year(fund):
    _, chunks, _ = fund
    waiting = [r for c in chunks for r in c.requests if r.status != "approved"]
    assert len(waiting) == pytest.approx(SIZE * shape.WAITING_REQUESTS_PER_100K / 100_000, abs=2)
    assert {r.queue for r in waiting} >= {"medical", "delegation"}
    assert all(r.submitted_at.year == YEAR and r.planned_start.year == YEAR + 1 for r in waiting)
