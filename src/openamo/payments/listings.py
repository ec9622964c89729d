"""The columns of the payments lists (pages and CSV/XLSX exports)."""

from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing


def _payee_id(order) -> str:
    if order.member_id:
        return order.member.registration_number
    return order.provider.inpe


RUNS = Listing(
    name="lots-de-paiement",
    sheet="Lots de paiement",
    default_sort="-prepare_le",
    columns=(
        Column("reference", "Référence", lambda r: r.reference, ("reference",)),
        Column("nature", "Nature", lambda r: r.get_kind_display(), ("kind",)),
        Column("arrete_au", "Arrêté au", lambda r: r.cut_off, ("cut_off",)),
        Column("statut", "Statut", lambda r: r.get_status_display(), ("status",)),
        Column("ordres", "Ordres", lambda r: r.order_count, ("order_count",), numeric=True),
        Column("pieces", "Pièces", lambda r: r.item_count, ("item_count",), numeric=True),
        Column("montant", "Montant", lambda r: r.total, ("total",), numeric=True),
        Column("ecartees", "Écartées", lambda r: r.skipped_count, ("skipped_count",), True),
        Column("prepare_le", "Préparé le", lambda r: r.prepared_at, ("prepared_at",)),
    ),
)

ORDERS = Listing(
    name="ordres-de-paiement",
    sheet="Ordres de paiement",
    default_sort="reference",
    columns=(
        Column("reference", "Ordre", lambda o: o.reference, ("reference",)),
        Column("beneficiaire", "Bénéficiaire", lambda o: o.payee_name, ("payee_name",)),
        Column("identifiant", "Immatriculation / INPE", _payee_id),
        Column("rib", "RIB", lambda o: o.rib),
        Column("montant", "Montant", lambda o: o.amount, ("amount",), numeric=True),
        Column("statut", "Statut", lambda o: o.get_status_display(), ("status",)),
        Column("denoue_le", "Dénoué le", lambda o: o.settled_on, ("settled_on",)),
        Column("motif_rejet", "Motif du rejet", lambda o: o.rejection_reason),
    ),
)

HOLDS = Listing(
    name="oppositions",
    sheet="Oppositions",
    default_sort="-posee_le",
    columns=(
        Column("objet", "Objet", lambda h: h.target_label),
        Column("motif", "Motif", lambda h: h.reason),
        Column("du", "Du", lambda h: h.starts_on, ("starts_on",)),
        Column("au", "Au", lambda h: h.ends_on, ("ends_on",)),
        Column("posee_le", "Posée le", lambda h: h.set_at, ("set_at",)),
        Column("posee_par", "Posée par", lambda h: h.set_by.get_username() if h.set_by else ""),
        Column("levee_le", "Levée le", lambda h: h.lifted_at, ("lifted_at",)),
        Column("motif_levee", "Motif de la levée", lambda h: h.lift_reason),
    ),
)


def _pieces(order) -> str:
    refs = [i.claim.reference if i.claim_id else i.invoice.reference for i in order.items.all()]
    return ", ".join(refs)


MY_ORDERS = Listing(
    name="mes-paiements",
    sheet="Paiements",
    default_sort="-date",
    columns=(
        Column("reference", _("Paiement"), lambda o: o.reference, ("reference",)),
        Column("date", _("Ordonnancé le"), lambda o: o.run.prepared_at, ("run__prepared_at",)),
        Column("pieces", _("Pièces payées"), _pieces),
        Column("montant", _("Montant"), lambda o: o.amount, ("amount",), numeric=True),
        Column("statut", _("Statut"), lambda o: o.get_status_display(), ("status",)),
        Column(
            "paye_le",
            _("Payé le"),
            lambda o: o.settled_on if o.status == "paid" else None,
            ("settled_on",),
        ),
    ),
)
