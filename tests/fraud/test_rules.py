"""Each rule on hand-made positive and negative cases, boundaries included."""

from datetime import date
from decimal import Decimal

import pytest

from openamo.fraud.rules import rules_run
from tests.fraud.facts_builders import CTX, day, line


def hits(lines, rule):
    return rules_run(lines, CTX, only=[rule])


def flagged(lines, rule):
    return sorted(i for h in hits(lines, rule) for i in h.line_ids)


class TestDuplicates:
    def test_same_line_twice_flags_the_second(self):
        a, b = line(claim_id=10), line(claim_id=11)
        assert flagged([a, b], "duplicate_line") == [b.line_id]
        (hit,) = hits([a, b], "duplicate_line")
        assert hit.amount == Decimal("64.00") and hit.evidence["first_line"] == a.line_id

    @pytest.mark.parametrize(
        "change",
        [{"care_date": day(1)}, {"executor": "100000002"}, {"coefficient": Decimal(2)},
         {"beneficiary_id": 2}, {"code": "Cs"}],
    )  # fmt: skip
    def test_any_difference_is_not_a_duplicate(self, change):
        assert hits([line(), line(**change)], "duplicate_line") == []


class TestUnbundling:
    def test_surgical_forfait_with_its_days_and_acts_billed_apart(self):
        head = line(kind="forfait", code="CHIR-APPEND", executor="CLINIC")
        days = line(kind="forfait", code="HOSP-MED", executor="CLINIC", quantity=Decimal(3))
        act = line(code="K", coefficient=Decimal(50), executor="CLINIC", care_date=day(1))
        other_clinic = line(code="K", coefficient=Decimal(50), executor="OTHER")
        later = line(code="K", coefficient=Decimal(50), executor="CLINIC", care_date=day(4))
        lines = [head, days, act, other_clinic, later]
        assert flagged(lines, "unbundling") == sorted([days.line_id, act.line_id])

    def test_ecg_billed_apart_from_a_consultation(self):
        cs, ecg = line(code="Cs"), line(code="K", coefficient=Decimal(10))
        assert flagged([cs, ecg], "unbundling") == [ecg.line_id]

    def test_a_bigger_act_after_a_consultation_is_not_an_ecg(self):
        assert hits([line(code="Cs"), line(code="K", coefficient=Decimal(11))], "unbundling") == []


class TestQuantity:
    def test_boundary_six_boxes_fine_seven_not(self):
        six = line(kind="medicine", code="6111111111111", quantity=Decimal(6))
        seven = line(kind="medicine", code="6111111111111", quantity=Decimal(7))
        assert flagged([six, seven], "quantity_beyond_duration") == [seven.line_id]

    def test_acts_are_not_boxes(self):
        assert hits([line(code="AMM", quantity=Decimal(15))], "quantity_beyond_duration") == []


class TestRestrictions:
    def test_delivery_for_a_man(self):
        (hit,) = hits([line(kind="forfait", code="ACC-NORMAL", sex="M")], "restrictions")
        assert hit.reason == "sex_incompatible" and "un homme" in hit.explanation

    def test_prostate_for_a_woman_and_for_a_man(self):
        woman = line(kind="forfait", code="CHIR-PROSTATE", sex="F")
        man = line(kind="forfait", code="CHIR-PROSTATE", sex="M")
        assert flagged([woman, man], "restrictions") == [woman.line_id]

    def test_child_frame_boundary_fifteen_fine_sixteen_not(self):
        born = date(2010, 3, 2)  # 16 on D0
        fifteen = line(kind="device", code="OPT-MONTURE-ENF", birth_date=date(2010, 3, 3))
        sixteen = line(kind="device", code="OPT-MONTURE-ENF", birth_date=born)
        result = hits([fifteen, sixteen], "restrictions")
        assert [h.line_ids for h in result] == [(sixteen.line_id,)]
        assert result[0].reason == "age_incompatible"

    def test_delivery_of_a_ten_year_old(self):
        (hit,) = hits([line(kind="forfait", code="ACC-NORMAL", birth_date=date(2016, 1, 1))],
                      "restrictions")  # fmt: skip
        assert hit.reason == "age_incompatible"


class TestAfterDeath:
    def test_care_after_death_only(self):
        dead = date(2026, 3, 3)
        before, same, after = (line(care_date=day(n), death_date=dead) for n in (0, 1, 2))
        assert flagged([before, same, after], "care_after_death") == [after.line_id]


class TestDuringStay:
    def test_gp_visit_and_its_medicines_inside_a_stay(self):
        stay = line(kind="forfait", code="HOSP-MED", executor="CLINIC", quantity=Decimal(5))
        visit = line(code="C", executor="GP1", care_date=day(2))
        meds = line(kind="medicine", code="6111", executor="PHARMA", prescriber="GP1",
                    prescription_date=day(2), care_date=day(2))  # fmt: skip
        first_day = line(code="C", executor="GP2", care_date=day(0))
        last_day = line(code="C", executor="GP3", care_date=day(5))
        at_clinic = line(code="Cs", executor="CLINIC", care_date=day(3))
        lines = [stay, visit, meds, first_day, last_day, at_clinic]
        assert flagged(lines, "care_during_stay") == sorted([visit.line_id, meds.line_id])


class TestDialysis:
    def week(self, days):
        return [
            line(kind="forfait", code="DIAL", care_date=day(n), executor="CENTRE") for n in days
        ]

    def test_three_sessions_a_week_is_fine(self):
        assert hits(self.week([0, 2, 4]), "dialysis_over_three") == []

    def test_four_sessions_a_week_is_not(self):
        sessions = self.week([0, 1, 2, 4])
        (hit,) = hits(sessions, "dialysis_over_three")
        assert hit.line_ids == (sessions[3].line_id,) and hit.evidence["sessions"] == 4

    def test_four_sessions_over_two_weeks_is_fine(self):
        assert hits(self.week([2, 4, 5, 7]), "dialysis_over_three") == []  # Wed Fri Sat, Mon


class TestPhantomStay:
    def test_stay_with_nothing_around_it(self):
        stay = line(kind="forfait", code="HOSP-MED", executor="CLINIC", quantity=Decimal(3))
        far = line(code="C", care_date=day(30))
        assert flagged([stay, far], "phantom_stay") == [stay.line_id]

    def test_stay_with_a_discharge_prescription_or_a_physician_is_real(self):
        stay = line(kind="forfait", code="HOSP-MED", executor="CLINIC", quantity=Decimal(3))
        meds = line(kind="medicine", code="6111", care_date=day(3))
        assert hits([stay, meds], "phantom_stay") == []
        named = line(kind="forfait", code="HOSP-MED", executor="CLINIC", prescriber="SURGEON")
        assert hits([named], "phantom_stay") == []


class TestShopping:
    def spree(self, prescribers, pharmacies, every=14):
        return [
            line(kind="medicine", code=f"EAN{k}", molecule="TRAMADOL", care_date=day(k * every),
                 prescriber=f"DR{k % prescribers}", executor=f"PH{k % pharmacies}")
            for k in range(6)
        ]  # fmt: skip

    def test_five_prescribers_and_five_pharmacies_in_a_quarter(self):
        (hit,) = hits(self.spree(5, 5), "doctor_shopping")
        assert len(hit.evidence["prescribers"]) == 5 and hit.evidence["molecule"] == "TRAMADOL"

    def test_four_prescribers_is_not_shopping(self):
        assert hits(self.spree(4, 6), "doctor_shopping") == []

    def test_spread_over_more_than_a_quarter_is_not_shopping(self):
        assert hits(self.spree(6, 6, every=30), "doctor_shopping") == []


class TestPrescriptionReuse:
    def test_same_prescription_at_a_second_pharmacy(self):
        kw = {"kind": "medicine", "prescriber": "DR1", "prescription_date": day(0)}
        first = line(code="6111", executor="PH1", **kw)
        other = line(code="6222", executor="PH1", **kw)
        again = line(code="6111", executor="PH2", care_date=day(2), **kw)
        assert flagged([first, other, again], "prescription_reuse") == [again.line_id]

    def test_two_prescriptions_at_two_pharmacies_is_fine(self):
        a = line(kind="medicine", code="6111", executor="PH1", prescriber="DR1",
                 prescription_date=day(0))  # fmt: skip
        b = line(kind="medicine", code="6111", executor="PH2", prescriber="DR1",
                 prescription_date=day(30))  # fmt: skip
        assert hits([a, b], "prescription_reuse") == []


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="règle inconnue"):
        rules_run([], CTX, only=["nope"])
