"""Declarations against the database: import, per-line validation, stored shares, payroll,
rate changes over a year, the yearly ceiling across declarations, declared days and rights."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from openpyxl import Workbook

from openamo.contributions import services
from openamo.contributions.models import (
    ContributionCall,
    ContributionShare,
    Declaration,
    DeclarationLine,
    Payroll,
)
from openamo.contributions.selectors import contribution_days_by_month
from openamo.members.models import RightsPeriod

from .helpers import csv_bytes, employer_make, member_make, rows

MAY = date(2024, 5, 1)


@pytest.fixture
def ministry(cnops):
    return employer_make(cnops)


@pytest.fixture
def staff(cnops, ministry):
    return [
        member_make(cnops, ministry, "AB100001"),
        member_make(cnops, ministry, "AB100002", mutuelle=True),
        member_make(cnops, ministry, "AB100003"),
    ]


def _import(employer, content, period=MAY, name="declaration.csv", **kw):
    return services.declaration_import(
        employer=employer, period=period, name=name, content=content, **kw
    )


def test_cnops_declaration_stores_floor_middle_and_ceiling_shares(ministry, staff):
    m1, m2, m3 = staff
    content = csv_bytes(
        f"{m1.registration_number};;2000;26;",
        f";{m2.cin};8 000,20;26;actif",
        f"{m3.registration_number};{m3.cin};25000.00;22;",
    )
    outcome = _import(ministry, content, period=date(2024, 5, 17))
    assert outcome.ok, outcome.errors
    d = outcome.declaration
    assert (d.period, d.line_count, d.payroll_total, d.contribution_total) == (
        MAY,
        3,
        D("35000.20"),
        D("1484.02"),
    )
    by_member = {
        line.member_id: {s.component: s for s in line.shares.all()}
        for line in DeclarationLine.objects.prefetch_related("shares")
    }
    assert {c: s.amount for c, s in by_member[m1.pk].items()} == {
        "employee": D("70.00"),
        "employer": D("70.00"),
    }
    assert by_member[m1.pk]["employee"].floor_applied
    assert by_member[m1.pk]["employee"].raw_amount == D("50.00")
    assert {c: s.amount for c, s in by_member[m2.pk].items()} == {
        "employee": D("200.01"),
        "employer": D("200.01"),
        "complementary": D("144.00"),  # the member belongs to a mutuelle
    }
    assert by_member[m3.pk]["employer"].ceiling_applied
    assert by_member[m3.pk]["employer"].rate == D("2.5")
    payroll = Payroll.objects.get(member=m2)
    assert (payroll.period, payroll.gross_salary, payroll.days, payroll.contribution_total) == (
        MAY,
        D("8000.20"),
        26,
        D("544.02"),
    )
    call = ContributionCall.objects.get()
    assert (call.amount_due, call.due_on, call.declaration) == (D("1484.02"), date(2024, 6, 10), d)


def test_retired_members_pay_on_their_pension(cnops):
    fund = employer_make(cnops, name="Caisse marocaine des retraites")
    low = member_make(cnops, fund, "AB200001", status="retired")
    mid = member_make(cnops, fund, "AB200002", status="retired")
    high = member_make(cnops, fund, "AB200003", status="retired")
    content = csv_bytes(
        f"{low.registration_number};;1500;26;retraité",
        f"{mid.registration_number};;6543.21;26;",
        f"{high.registration_number};;20000;26;",
    )
    outcome = _import(fund, content)
    assert outcome.ok, outcome.errors
    amounts = dict(ContributionShare.objects.values_list("member_id", "amount"))
    assert amounts == {low.pk: D("70.00"), mid.pk: D("163.58"), high.pk: D("400.00")}


def test_bad_lines_load_nothing_and_every_bad_line_is_named(cnops, ministry, staff):
    m1, m2, m3 = staff
    other = employer_make(cnops, name="Ministère de l'Intérieur")
    stranger = member_make(cnops, other, "AB300001")
    content = csv_bytes(
        f"{m1.registration_number};;2000;26;",  # 2: good
        "999999999;;3000;26;",  # 3: unknown registration number
        f"{stranger.registration_number};;3000;26;",  # 4: another employer's
        f"{m2.registration_number};;-10;26;",  # 5: negative salary
        f"{m3.registration_number};;abc;26;",  # 6: not a number
        f";{m3.cin};5000;27;",  # 7: days out of range
        f"{m1.registration_number};;2000;26;",  # 8: duplicate of line 2
        ";ZZ999999;5000;26;",  # 9: unknown CIN
        f"{m2.registration_number};{m3.cin};5000;26;",  # 10: CIN of someone else
        f"{m2.registration_number};;5000;26;pensionné",  # 11: unknown status
        ";;5000;26;",  # 12: nobody
    )
    outcome = _import(ministry, content)
    assert not outcome.ok
    named = {(e.line, e.column) for e in outcome.errors}
    assert named == {
        (3, "immatriculation"),
        (4, "immatriculation"),
        (5, "salaire_brut"),
        (6, "salaire_brut"),
        (7, "jours"),
        (8, "immatriculation"),
        (9, "cin"),
        (10, "cin"),
        (11, "statut"),
        (12, "immatriculation"),
    }
    messages = {e.line: str(e) for e in outcome.errors}
    assert "assuré inconnu" in messages[3]
    assert "n'est pas employé par Ministère de la Santé" in messages[4]
    assert "négatif" in messages[5]
    assert "entre 0 et 26" in messages[7]
    assert "déjà déclaré ligne 2" in messages[8]
    assert messages[7].startswith("ligne 7, colonne « jours »")
    assert outcome.summary() == "10 erreur(s) : rien n'a été enregistré."
    for model in (Declaration, DeclarationLine, ContributionShare, Payroll, ContributionCall):
        assert model.objects.count() == 0


def test_xlsx_declaration_with_a_bad_line_loads_nothing(ministry, staff):
    book = Workbook()
    sheet = book.active
    sheet.append(["Immatriculation", "CIN", "Salaire_brut", "Jours"])
    sheet.append([staff[0].registration_number, None, 2000, 26])
    sheet.append([staff[1].registration_number, None, 3000.5, 31])
    buffer = BytesIO()
    book.save(buffer)
    outcome = _import(ministry, buffer.getvalue(), name="mai.xlsx")
    assert [(e.line, e.column) for e in outcome.errors] == [(3, "jours")]
    assert Declaration.objects.count() == 0
    buffer = BytesIO()
    sheet.delete_rows(3)
    book.save(buffer)
    assert _import(ministry, buffer.getvalue(), name="mai.xlsx").ok


def test_a_future_period_is_refused(ministry, staff):
    outcome = _import(
        ministry, csv_bytes(f"{staff[0].registration_number};;2000;26;"), period=date(2999, 1, 1)
    )
    assert "01/2999 n'est pas encore ouverte" in str(outcome.errors[0])
    assert Declaration.objects.count() == 0


def test_missing_columns_and_empty_files_are_named(ministry, staff):
    outcome = _import(ministry, b"cin;jours\nAB100001;26\n")
    assert [(e.line, e.column) for e in outcome.errors] == [(1, "salaire_brut")]
    assert not _import(ministry, csv_bytes()).ok
    assert not _import(ministry, b"x", name="declaration.pdf").ok


def test_a_period_already_declared_is_refused_unless_replaced(ministry, staff):
    m1, m2, _ = staff
    assert _import(ministry, csv_bytes(f"{m1.registration_number};;2000;26;")).ok
    again = _import(ministry, csv_bytes(f"{m2.registration_number};;9000;26;"))
    assert not again.ok and "déjà déclarée" in str(again.errors[0])
    replaced = _import(ministry, csv_bytes(f"{m2.registration_number};;9000;26;"), replace=True)
    assert replaced.ok
    assert list(DeclarationLine.objects.values_list("member_id", flat=True)) == [m2.pk]
    assert Payroll.objects.get().member_id == m2.pk
    call = ContributionCall.objects.get()
    assert (call.declaration, call.amount_due) == (
        replaced.declaration,
        D("612.00"),
    )  # 225 + 225 + 162


def test_manual_entry_goes_through_the_same_checks(ministry, staff):
    m1, *_ = staff
    bad = services.declaration_submit(
        employer=ministry,
        period=MAY,
        rows=rows({"immatriculation": m1.registration_number, "salaire_brut": "x", "jours": "3"}),
    )
    assert [(e.line, e.column) for e in bad.errors] == [(2, "salaire_brut")]
    good = services.declaration_submit(
        employer=ministry,
        period=MAY,
        rows=rows({"cin": m1.cin, "salaire_brut": "4000", "jours": "10"}),
    )
    assert good.ok and good.declaration.source == "manual"
    assert good.declaration.contribution_total == D("200.00")


def test_cnss_rate_change_applies_to_the_right_months_of_a_declaration_year(cnss):
    company = employer_make(cnss, name="Atlas SARL", cnss_number="1234567")
    worker = member_make(cnss, company, "BE100001", registered_on=date(2015, 1, 1))
    months = [date(2015, m, 1) for m in range(7, 13)] + [date(2016, m, 1) for m in range(1, 7)]
    for month in months:
        content = csv_bytes(f"{worker.registration_number};;10000;26;")
        assert _import(company, content, period=month).ok
    totals = dict(Declaration.objects.values_list("period", "contribution_total"))
    assert [totals[m] for m in months] == [D("550.00")] * 6 + [D("637.00")] * 6
    rates = {
        (s.period, s.component): s.rate for s in ContributionShare.objects.filter(member=worker)
    }
    assert rates[(date(2015, 12, 1), "solidarity")] == D("1.5")
    assert rates[(date(2016, 1, 1), "solidarity")] == D("1.85")
    assert rates[(date(2016, 1, 1), "employee")] == D("2.26")


def test_complementary_yearly_ceiling_reached_mid_year_across_declarations(ministry, cnops):
    member = member_make(cnops, ministry, "AB400001", mutuelle=True)
    for month in range(1, 8):
        content = csv_bytes(f"{member.registration_number};;8000;26;")
        assert _import(ministry, content, period=date(2023, month, 1)).ok
    assert _import(
        ministry, csv_bytes(f"{member.registration_number};;8000;26;"), period=date(2024, 1, 1)
    ).ok
    shares = ContributionShare.objects.filter(member=member, component="complementary")
    by_month = dict(shares.values_list("period", "amount"))
    assert [by_month[date(2023, m, 1)] for m in range(1, 8)] == [D("144.00")] * 4 + [
        D("24.00"),
        D("0.00"),
        D("0.00"),
    ]
    assert shares.get(period=date(2023, 5, 1)).yearly_ceiling_applied
    assert by_month[date(2024, 1, 1)] == D("144.00")


def test_declared_days_by_month_and_the_cnss_opening_rule(cnss):
    company = employer_make(cnss, name="Atlas SARL", cnss_number="1234567")
    worker = member_make(cnss, company, "BE100001", registered_on=date(2024, 1, 1))
    other = employer_make(cnss, name="Rif SA", cnss_number="7654321")
    from openamo.members import services as members

    members.life_event_record(
        member=worker, kind="hire", occurred_on=date(2024, 3, 1), employer=other
    )
    assert not RightsPeriod.objects.filter(beneficiary__member=worker, kind="open").exists()
    for month, days, employer in [
        (1, 26, company),
        (2, 20, company),
        (3, 4, company),
        (3, 6, other),
        (4, 26, company),
    ]:
        content = csv_bytes(f"{worker.registration_number};;4000;{days};")
        assert _import(employer, content, period=date(2024, month, 1)).ok
    assert contribution_days_by_month(member_ids=[worker.pk, 0]) == {
        worker.pk: {
            date(2024, 1, 1): 26,
            date(2024, 2, 1): 20,
            date(2024, 3, 1): 10,
            date(2024, 4, 1): 26,
        }
    }
    opened = RightsPeriod.objects.filter(beneficiary__member=worker, kind="open").get()
    # 56 days reached in March: open from April to the end of the last month declared
    assert (opened.starts_on, opened.ends_on) == (date(2024, 4, 1), date(2024, 4, 30))
