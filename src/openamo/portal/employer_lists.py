"""The columns of the employer's lists (page, sort, CSV and XLSX exports): insured members,
declarations and calls."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .columns import (
    BIRTH_DATE,
    CIN,
    CONTRIBUTIONS,
    DECLARATION_LINES,
    DECLARATION_SOURCE,
    FIRST_NAME,
    LAST_NAME,
    MEMBER_STATUS,
    PAYROLL,
    REGISTRATION,
)
from .listing import Column, Listing
from .payment_states import payment_state


def _state(row) -> str:
    state = payment_state(
        amount_due=row.amount_due, paid=row.paid, due_on=row.due_on, today=timezone.localdate()
    )
    return str(state.label)


MEMBERS = Listing(
    name="assures",
    sheet="Assurés",
    default_sort="nom",
    columns=(
        REGISTRATION,
        CIN,
        LAST_NAME,
        FIRST_NAME,
        BIRTH_DATE,
        MEMBER_STATUS,
        Column(
            "immatricule_le", _("Immatriculé le"), lambda m: m.registered_on, ("registered_on",)
        ),
        Column(
            "mutuelle",
            _("Mutuelle"),
            lambda m: m.mutuelle.name if m.mutuelle_id else None,
            ("mutuelle__name",),
        ),
    ),
)

DECLARATIONS = Listing(
    name="declarations",
    sheet="Déclarations",
    default_sort="-mois",
    per_page=20,
    columns=(
        Column("mois", _("Mois déclaré"), lambda d: d.period, ("period",)),
        DECLARATION_SOURCE,
        DECLARATION_LINES,
        PAYROLL,
        CONTRIBUTIONS,
        Column("paye", _("Payé"), lambda d: d.paid, ("paid",), numeric=True),
        Column("echeance", _("Échéance"), lambda d: d.due_on, ("due_on",)),
        Column("statut", _("Statut"), _state),
        Column("deposee_le", _("Déposée le"), lambda d: d.submitted_at, ("submitted_at",)),
    ),
)

CALLS = Listing(
    name="appels",
    sheet="Appels",
    default_sort="-periode",
    per_page=20,
    columns=(
        Column("periode", _("Période"), lambda c: c.period, ("period",)),
        Column(
            "lignes_declarees",
            _("Déclaration"),
            lambda c: c.declaration.line_count if c.declaration_id else None,
            ("declaration__line_count",),
            numeric=True,
        ),
        Column("exigible_le", _("Exigible le"), lambda c: c.due_on, ("due_on",)),
        Column("appele", _("Appelé"), lambda c: c.amount_due, ("amount_due",), numeric=True),
        Column("paye", _("Payé (imputé)"), lambda c: c.paid, ("paid",), numeric=True),
        Column("reste_du", _("Reste dû"), lambda c: c.outstanding, ("outstanding",), numeric=True),
        Column("etat", _("État"), _state),
    ),
)
