"""The columns of the medical control's queue (page, sort, CSV and XLSX exports)."""

from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing

QUEUE = Listing(
    name="demandes-ald",
    sheet="Demandes ALD",
    default_sort="echeance",
    per_page=30,
    columns=(
        Column("reference", _("Référence"), lambda r: r.reference, ("reference",)),
        Column(
            "beneficiaire",
            _("Bénéficiaire"),
            lambda r: r.beneficiary.full_name,
            ("beneficiary__last_name",),
        ),
        Column("ald", _("ALD"), lambda r: r.condition.code, ("condition__number",)),
        Column("deposee_le", _("Déposée le"), lambda r: r.filed_at, ("filed_at",)),
        Column("echeance", _("À décider avant le"), lambda r: r.due_on, ("due_on",)),
        Column("statut", _("Statut"), lambda r: r.get_status_display(), ("status",)),
        Column(
            "delegation",
            _("Délégation"),
            lambda r: r.delegation.name if r.delegation else "",
            ("delegation__name",),
        ),
        Column(
            "medecin",
            _("Médecin contrôleur"),
            lambda r: r.assigned_to.username if r.assigned_to else "",
            ("assigned_to__username",),
        ),
    ),
)
