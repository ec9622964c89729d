"""The columns of the employer's lists (page, sort, CSV and XLSX exports): insured members,
declarations and calls."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        Column(
            "immatriculation",
            _("Immatriculation"),
            lambda m: m.registration_number,
            ("registration_number",),
        ),
        Column("cin", _("CIN"), lambda m: m.cin, ("cin",)),
        Column("nom", _("Nom"), lambda m: m.last_name, ("last_name", "first_name")),
        Column("prenom", _("Prénom"), lambda m: m.first_name, ("first_name", "last_name")),
        Column("date_naissance", _("Né(e) le"), lambda m: m.birth_date, ("birth_date",)),
        Column("statut", _("Statut"), lambda m: m.get_status_display(), ("status",)),
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
        Column("origine", _("Origine"), lambda d: d.get_source_display(), ("source",)),
        Column("lignes", _("Lignes"), lambda d: d.line_count, ("line_count",), numeric=True),
        Column(
            "masse_salariale",
            _("Masse salariale"),
            lambda d: d.payroll_total,
            ("payroll_total",),
            numeric=True,
        ),
        Column(
            "cotisations",
            _("Cotisations"),
            lambda d: d.contribution_total,
            ("contribution_total",),
            numeric=True,
        ),
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
