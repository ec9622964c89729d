"""The pure decision core and the pure invoice adjudication: no database."""

from datetime import date
from decimal import Decimal as D

from openamo.authorizations import billing, rules
from openamo.claims import engine
from openamo.core.money import ZERO

DAY = date(2025, 3, 10)
REQUIRED = (
    rules.RequiredDoc("DEMANDE", "Formulaire"),
    rules.RequiredDoc("DEVIS", "Devis"),
    rules.RequiredDoc("IMAGERIE", "Imagerie", mandatory=False),
)
OPEN = engine.Coverage(rights=(engine.Period(date(2010, 1, 1), None),))
VALUED = rules.Valuation(D(100), D(100), D(90), D(10), D(10), None)


def facts(**kw) -> rules.RequestFacts:
    base = dict(
        care_category="surgery",
        auto_approvable=True,
        planned_start=DAY,
        planned_end=DAY,
        required=REQUIRED,
        provided=frozenset({"DEMANDE", "DEVIS"}),
        asked=frozenset(),
        coverage=OPEN,
        valuation=VALUED,
        provider_agreed=True,
    )
    return rules.RequestFacts(**{**base, **kw})


def test_complete_open_rights_auto_type_is_approved():
    decision = rules.decide(facts())
    assert (decision.outcome, decision.rule) == ("approve", "instant_approval")


def test_missing_documents_are_the_mandatory_ones_and_the_asked_ones():
    decision = rules.decide(facts(provided=frozenset({"DEMANDE"}), asked=frozenset({"IMAGERIE"})))
    assert decision.outcome == "incomplete"
    assert [d.code for d in decision.missing] == ["DEVIS", "IMAGERIE"]
    assert decision.message.endswith(": Devis, Imagerie")
    assert rules.outside_nomenclature(REQUIRED, ["DEVIS", "SCANNER"]) == ["SCANNER"]


def test_the_order_of_the_rules():
    assert rules.decide(facts(provider_agreed=False)).queue == "delegation"
    gap = engine.Coverage(rights=(engine.Period(date(2010, 1, 1), DAY),))
    decision = rules.decide(facts(coverage=gap, planned_end=date(2025, 3, 12)))
    assert (decision.rule, decision.queue) == ("rights_not_open", "delegation")
    assert decision.message.endswith("le 11/03/2025")
    problems = rules.Valuation(D(0), D(0), D(0), D(0), D(0), None, ("ligne 1 (X) : inconnu",))
    assert rules.decide(facts(valuation=problems)).rule == "acts_not_valued"
    decision = rules.decide(facts(auto_approvable=False))
    assert (decision.outcome, decision.queue) == ("queue", "medical")
    assert (
        rules.decide(facts(care_category="biology", biology_b=D(40), biology_min_b=D(60))).outcome
        == "refuse"
    )
    below = rules.Valuation(D(150), D(150), D(150), ZERO, ZERO, None)
    decision = rules.decide(
        facts(valuation=below, public_hospital=True, public_hospital_min=D(200))
    )
    assert (decision.outcome, decision.rule) == ("refuse", "public_hospital_below_threshold")


def test_ald_only_rights_count_for_the_exempted_condition():
    coverage = engine.Coverage(
        exemptions=(("ALD24", engine.Period(date(2020, 1, 1), None)),),
        ald_only=(engine.Period(date(2024, 1, 1), None),),
    )
    assert rules.first_day_without_rights(coverage, DAY, DAY, "ALD24") is None
    assert rules.first_day_without_rights(coverage, DAY, DAY, None) == DAY


AGREEMENT = billing.AgreementFacts(
    reference="PEC1",
    start=DAY,
    end=date(2025, 3, 20),
    granted={"DIAL": D(10)},
    covered_total=D(8500),
)


def line(number=1, code="DIAL", day=DAY, quantity=D(1), covered=D(850)):
    return billing.ValuedLine(number, code, day, quantity, covered, covered)


def adjudicate(lines, agreement=AGREEMENT, received=date(2025, 4, 1)):
    return billing.invoice_adjudicate(
        lines=tuple(lines), agreement=agreement, care_end=DAY, received_on=received, delay_days=90
    )


def test_invoice_within_its_agreement_is_accepted_whole():
    result = adjudicate([line(1), line(2, day=date(2025, 3, 12))])
    assert (result.status, result.accepted) == ("accepted", D("1700.00"))


def test_invoice_cuts_and_refusals_carry_their_reasons():
    result = adjudicate([line(1, code="OTHER"), line(2, day=date(2025, 4, 1))])
    assert result.status == "refused"
    assert [r.reasons[0].code for r in result.lines] == [
        "act_not_agreed",
        "outside_agreement_period",
    ]
    late = adjudicate([line()], received=date(2025, 6, 9))
    assert (late.status, late.reasons[0].code) == ("refused", "late_billing")
    assert "1 jour(s) après le délai de 90 jours" in late.reasons[0].message


def test_quantities_and_amounts_beyond_the_agreement_are_cut():
    used = billing.AgreementFacts(**{**AGREEMENT.__dict__, "billed": {"DIAL": D(9)}})
    result = adjudicate([line(quantity=D(2), covered=D(1700))], agreement=used)
    assert (result.status, result.accepted) == ("reduced", D("850.00"))
    assert result.lines[0].reasons[0].code == "quantity_beyond_agreement"
    spent = billing.AgreementFacts(**{**AGREEMENT.__dict__, "accepted_before": D(8000)})
    result = adjudicate([line()], agreement=spent)
    assert (result.accepted, result.reasons[0].code, result.reasons[0].amount) == (
        D("500.00"),
        "amount_beyond_agreement",
        D("350.00"),
    )
    assert sum(r.accepted for r in result.lines) == result.accepted
