"""The columns of the authorisation lists (page, sort, CSV and XLSX exports): requests (a
provider's own, or all for staff), the reviewers' queue, delays by delegation, invoices."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


REFERENCE = Column("reference", _("Référence"), lambda r: r.reference, ("reference",))
BENEFICIARY = Column(
    "beneficiaire",
    _("Bénéficiaire"),
    lambda r: str(r.beneficiary),
    ("beneficiary__last_name", "beneficiary__first_name"),
)
TYPE = Column(
    "type", _("Type"), lambda r: r.authorization_type.label, ("authorization_type__label",)
)
PROVIDER = Column("prestataire", _("Prestataire"), lambda r: r.provider.name, ("provider__name",))
STATUS = Column("statut", _("Statut"), lambda r: r.get_status_display(), ("status",))


def requests_listing(*, with_provider: bool) -> Listing:
    """A provider's own requests (no provider column) or every request for staff."""
    columns = (
        REFERENCE,
        Column("deposee_le", _("Déposée le"), lambda r: r.submitted_at, ("submitted_at",)),
        BENEFICIARY,
        TYPE,
        *((PROVIDER,) if with_provider else ()),
        Column("debut_soins", _("Soins prévus"), lambda r: r.planned_start, ("planned_start",)),
        Column(
            "fin_soins",
            _("Fin des soins"),
            lambda r: r.planned_end,
            ("planned_end",),
            in_page=False,
        ),
        Column(
            "part_caisse",
            _("Part de la caisse"),
            lambda r: r.amount_covered,
            ("amount_covered",),
            numeric=True,
        ),
        STATUS,
    )
    return Listing(
        name="prises-en-charge",
        sheet="Prises en charge",
        default_sort="-deposee_le",
        per_page=50,
        columns=columns,
    )


REQUESTS_STAFF = requests_listing(with_provider=True)
REQUESTS_PROVIDER = requests_listing(with_provider=False)

QUEUE = Listing(
    name="file-prises-en-charge",
    sheet="File",
    default_sort="echeance",
    per_page=50,
    columns=(
        REFERENCE,
        Column(
            "delegation",
            _("Délégation"),
            lambda r: r.delegation.name if r.delegation else None,
            ("delegation__name",),
        ),
        Column("file", _("File"), lambda r: r.get_queue_display() or None, ("queue",)),
        TYPE,
        PROVIDER,
        BENEFICIARY,
        Column("motif", _("Motif de mise en file"), lambda r: r.decision_note),
        Column("echeance", _("Échéance"), lambda r: r.due_at, ("due_at",)),
        STATUS,
    ),
)

DELAYS = Listing(
    name="delais-delegations",
    sheet="Délais",
    default_sort="delegation",
    per_page=100,
    columns=(
        Column("delegation", _("Délégation"), lambda d: d.delegation, ("delegation",)),
        Column(
            "en_instruction", _("En instruction"), lambda d: d.pending, ("pending",), numeric=True
        ),
        Column("en_retard", _("En retard"), lambda d: d.overdue, ("overdue",), numeric=True),
        Column("escaladees", _("Escaladées"), lambda d: d.escalated, ("escalated",), numeric=True),
        Column("decidees", _("Décidées"), lambda d: d.decided, ("decided",), numeric=True),
        Column(
            "accord_immediat",
            _("dont accord immédiat"),
            lambda d: d.instant,
            ("instant",),
            numeric=True,
        ),
        Column(
            "hors_delai",
            _("Décidées hors délai"),
            lambda d: d.decided_late,
            ("decided_late",),
            numeric=True,
        ),
        Column(
            "dans_le_delai_pct",
            _("Dans le délai (%)"),
            lambda d: _decimal(d.on_time_rate),
            ("on_time_rate",),
            numeric=True,
        ),
        Column(
            "delai_moyen_h",
            _("Délai moyen (h)"),
            lambda d: _decimal(d.average_hours),
            ("average_hours",),
            numeric=True,
        ),
    ),
)


def invoices_listing(*, with_provider: bool) -> Listing:
    columns = (
        Column("reference", _("Facture"), lambda i: i.reference, ("reference",)),
        Column("numero", _("N° prestataire"), lambda i: i.number, ("number",)),
        *((PROVIDER,) if with_provider else ()),
        Column(
            "prise_en_charge",
            _("Prise en charge"),
            lambda i: i.agreement.reference,
            ("agreement__reference",),
        ),
        Column("recue_le", _("Reçue le"), lambda i: i.received_on, ("received_on",)),
        Column("statut", _("Statut"), lambda i: i.get_status_display(), ("status",)),
        Column(
            "facture", _("Facturé"), lambda i: i.amount_charged, ("amount_charged",), numeric=True
        ),
        Column(
            "accepte", _("Accepté"), lambda i: i.amount_accepted, ("amount_accepted",), numeric=True
        ),
        Column(
            "paiement_avant", _("Paiement (30 j)"), lambda i: i.payment_due_on, ("payment_due_on",)
        ),
        Column("delai_legal", _("Délai légal (60 j)"), lambda i: i.legal_due_on, ("legal_due_on",)),
        Column("payee_le", _("Payée le"), lambda i: i.paid_on, ("paid_on",), in_page=False),
    )
    return Listing(
        name="factures", sheet="Factures", default_sort="-recue_le", per_page=50, columns=columns
    )


INVOICES_STAFF = invoices_listing(with_provider=True)
INVOICES_PROVIDER = invoices_listing(with_provider=False)
