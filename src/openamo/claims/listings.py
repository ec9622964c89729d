"""The columns of the processors' work queue (page, sort, CSV and XLSX exports)."""

from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing

from .models import Outcome


def _outcome(claim) -> str | None:
    return Outcome(claim.latest_outcome).label if claim.latest_outcome else None


def _assignee(claim) -> str | None:
    user = claim.assigned_to
    return (user.get_full_name() or user.get_username()) if user else None


QUEUE = Listing(
    name="dossiers",
    sheet="Dossiers",
    default_sort="-depot",
    columns=(
        Column("reference", _("Référence"), lambda c: c.reference, ("reference",)),
        Column(
            "beneficiaire",
            _("Bénéficiaire"),
            lambda c: c.beneficiary.full_name,
            ("beneficiary__last_name", "beneficiary__first_name"),
        ),
        Column(
            "immatriculation",
            _("Immatriculation"),
            lambda c: f"{c.beneficiary.registration_number}/{c.beneficiary.rank:02d}",
            ("beneficiary__registration_number", "beneficiary__rank"),
            in_page=False,
        ),
        Column("depot", _("Dépôt"), lambda c: c.deposit_date, ("deposit_date",)),
        Column("canal", _("Canal"), lambda c: c.get_channel_display(), ("channel",)),
        Column("statut", _("Statut"), lambda c: c.get_status_display(), ("status",)),
        Column("attribue_a", _("Attribué à"), _assignee, ("assigned_to__last_name",)),
        Column("lignes", _("Lignes"), lambda c: c.line_count, ("line_count",), numeric=True),
        Column("resultat", _("Résultat"), _outcome, ("latest_outcome",)),
        Column(
            "facture", _("Facturé"), lambda c: c.latest_charged, ("latest_charged",), numeric=True
        ),
        Column(
            "rembourse",
            _("Remboursé"),
            lambda c: c.latest_reimbursed,
            ("latest_reimbursed",),
            numeric=True,
        ),
    ),
)
