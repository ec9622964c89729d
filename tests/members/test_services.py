"""Registration, duplicates, life events, exemptions: the services against the database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openamo.members import services
from openamo.members.models import Beneficiary, LifeEvent, RightsPeriod
from tests.factories import AMO_START

from .helpers import child_add, condition_make, member_make, spouse_add


def test_registration_numbers_are_nine_digits_unique_with_a_check_digit(cnops):
    numbers = [
        member_make(cnops, cin=f"AB{100000 + i}", first_name=f"P{i}").registration_number
        for i in range(5)
    ]
    assert len(set(numbers)) == 5
    assert all(len(n) == 9 and n.isdigit() for n in numbers)
    assert numbers[0] == "00000001" + str(services.luhn_digit("00000001"))
    assert services.luhn_digit("7992739871") == 3


def test_member_gets_a_beneficiary_row_and_open_rights(cnops):
    member = member_make(cnops, cin="ab 123456")
    assert member.cin == "AB123456"
    beneficiary = Beneficiary.objects.get(member=member)
    assert (beneficiary.rank, beneficiary.role, beneficiary.cin) == (0, "member", "AB123456")
    assert beneficiary.rights["p"] == [["2010-01-01", None, "open"]]
    assert list(RightsPeriod.objects.values_list("kind", "starts_on", "ends_on")) == [
        ("open", date(2010, 1, 1), None)
    ]


def test_same_cin_is_refused_naming_the_existing_registration(cnops):
    first = member_make(cnops, cin="AB123456")
    with pytest.raises(ValidationError) as exc:
        member_make(cnops, cin="ab123456", first_name="Autre")
    message = exc.value.message_dict["cin"][0]
    assert first.registration_number in message and "AB123456" in message


def test_dependent_cin_already_used_by_a_member_is_refused(cnops):
    member_make(cnops, cin="AB123456")
    other = member_make(cnops, cin="CD654321", last_name="Tazi")
    with pytest.raises(ValidationError) as exc:
        spouse_add(other, cin="AB123456")
    assert "AB123456" in exc.value.message_dict["cin"][0]


def test_bad_cin_is_refused_with_the_reason(cnops):
    with pytest.raises(ValidationError) as exc:
        member_make(cnops, cin="123ABC")
    assert "n'est pas un CIN" in exc.value.message_dict["cin"][0]


def test_same_name_and_birth_date_within_a_family_is_refused(cnops):
    member = member_make(cnops)
    child_add(member, first_name="Salma")
    with pytest.raises(ValidationError) as exc:
        child_add(member, first_name="SALMA ")
    assert "figure déjà dans la famille" in exc.value.message_dict["first_name"][0]
    twin = child_add(member, first_name="Sara")  # a twin with another name is fine
    assert twin.beneficiary.rank == 2


def test_divorce_recorded_as_life_event_maintains_the_spouse_twelve_months(cnops):
    member = member_make(cnops)
    spouse = spouse_add(member)
    services.life_event_record(
        member=member, kind="divorce", occurred_on=date(2021, 2, 15), dependent=spouse
    )
    periods = list(
        RightsPeriod.objects.filter(beneficiary__dependent=spouse).values_list(
            "kind", "starts_on", "ends_on"
        )
    )
    assert periods == [
        ("open", date(2010, 1, 1), date(2021, 2, 15)),
        ("maintained", date(2021, 2, 16), date(2022, 2, 15)),
    ]


def test_divorce_needs_a_spouse(cnops):
    member = member_make(cnops)
    kid = child_add(member)
    with pytest.raises(ValidationError) as exc:
        services.life_event_record(
            member=member, kind="divorce", occurred_on=date(2021, 2, 15), dependent=kid
        )
    assert "conjoint" in exc.value.message_dict["dependent"][0]
    assert LifeEvent.objects.filter(kind="divorce").count() == 0


def test_death_of_the_member_gives_survivors_24_months(cnops):
    member = member_make(cnops)
    spouse = spouse_add(member)
    services.life_event_record(member=member, kind="death", occurred_on=date(2020, 5, 10))
    own = Beneficiary.objects.get(member=member, rank=0)
    assert own.deceased_on == date(2020, 5, 10)
    assert own.rights["p"] == [["2010-01-01", "2020-05-10", "open"]]
    assert spouse.beneficiary.periods.last().ends_on == date(2022, 5, 10)


def test_hire_and_leave_update_the_status_and_rights(cnss):
    employer = services.employer_create(name="Atlas SA", kind="company", scheme=cnss)
    member = member_make(cnss, status="voluntary")
    services.life_event_record(
        member=member, kind="hire", occurred_on=date(2023, 1, 10), employer=employer
    )
    member.refresh_from_db()
    assert (member.status, member.employer) == ("active", employer)
    # CNSS: no declared days yet, so no rights from this job
    assert Beneficiary.objects.get(member=member).rights["p"] == []


def test_student_proof_update_extends_the_child(cnops):
    member = member_make(cnops)
    kid = child_add(member)
    assert kid.beneficiary.periods.get().ends_on == date(2024, 3, 14)
    services.dependent_update(dependent=kid, student_until=date(2026, 6, 30))
    assert kid.beneficiary.periods.get().ends_on == date(2026, 6, 30)
    with pytest.raises(ValidationError):
        services.dependent_update(dependent=kid, birth_date=date(2000, 1, 1))


def test_ald_exemption_five_years_then_renewal(cnops):
    member = member_make(cnops)
    beneficiary = member.beneficiaries.get(rank=0)
    exemption = services.ald_exemption_grant(
        beneficiary=beneficiary, condition=condition_make("ALD12"), starts_on=date(2020, 3, 1)
    )
    assert exemption.ends_on == date(2025, 2, 28)
    renewal = services.ald_exemption_renew(exemption=exemption)
    assert (renewal.starts_on, renewal.ends_on, renewal.renewal_of) == (
        date(2025, 3, 1),
        date(2030, 2, 28),
        exemption,
    )
    with pytest.raises(ValidationError):
        services.ald_exemption_renew(exemption=exemption)
    beneficiary.refresh_from_db()
    assert [x[2:] for x in beneficiary.rights["x"]] == [
        ["2020-03-01", "2025-02-28"],
        ["2025-03-01", "2030-02-28"],
    ]


def test_lifetime_ald_exemption_has_no_end_and_no_renewal(cnops):
    member = member_make(cnops)
    exemption = services.ald_exemption_grant(
        beneficiary=member.beneficiaries.get(rank=0),
        condition=condition_make("ALD8", lifetime=True),
        starts_on=date(2020, 3, 1),
    )
    assert exemption.ends_on is None
    with pytest.raises(ValidationError) as exc:
        services.ald_exemption_renew(exemption=exemption)
    assert "à vie" in exc.value.message_dict["ends_on"][0]


def test_exemption_years_come_from_the_scheme_parameter(cnops):
    from openamo.referentials.models import SchemeParameter

    SchemeParameter.objects.create(
        scheme=cnops, code="ald_exemption_years", value=2, valid_from=date(2015, 1, 1)
    )
    member = member_make(cnops)
    exemption = services.ald_exemption_grant(
        beneficiary=member.beneficiaries.get(rank=0),
        condition=condition_make("ALD12"),
        starts_on=date(2016, 1, 1),
    )
    assert exemption.ends_on == date(2017, 12, 31)
    assert exemption.starts_on > AMO_START


def test_suspension_shows_in_the_rights(cnops):
    member = member_make(cnops)
    services.rights_suspend(
        member=member, starts_on=date(2022, 1, 1), ends_on=date(2022, 3, 31), reason="Contrôle"
    )
    kinds = list(
        RightsPeriod.objects.filter(beneficiary__member=member).values_list("kind", flat=True)
    )
    assert kinds == ["open", "suspended", "open"]
