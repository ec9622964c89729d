"""The pure eligibility answer and its reasons."""

from datetime import date
from decimal import Decimal

from openamo.members.eligibility import (
    BeneficiaryFacts,
    ExemptionFact,
    PeriodFact,
    SchemeRates,
    eligibility,
)

RATES = SchemeRates(
    "cnops",
    {
        ("consultation", "all"): Decimal("80"),
        ("surgery", "private"): Decimal("90"),
        ("surgery", "public"): Decimal("100"),
    },
    Decimal("100"),
)


def facts(**kw) -> BeneficiaryFacts:
    base = dict(
        beneficiary_id=1,
        registration_number="000000018",
        rank=0,
        last_name="Alaoui",
        first_name="Karim",
        role="member",
        birth_date=date(1980, 5, 10),
        scheme_id=1,
        scheme_code="cnops",
        periods=(PeriodFact(date(2010, 1, 1), None, "open"),),
    )
    return BeneficiaryFacts(**(base | kw))


def ask(f, day=date(2024, 6, 1), category="consultation", sector="all", rates=RATES):
    candidates = [] if f is None else (f if isinstance(f, list) else [f])
    return eligibility(
        candidates=candidates, day=day, care_category=category, rates=rates, sector=sector
    )


def codes(answer):
    return [r.code for r in answer.reasons]


def test_eligible_with_the_rate_of_the_category():
    answer = ask(facts())
    assert answer.eligible and codes(answer) == []
    assert (answer.rate, answer.rate_sector, answer.scheme_code) == (Decimal("80"), "all", "cnops")
    assert answer.rights_kind == "open" and answer.ald_rate is None


def test_sector_specific_rate_and_private_fallback():
    assert ask(facts(), category="surgery", sector="public").rate == Decimal("100")
    fallback = ask(facts(), category="surgery")
    assert (fallback.rate, fallback.rate_sector) == (Decimal("90"), "private")


def test_unknown_and_ambiguous():
    assert codes(ask(None)) == ["unknown_beneficiary"] and not ask(None).eligible
    twins = ask([facts(), facts(beneficiary_id=2, first_name="Sara")])
    assert codes(twins) == ["ambiguous"] and twins.beneficiary is None


def test_no_rights_outside_the_periods():
    answer = ask(facts(periods=(PeriodFact(date(2010, 1, 1), date(2020, 1, 1), "open"),)))
    assert not answer.eligible and codes(answer) == ["no_rights"]
    assert answer.reasons[0].message == "Aucun droit ouvert à cette date."


def test_age_limit_reached_on_the_birthday():
    child = facts(
        role="child",
        age_limit_on=date(2024, 3, 15),
        periods=(PeriodFact(date(2003, 3, 15), date(2024, 3, 14), "open"),),
    )
    assert ask(child, day=date(2024, 3, 14)).eligible
    late = ask(child, day=date(2024, 3, 15))
    assert codes(late) == ["age_limit_reached"] and "15/03/2024" in late.reasons[0].message


def test_deceased_and_suspended():
    dead = facts(deceased_on=date(2020, 5, 10))
    assert codes(ask(dead, day=date(2020, 5, 11))) == ["deceased"]
    assert ask(dead, day=date(2020, 5, 10)).eligible
    suspended = facts(periods=(PeriodFact(date(2024, 1, 1), date(2024, 12, 31), "suspended"),))
    assert codes(ask(suspended)) == ["suspended"]


def test_maintained_rights_are_eligible_with_a_note():
    answer = ask(facts(periods=(PeriodFact(date(2024, 1, 1), date(2024, 6, 30), "maintained"),)))
    assert answer.eligible and codes(answer) == ["rights_maintained"]
    assert answer.rights_until == date(2024, 6, 30)


def test_exemption_in_force_gives_the_ald_rate_and_ald_continuity():
    exemption = ExemptionFact("ALD8", "Diabète", date(2020, 1, 1), None)
    answer = ask(facts(exemptions=(exemption,)))
    assert answer.ald_rate == Decimal("100") and answer.exemptions == (exemption,)
    continuity = facts(
        periods=(PeriodFact(date(2024, 1, 1), None, "ald_continuity"),), exemptions=(exemption,)
    )
    assert ask(continuity).eligible and codes(ask(continuity)) == ["ald_only"]
    expired = ExemptionFact("ALD12", "Cancer", date(2015, 1, 1), date(2019, 12, 31))
    lapsed = facts(
        periods=(PeriodFact(date(2024, 1, 1), None, "ald_continuity"),), exemptions=(expired,)
    )
    assert codes(ask(lapsed)) == ["no_rights"] and ask(lapsed).exemptions == ()


def test_care_category_without_a_rate():
    answer = ask(facts(), category="optics")
    assert not answer.eligible and codes(answer) == ["care_not_covered"]
