"""The columns of the insured person's lists (page, sort, CSV and XLSX exports): the family's
claim files and its prior authorisations."""

from django.utils.translation import gettext_lazy as _

from openamo.claims.models import Outcome

from .listing import Column, Listing


def claim_state(claim) -> str:
    """The outcome of the latest statement once liquidated, else where the file stands."""
    return str(Outcome(claim.outcome).label) if claim.outcome else claim.get_status_display()


BENEFICIARY = Column(
    "beneficiaire",
    _("Bénéficiaire"),
    lambda row: row.beneficiary.full_name,
    ("beneficiary__rank",),
)

CLAIMS = Listing(
    name="mes-dossiers",
    sheet="Mes dossiers",
    default_sort="-depose_le",
    per_page=20,
    columns=(
        Column("dossier", _("Dossier"), lambda c: c.reference, ("reference",)),
        BENEFICIARY,
        Column("depose_le", _("Déposé le"), lambda c: c.deposit_date, ("deposit_date",)),
        Column("statut", _("Statut"), claim_state, ("outcome", "status")),
        Column("frais", _("Frais"), lambda c: c.charged, ("charged",), numeric=True),
        Column("rembourse", _("Remboursé"), lambda c: c.reimbursed, ("reimbursed",), numeric=True),
    ),
)

AUTHORIZATIONS = Listing(
    name="mes-prises-en-charge",
    sheet="Mes prises en charge",
    default_sort="-deposee_le",
    per_page=20,
    columns=(
        Column("reference", _("Référence"), lambda a: a.reference, ("reference",)),
        BENEFICIARY,
        Column("etablissement", _("Établissement"), lambda a: a.provider.name, ("provider__name",)),
        Column(
            "type", _("Type"), lambda a: a.authorization_type.label, ("authorization_type__label",)
        ),
        Column("deposee_le", _("Déposée le"), lambda a: a.submitted_at, ("submitted_at",)),
        Column("debut_soins", _("Début des soins"), lambda a: a.planned_start, ("planned_start",)),
        Column(
            "part_caisse",
            _("Part de la caisse"),
            lambda a: a.amount_covered,
            ("amount_covered",),
            numeric=True,
        ),
        Column("statut", _("Statut"), lambda a: a.get_status_display(), ("status",)),
    ),
)
