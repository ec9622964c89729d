"""The columns of the complaint lists (page, sort, CSV and XLSX exports)."""

from django.utils.translation import gettext_lazy as _

from openamo.portal.listing import Column, Listing

from . import deadlines


def deadline_label(row) -> str:
    if getattr(row, "late", False):
        return deadlines.LABELS[deadlines.LATE]
    if getattr(row, "due_soon", False):
        return deadlines.LABELS[deadlines.SOON]
    return "" if row.status == "closed" else deadlines.LABELS[deadlines.ON_TIME]


QUEUE = Listing(
    name="reclamations",
    sheet="Réclamations",
    default_sort="echeance",
    per_page=30,
    columns=(
        Column("reference", _("Référence"), lambda c: c.reference, ("reference",)),
        Column("assure", _("Assuré"), lambda c: c.member.full_name, ("member__last_name",)),
        Column("nature", _("Nature"), lambda c: str(c.category), ("category__label",)),
        Column("canal", _("Canal"), lambda c: c.get_channel_display(), ("channel",)),
        Column("recue_le", _("Reçue le"), lambda c: c.filed_at, ("filed_at",)),
        Column("echeance", _("Échéance"), lambda c: c.next_due, ("next_due",)),
        Column("delai", _("Délai"), deadline_label, ()),
        Column("statut", _("Statut"), lambda c: c.get_status_display(), ("status",)),
        Column("equipe", _("Équipe"), lambda c: c.team.label if c.team else "", ("team__label",)),
        Column(
            "agent",
            _("Agent"),
            lambda c: (
                (c.assigned_to.get_full_name() or c.assigned_to.username) if c.assigned_to else ""
            ),
            ("assigned_to__username",),
        ),
    ),
)

MINE = Listing(
    name="mes-reclamations",
    sheet="Mes réclamations",
    default_sort="-deposee_le",
    per_page=20,
    columns=(
        Column("reference", _("Référence"), lambda c: c.reference, ("reference",)),
        Column("objet", _("Objet"), lambda c: c.title, ("title",)),
        Column("nature", _("Nature"), lambda c: str(c.category), ("category__label",)),
        Column("deposee_le", _("Déposée le"), lambda c: c.filed_at, ("filed_at",)),
        Column("statut", _("Statut"), lambda c: c.get_status_display(), ("status",)),
    ),
)
