"""importing.py with the real referential specs: all rows or none, errors named by line and column."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from openamo.core.importing import FALSE_WORDS, TRUE_WORDS, LineError, YesNoField, import_file
from openamo.referentials.imports import BY_NAME
from openamo.referentials.models import (
    LetterKey,
    LetterKeyValue,
    Medicine,
    MedicinePrice,
    Scheme,
    SchemeParameter,
)

REGIMES = "code,nom,caisse\ncnops,CNOPS,CNOPS\ncnss-salaries,CNSS salariés,CNSS\n"
PARAMS_HEADER = "regime,parametre,valeur,en_vigueur_du,jusqu_au\n"
LETTERS_HEADER = "lettre;libelle;categorie;secteur;valeur;en_vigueur_du\n"
MEDS_HEADER = "ean13,nom_commercial,dci,forme,generique,ppv,pbr,remboursable,en_vigueur_du\n"


def run(name, text, filename="x.csv", dry_run=False):
    return import_file(BY_NAME[name], filename, text.encode("utf-8"), dry_run=dry_run)


def errors(result):
    return [(e.line, e.column, e.message) for e in result.errors]


@pytest.fixture
def cnops(db):
    return Scheme.objects.create(code="cnops", name="CNOPS", fund="CNOPS")


# --- a good file -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_good_file_loads():
    result = run("regimes", REGIMES)
    assert result.ok
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    assert (
        result.summary()
        == "Régimes : 2 ligne(s) importée(s) (2 enregistrement(s) créé(s), 0 mis à jour, 0 inchangé(s))."
    )
    assert dict(Scheme.objects.values_list("code", "name")) == {
        "cnops": "CNOPS",
        "cnss-salaries": "CNSS salariés",
    }


@pytest.mark.django_db
def test_same_file_twice_updates_instead_of_duplicating():
    run("regimes", REGIMES)
    again = run("regimes", REGIMES.replace("CNSS salariés", "CNSS — salariés du privé"))
    assert again.ok
    assert (again.rows, again.created, again.updated, again.unchanged) == (2, 0, 1, 1)
    assert Scheme.objects.count() == 2
    assert Scheme.objects.get(code="cnss-salaries").name == "CNSS — salariés du privé"


@pytest.mark.django_db
def test_same_code_twice_in_one_file_updates_the_earlier_row():
    result = run("regimes", "code,nom,caisse\ncnops,Premier,CNOPS\ncnops,Second,CNOPS\n")
    assert result.ok
    assert (result.created, result.updated) == (1, 1)
    assert list(Scheme.objects.values_list("name", flat=True)) == ["Second"]


@pytest.mark.django_db
def test_dry_run_validates_but_saves_nothing():
    result = run("regimes", REGIMES, dry_run=True)
    assert result.ok
    assert (result.rows, result.created) == (2, 2)
    assert Scheme.objects.count() == 0


@pytest.mark.django_db
def test_semicolon_file_with_french_decimal():
    result = run(
        "lettres-cles",
        LETTERS_HEADER + "K;Acte technique;technical_act;all;22,50;2006-01-01\n"
        "B;Biologie;biology;all;1.10;01/01/2006\n",
    )
    assert result.ok, errors(result)
    assert (result.rows, result.created, result.updated) == (2, 4, 0)  # two parts per line
    assert LetterKeyValue.in_force(date(2020, 1, 1), letter_key__code="K", sector="all").value == (
        Decimal("22.50")
    )
    b = LetterKeyValue.objects.get(letter_key__code="B")
    assert (b.value, b.valid_from, b.valid_to) == (Decimal("1.10"), date(2006, 1, 1), None)


@pytest.mark.django_db
def test_tariff_change_inside_a_file_closes_the_previous_value():
    text = LETTERS_HEADER + (
        "C;Consultation;consultation;all;80;2013-08-01\n"
        "C;Consultation;consultation;all;100;2026-01-01\n"
    )
    result = run("lettres-cles", text)
    assert result.ok, errors(result)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 1)  # C then its values
    assert LetterKey.objects.count() == 1
    periods = list(
        LetterKeyValue.objects.order_by("valid_from").values_list("value", "valid_from", "valid_to")
    )
    assert periods == [
        (Decimal("80.00"), date(2013, 8, 1), date(2025, 12, 31)),
        (Decimal("100.00"), date(2026, 1, 1), None),
    ]
    # importing the same file again changes nothing and creates nothing
    again = run("lettres-cles", text)
    assert again.ok, errors(again)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)  # no history noise
    assert (
        list(
            LetterKeyValue.objects.order_by("valid_from").values_list(
                "value", "valid_from", "valid_to"
            )
        )
        == periods
    )


@pytest.mark.django_db
def test_new_tariff_file_closes_the_value_in_the_database():
    key = LetterKey.objects.create(code="C", label="Consultation", care_category="consultation")
    old = LetterKeyValue.objects.create(
        letter_key=key, sector="all", value=Decimal("80"), valid_from=date(2013, 8, 1)
    )
    result = run(
        "lettres-cles", LETTERS_HEADER + "C;Consultation;consultation;all;100;2026-01-01\n"
    )
    assert result.ok, errors(result)
    old.refresh_from_db()
    assert old.valid_to == date(2025, 12, 31)
    assert LetterKeyValue.in_force(date(2026, 1, 1), letter_key=key, sector="all").value == 100


@pytest.mark.django_db
def test_medicines_with_prices_and_yes_no_columns():
    result = run(
        "medicaments",
        MEDS_HEADER
        + '4006381333931,Amoxil,amoxicilline,gélule,non,"30,50","25,00",oui,2014-06-01\n'
        "6111250220125,Amoxi-G,amoxicilline,gélule,OUI,25.00,,x,2014-06-01\n",
    )
    assert result.ok, errors(result)
    assert (result.created, result.updated) == (4, 0)
    amoxil = Medicine.objects.get(ean13="4006381333931")
    assert amoxil.is_generic is False
    assert Medicine.objects.get(ean13="6111250220125").is_generic is True
    price = MedicinePrice.objects.get(medicine=amoxil)
    assert (price.ppv, price.pbr, price.reimbursable) == (Decimal("30.50"), Decimal("25.00"), True)
    assert MedicinePrice.objects.get(medicine__ean13="6111250220125").pbr is None


# --- a bad row loads nothing -----------------------------------------------------------------


def _param_rows(*lines):
    return PARAMS_HEADER + "".join(line + "\n" for line in lines)


GOOD = "cnops,deposit_delay_days,60,2006-01-01,"


@pytest.mark.parametrize(
    ("bad_line", "column", "message"),
    [
        ("cnops,ald_rate,abc,2006-01-01,", "valeur", "Saisissez un nombre."),
        ("cnops,ald_rate,1.2.3,2006-01-01,", "valeur", "Saisissez un nombre."),
        ("inconnu,ald_rate,100,2006-01-01,", "regime", "code inconnu dans le référentiel"),
        ("cnops,taux_magique,100,2006-01-01,", "parametre", "Sélectionnez un choix valide."),
        ("cnops,ald_rate,100,2006-02-30,", "en_vigueur_du", "Saisissez une date valide."),
        ("cnops,ald_rate,100,,", "en_vigueur_du", "Ce champ est obligatoire."),
        (
            "cnops,ald_rate,100,2020-01-01,2019-12-31",
            "en_vigueur_du",
            "la fin de validité (31/12/2019) précède le début (01/01/2020)",
        ),
    ],
)
def test_one_bad_row_loads_nothing(cnops, bad_line, column, message):
    before = SchemeParameter.objects.count()
    result = run(
        "parametres", _param_rows(GOOD, "cnops,billing_delay_days,90,2006-01-01,", bad_line)
    )
    assert not result.ok
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.line, error.column) == (4, column)
    assert error.message.startswith(message)
    assert str(error).startswith(f"ligne 4, colonne « {column} » : ")
    assert (result.created, result.updated) == (0, 0)
    assert result.summary() == "Paramètres de régime : 1 erreur(s), rien n'a été importé."
    assert SchemeParameter.objects.count() == before == 0


def test_line_numbers_count_comment_lines(cnops):
    text = "# Source : décret 2-05-733\n" + _param_rows(GOOD, "cnops,ald_rate,abc,2006-01-01,")
    result = run("parametres", text)
    assert errors(result) == [(4, "valeur", "Saisissez un nombre.")]


def test_every_bad_row_is_named(cnops):
    result = run(
        "parametres",
        _param_rows("cnops,ald_rate,abc,2006-01-01,", GOOD, "autre,foo,1,2006-01-01,"),
    )
    assert sorted((line, column) for line, column, _ in errors(result)) == [
        (2, "valeur"),
        (4, "parametre"),
        (4, "regime"),
    ]
    assert SchemeParameter.objects.count() == 0


def test_overlap_inside_the_file_loads_nothing(cnops):
    result = run(
        "parametres",
        _param_rows(
            "cnops,deposit_delay_days,60,2006-01-01,2019-12-31",
            "cnops,deposit_delay_days,90,2010-01-01,",
        ),
    )
    assert errors(result) == [
        (3, "en_vigueur_du", "chevauche la période déjà en vigueur du 01/01/2006 au 31/12/2019")
    ]
    assert SchemeParameter.objects.count() == 0


def test_overlap_with_the_database_is_refused(cnops):
    SchemeParameter.objects.create(
        scheme=cnops,
        code="deposit_delay_days",
        value=60,
        valid_from=date(2006, 1, 1),
        valid_to=date(2019, 12, 31),
    )
    result = run("parametres", _param_rows("cnops,deposit_delay_days,90,2019-06-01,2019-06-30"))
    assert errors(result) == [
        (2, "en_vigueur_du", "chevauche la période déjà en vigueur du 01/01/2006 au 31/12/2019")
    ]
    assert SchemeParameter.objects.count() == 1


def test_succession_inside_the_file_is_accepted(cnops):
    result = run(
        "parametres",
        _param_rows(
            "cnops,deposit_delay_days,60,2006-01-01,", "cnops,deposit_delay_days,90,2020-01-01,"
        ),
    )
    assert result.ok, errors(result)
    first = SchemeParameter.objects.get(valid_from=date(2006, 1, 1))
    assert first.valid_to == date(2019, 12, 31)
    assert (
        SchemeParameter.in_force(date(2020, 1, 1), scheme=cnops, code="deposit_delay_days").value
        == 90
    )


@pytest.mark.django_db
def test_bad_ean13_loads_no_medicine_and_no_price():
    result = run(
        "medicaments",
        MEDS_HEADER + "6111250220125,Amoxi-G,amoxicilline,gélule,oui,25.00,,oui,2014-06-01\n"
        "4006381333932,Amoxil,amoxicilline,gélule,non,30.50,,oui,2014-06-01\n",
    )
    assert errors(result) == [
        (3, "ean13", "clé de contrôle EAN-13 invalide : 2 au lieu de 1"),
    ]
    assert (Medicine.objects.count(), MedicinePrice.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_yes_no_column_refuses_maybe():
    result = run(
        "medicaments",
        MEDS_HEADER + "4006381333931,Amoxil,amoxicilline,gélule,peut-être,30.50,,oui,2014-06-01\n",
    )
    assert errors(result) == [(2, "generique", "« peut-être » : oui ou non attendu")]
    assert Medicine.objects.count() == 0


@pytest.mark.django_db
def test_error_in_the_second_part_rolls_back_the_first():
    result = run(
        "lettres-cles",
        LETTERS_HEADER + "C;Consultation;consultation;tous;-5;2013-08-01\n",
    )
    assert sorted((line, column) for line, column, _ in errors(result)) == [
        (2, "secteur"),
        (2, "valeur"),
    ]
    assert (LetterKey.objects.count(), LetterKeyValue.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_pbr_above_ppv_is_reported_on_the_pbr_column():
    result = run(
        "medicaments",
        MEDS_HEADER + "4006381333931,Amoxil,amoxicilline,gélule,non,30.00,31.00,oui,2014-06-01\n",
    )
    assert errors(result) == [(2, "pbr", "le PBR ne peut pas dépasser le PPV")]
    assert Medicine.objects.count() == 0


# --- the file itself -------------------------------------------------------------------------


@pytest.mark.django_db
def test_missing_required_column_is_reported():
    result = run("regimes", "code,nom\ncnops,CNOPS\n")
    assert result.errors == [LineError(1, "caisse", "colonne(s) absente(s) de l'en-tête")]
    assert (
        str(result.errors[0]) == "ligne 1, colonne « caisse » : colonne(s) absente(s) de l'en-tête"
    )
    assert Scheme.objects.count() == 0


@pytest.mark.django_db
def test_every_missing_column_is_named():
    result = run("parametres", "regime,valeur\ncnops,60\n")
    assert errors(result) == [(1, "parametre, en_vigueur_du", "colonne(s) absente(s) de l'en-tête")]


@pytest.mark.django_db
def test_optional_columns_may_be_absent():
    result = run("regimes", "caisse,code,nom\nCNOPS,cnops,CNOPS\n")
    assert result.ok
    assert Scheme.objects.get().description == ""


@pytest.mark.django_db
def test_unreadable_file_is_a_file_error():
    result = import_file(BY_NAME["regimes"], "regimes.ods", b"code,nom,caisse\n")
    assert errors(result) == [
        (0, "", "format non pris en charge : regimes.ods (CSV ou XLSX attendu)")
    ]
    assert str(result.errors[0]).startswith("fichier : format non pris en charge")
    latin1 = import_file(
        BY_NAME["regimes"], "r.csv", "code,nom,caisse\nx,Régime,X\n".encode("latin-1")
    )
    assert errors(latin1) == [(0, "", "le fichier CSV doit être encodé en UTF-8")]
    assert Scheme.objects.count() == 0


@pytest.mark.django_db
def test_xlsx_file_loads():
    from openpyxl import Workbook

    book = Workbook()
    for row in [
        ["Lettre", "Libelle", "Categorie", "Secteur", "Valeur", "En_vigueur_du"],
        ["K", "Acte technique", "technical_act", "all", 22.5, date(2006, 1, 1)],
        ["B", "Biologie", "biology", "all", 1.1, date(2006, 1, 1)],
    ]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_file(BY_NAME["lettres-cles"], "tnr.xlsx", buffer.getvalue())
    assert result.ok, errors(result)
    assert sorted(LetterKeyValue.objects.values_list("letter_key__code", "value")) == [
        ("B", Decimal("1.10")),
        ("K", Decimal("22.50")),
    ]


# --- YesNoField ------------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(TRUE_WORDS) + ["OUI", " Oui ", "Vrai", "X"])
def test_yes_words(word):
    assert YesNoField(required=False).clean(word) is True


@pytest.mark.parametrize("word", sorted(FALSE_WORDS) + ["NON", " Faux ", None])
def test_no_words(word):
    assert YesNoField(required=False).clean(word) is False


@pytest.mark.parametrize("word", ["peut-être", "2", "si", "-"])
def test_other_words_are_errors(word):
    with pytest.raises(ValidationError) as err:
        YesNoField(required=False).clean(word)
    assert err.value.messages == [f"« {word} » : oui ou non attendu"]


# --- management command ----------------------------------------------------------------------


def _write(tmp_path, text, name="regimes.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_command_imports(tmp_path):
    out = io.StringIO()
    call_command("import_referential", "regimes", _write(tmp_path, REGIMES), stdout=out)
    assert (
        "Régimes : 2 ligne(s) importée(s) (2 enregistrement(s) créé(s), 0 mis à jour, 0 inchangé(s))."
        in out.getvalue()
    )
    assert Scheme.objects.count() == 2


@pytest.mark.django_db
def test_command_with_a_bad_file_fails_and_names_the_line(tmp_path):
    err = io.StringIO()
    path = _write(tmp_path, "code,nom,caisse\ncnops,CNOPS,CNOPS\n,Sans code,X\n")
    with pytest.raises(CommandError, match="Régimes : 1 erreur\\(s\\), rien n'a été importé."):
        call_command("import_referential", "regimes", path, stderr=err)
    assert "ligne 3, colonne « code »" in err.getvalue()
    assert Scheme.objects.count() == 0


@pytest.mark.django_db
def test_command_dry_run_saves_nothing(tmp_path):
    out = io.StringIO()
    call_command(
        "import_referential", "regimes", _write(tmp_path, REGIMES), "--dry-run", stdout=out
    )
    assert "(validation seule, rien n'a été enregistré)" in out.getvalue()
    assert "2 enregistrement(s) créé(s)" in out.getvalue()
    assert Scheme.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_unknown_referential_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="référentiel inconnu « tarifs »"):
        call_command("import_referential", "tarifs", _write(tmp_path, REGIMES))
    with pytest.raises(CommandError, match="fichier introuvable"):
        call_command("import_referential", "regimes", str(tmp_path / "absent.csv"))
