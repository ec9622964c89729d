"""Worked examples from DOMAIN.md sections 4 and 5, to the centime."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

from openamo.claims.engine import Authorization, Period, adjudicate, duplicate_key
from openamo.claims.reasons import Reason
from openamo.claims.tariffs import DatedTable
from tests.claims.builders import (
    BRAND,
    CLINIC,
    GP,
    HOSPITAL,
    NOT_REIMBURSED,
    OPTICIAN,
    PHARMACY,
    START,
    claim,
    context,
    dated,
    line,
    tariffs,
)

DAY = date(2025, 3, 10)


def only(statement):
    assert len(statement.lines) == 1
    return statement.lines[0]


def test_gp_consultation_c_at_80_dh_reimbursed_at_80_percent():
    result = only(adjudicate(claim(line("act", "C", DAY, GP)), context()))
    assert (result.quotation, result.act_value, result.base, result.rate) == (
        "C 1",
        D("80.00"),
        D("80.00"),
        D("80"),
    )
    assert (result.reimbursed, result.copayment, result.beyond_base) == (
        D("64.00"),
        D("16.00"),
        D("0.00"),
    )


def test_specialist_consultation_charged_above_the_tariff():
    result = only(adjudicate(claim(line("act", "Cs", DAY, GP, charged="250")), context()))
    assert (result.base, result.reimbursed, result.copayment, result.beyond_base) == (
        D("150.00"),
        D("120.00"),
        D("30.00"),
        D("100.00"),
    )
    assert [d.code for d in result.deductions] == [Reason.ABOVE_TARIFF]
    assert "250,00 DH facturés, tarif 150,00 DH" in result.deductions[0].message


def test_surgical_act_k_50():
    result = only(adjudicate(claim(line("act", "K", DAY, CLINIC, coefficient=50)), context()))
    assert (result.quotation, result.unit_value, result.base, result.reimbursed) == (
        "K 50",
        D("22.50"),
        D("1125.00"),
        D("900.00"),
    )


def test_brand_medicine_with_a_generic_is_reimbursed_on_the_pbr_at_70_percent():
    result = only(adjudicate(claim(line("medicine", BRAND, DAY, PHARMACY, quantity=2)), context()))
    assert (result.act_value, result.base, result.rate, result.reimbursed) == (
        D("200.00"),
        D("120.00"),
        D("70"),
        D("84.00"),
    )
    assert (result.copayment, result.beyond_base) == (D("36.00"), D("80.00"))
    assert result.deductions[0].code == Reason.GENERIC_BASE and result.deductions[0].amount == D(
        "80.00"
    )


def test_same_medicine_for_an_exempted_ald_is_reimbursed_at_100_percent_of_the_generic():
    exemption = ("ALD9", Period(date(2024, 1, 1), date(2028, 12, 31)))
    ald_line = line("medicine", BRAND, DAY, PHARMACY, quantity=2, ald_code="ALD9")
    result = only(adjudicate(claim(ald_line), context(exemptions=[exemption])))
    assert (result.base, result.rate, result.reimbursed, result.copayment, result.ald_applied) == (
        D("120.00"),
        D("100"),
        D("120.00"),
        D("0.00"),
        True,
    )


def test_ald_rate_not_applied_without_an_exemption_on_the_date():
    exemption = ("ALD9", Period(date(2020, 1, 1), date(2024, 12, 31)))
    ald_line = line("medicine", BRAND, DAY, PHARMACY, quantity=2, ald_code="ALD9")
    result = only(adjudicate(claim(ald_line), context(exemptions=[exemption])))
    assert (result.rate, result.reimbursed, result.ald_applied) == (D("70"), D("84.00"), False)


def test_glasses_above_the_forfait():
    result = only(
        adjudicate(claim(line("device", "OPT-MONTURE", DAY, OPTICIAN, charged="1500")), context())
    )
    assert (result.base, result.rate, result.reimbursed, result.beyond_base) == (
        D("400.00"),
        D("100"),
        D("400.00"),
        D("1100.00"),
    )
    assert result.deductions[0].code == Reason.FORFAIT_CAP


def test_private_and_public_hospital_stays():
    private = only(
        adjudicate(claim(line("forfait", "HOSP-DAY", DAY, CLINIC, quantity=3)), context())
    )
    public = only(
        adjudicate(claim(line("forfait", "HOSP-DAY", DAY, HOSPITAL, quantity=3)), context())
    )
    assert (private.base, private.rate, private.reimbursed) == (D("2250.00"), D("90"), D("2025.00"))
    assert (public.base, public.rate, public.reimbursed) == (D("900.00"), D("100"), D("900.00"))


def test_file_deposited_on_day_60_is_adjudicated_and_on_day_61_rejected():
    care = line("act", "C", DAY, GP)
    on_time = adjudicate(claim(care, deposit=DAY + timedelta(days=60)), context())
    late = adjudicate(claim(care, deposit=DAY + timedelta(days=61)), context())
    assert on_time.outcome == "accepted" and on_time.total("reimbursed") == D("64.00")
    assert late.outcome == "rejected" and late.total("reimbursed") == D("0.00")
    assert late.rejection.code == Reason.LATE_DEPOSIT
    assert "1 jour(s) après le délai de 60 jours" in late.rejection.message


def test_continuous_treatment_delay_runs_from_its_last_session():
    first, last = (
        line("act", "C", DAY, GP),
        line("act", "C", DAY + timedelta(days=30), GP, number=2),
    )
    deposit = DAY + timedelta(days=80)
    assert adjudicate(claim(first, last, deposit=deposit), context()).outcome == "rejected"
    assert (
        adjudicate(claim(first, last, deposit=deposit, continuous=True), context()).outcome
        == "accepted"
    )


def test_dependent_child_on_the_day_after_the_age_limit_has_no_rights():
    twenty_first_birthday = date(2025, 3, 10)
    rights = [Period(START, twenty_first_birthday - timedelta(days=1))]
    before = line("act", "C", twenty_first_birthday - timedelta(days=1), GP)
    after = line("act", "C", twenty_first_birthday, GP, number=2)
    statement = adjudicate(claim(before, after), context(rights=rights))
    assert statement.outcome == "partly_accepted"
    assert statement.lines[0].reimbursed == D("64.00")
    assert statement.lines[1].rejection.code == Reason.NO_RIGHTS and statement.lines[
        1
    ].reimbursed == D("0.00")


def test_tariff_change_between_two_lines_of_the_same_claim():
    change = date(2026, 7, 1)
    revised = [
        dated(("C", "all"), "80", START, change - timedelta(days=1)),
        dated(("C", "all"), "100", change),
    ]
    table = tariffs()
    table = replace(table, letter_key_values=DatedTable([*revised, dated(("Cs", "all"), "150")]))
    statement = adjudicate(
        claim(
            line("act", "C", change - timedelta(days=1), GP), line("act", "C", change, GP, number=2)
        ),
        context(tariff_table=table),
    )
    assert [x.act_value for x in statement.lines] == [D("80.00"), D("100.00")]
    assert statement.total("reimbursed") == D("144.00")


def test_rejections_are_line_by_line_with_coded_reasons():
    already_paid = line("act", "C", DAY, GP)
    statement = adjudicate(
        claim(
            line("act", "C", DAY, GP),
            line("medicine", NOT_REIMBURSED, DAY, PHARMACY, number=2),
            line("act", "C", DAY, "999999999", number=3),
            line("device", "PACEMAKER", DAY, CLINIC, number=4),
            line("act", "Z", DAY, GP, number=5),
            line("act", "Cs", DAY, GP, number=6),
            line("act", "Cs", DAY, GP, number=7),
        ),
        context(paid=frozenset({duplicate_key(1, already_paid)})),
    )
    codes = [x.rejection.code if x.rejection else None for x in statement.lines]
    assert codes == [
        Reason.DUPLICATE,
        Reason.NOT_REIMBURSABLE,
        Reason.UNKNOWN_PROVIDER,
        Reason.AUTHORIZATION_MISSING,
        Reason.UNKNOWN_CODE,
        None,
        Reason.DUPLICATE,
    ]
    assert statement.outcome == "partly_accepted" and statement.total("reimbursed") == D("120.00")


def test_device_needing_approval_is_paid_with_its_agreement():
    agreement = Authorization(1, Period(DAY, DAY + timedelta(days=30)), frozenset({"PACEMAKER"}))
    pacemaker = line("device", "PACEMAKER", DAY, CLINIC, authorization_ref="PEC-1")
    result = only(adjudicate(claim(pacemaker), context(authorizations={"PEC-1": agreement})))
    assert result.accepted and result.reimbursed == D("25000.00")


def test_boxes_beyond_the_prescription_are_deducted():
    result = only(
        adjudicate(
            claim(line("medicine", BRAND, DAY, PHARMACY, quantity=3, prescribed_quantity=2)),
            context(),
        )
    )
    assert [d.code for d in result.deductions] == [
        Reason.QUANTITY_BEYOND_PRESCRIPTION,
        Reason.GENERIC_BASE,
    ]
    assert (result.act_value, result.base, result.reimbursed, result.beyond_base) == (
        D("300.00"),
        D("120.00"),
        D("84.00"),
        D("180.00"),
    )


def test_ald_care_continues_when_the_employer_stops_paying_but_other_care_does_not():
    stopped = date(2025, 1, 1)
    coverage = dict(
        rights=[Period(START, stopped - timedelta(days=1))],
        exemptions=[("ALD9", Period(date(2024, 1, 1), None))],
    )
    from openamo.claims.engine import Context, Coverage

    base = context()
    ctx = Context(
        base.tariffs,
        Coverage(
            tuple(coverage["rights"]),
            tuple(coverage["exemptions"]),
            ald_only=(Period(stopped, None),),
        ),
        base.providers,
    )
    statement = adjudicate(
        claim(
            line("medicine", BRAND, DAY, PHARMACY, quantity=1, ald_code="ALD9"),
            line("act", "C", DAY, GP, number=2),
        ),
        ctx,
    )
    assert statement.lines[0].reimbursed == D("60.00") and statement.lines[0].ald_applied
    assert statement.lines[1].rejection.code == Reason.NO_RIGHTS


def test_a_suspension_wins_over_open_rights():
    from openamo.claims.engine import Context, Coverage

    base = context()
    ctx = Context(
        base.tariffs,
        Coverage((Period(START, None),), suspended=(Period(DAY, DAY),)),
        base.providers,
    )
    statement = adjudicate(claim(line("act", "C", DAY, GP)), ctx)
    assert statement.lines[0].rejection.code == Reason.NO_RIGHTS
