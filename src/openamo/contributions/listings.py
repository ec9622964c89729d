"""The columns of the staff lists (page, sort, CSV and XLSX exports): declarations, calls,
receipts and arrears."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from openamo.core.money import ZERO
from openamo.portal.columns import CONTRIBUTIONS, DECLARATION_LINES, DECLARATION_SOURCE, PAYROLL
from openamo.portal.listing import Column, Listing


def call_state(outstanding: Decimal, paid: Decimal) -> tuple[str, str]:
    """(label, badge class) of a call from its balance."""
    if outstanding <= ZERO:
        return str(_("Soldé")), "ok"
    if paid > ZERO:
        return str(_("Paiement partiel")), "warn"
    return str(_("Non payé")), "ko"


def _allocations(receipt) -> str:
    return " ; ".join(
        f"{a.call.period:%Y-%m} : {a.amount:.2f}".replace(".", ",")
        for a in receipt.allocations.all()
    )


DECLARATIONS = Listing(
    name="declarations",
    sheet="Déclarations",
    default_sort="-periode",
    per_page=50,
    columns=(
        Column("periode", _("Période"), lambda d: d.period, ("period", "-employer__name")),
        Column(
            "employeur", _("Employeur"), lambda d: d.employer.name, ("employer__name", "-period")
        ),
        Column("regime", _("Régime"), lambda d: d.scheme.code.upper(), ("scheme__code",)),
        DECLARATION_SOURCE,
        DECLARATION_LINES,
        PAYROLL,
        CONTRIBUTIONS,
        Column("deposee_le", _("Déposée le"), lambda d: d.submitted_at, ("submitted_at",)),
    ),
)

CALLS = Listing(
    name="appels",
    sheet="Appels",
    default_sort="-periode",
    per_page=50,
    columns=(
        Column("periode", _("Période"), lambda c: c.period, ("period", "-employer__name")),
        Column(
            "employeur", _("Employeur"), lambda c: c.employer.name, ("employer__name", "-period")
        ),
        Column("exigible_le", _("Exigible le"), lambda c: c.due_on, ("due_on",)),
        Column("appele", _("Appelé"), lambda c: c.amount_due, ("amount_due",), numeric=True),
        Column("paye", _("Payé"), lambda c: c.paid, ("paid",), numeric=True),
        Column("reste_du", _("Reste dû"), lambda c: c.outstanding, ("outstanding",), numeric=True),
        Column("etat", _("État"), lambda c: call_state(c.outstanding, c.paid)[0]),
    ),
)

RECEIPTS = Listing(
    name="encaissements",
    sheet="Encaissements",
    default_sort="-recu_le",
    per_page=50,
    columns=(
        Column("recu_le", _("Reçu le"), lambda r: r.received_on, ("received_on",)),
        Column(
            "employeur",
            _("Employeur"),
            lambda r: r.employer.name,
            ("employer__name", "-received_on"),
        ),
        Column("canal", _("Canal"), lambda r: r.get_channel_display(), ("channel",)),
        Column("reference", _("Référence"), lambda r: r.reference, ("reference",)),
        Column("montant", _("Montant"), lambda r: r.amount, ("amount",), numeric=True),
        Column("impute", _("Imputé"), lambda r: r.allocated, ("allocated",), numeric=True),
        Column("imputations", _("Imputé sur"), _allocations),
        Column(
            "non_impute",
            _("Non imputé (crédit)"),
            lambda r: r.left_over,
            ("left_over",),
            numeric=True,
        ),
    ),
)

# Arrears are computed rows (`selectors.ArrearRow`), sorted in memory by the cell.
ARREARS = Listing(
    name="impayes",
    sheet="Impayés",
    default_sort="-reste_du",
    per_page=50,
    columns=(
        Column("employeur", _("Employeur"), lambda r: r.call.employer.name, ("employer",)),
        Column("periode", _("Période"), lambda r: r.call.period, ("period",)),
        Column("exigible_le", _("Exigible le"), lambda r: r.call.due_on, ("due_on",)),
        Column("appele", _("Appelé"), lambda r: r.call.amount_due, ("amount_due",), numeric=True),
        Column("paye", _("Payé"), lambda r: r.call.paid, ("paid",), numeric=True),
        Column("reste_du", _("Reste dû"), lambda r: r.outstanding, ("outstanding",), numeric=True),
        Column(
            "jours_retard",
            _("Jours de retard"),
            lambda r: r.days_late,
            ("days_late",),
            numeric=True,
        ),
    ),
)
