"""Columns that several lists share, declared once: the same header, export key, sort and
cell wherever a member or a declaration is listed (staff, employer, broker, mutuelle)."""

from django.utils.translation import gettext_lazy as _

from .listing import Column

# ---- members ----------------------------------------------------------------------------------

REGISTRATION = Column(
    "immatriculation",
    _("Immatriculation"),
    lambda m: m.registration_number,
    ("registration_number",),
)
CIN = Column("cin", _("CIN"), lambda m: m.cin, ("cin",))
LAST_NAME = Column("nom", _("Nom"), lambda m: m.last_name, ("last_name", "first_name"))
FIRST_NAME = Column("prenom", _("Prénom"), lambda m: m.first_name, ("first_name", "last_name"))
BIRTH_DATE = Column("date_naissance", _("Né(e) le"), lambda m: m.birth_date, ("birth_date",))
MEMBER_STATUS = Column("statut", _("Statut"), lambda m: m.get_status_display(), ("status",))

# ---- declarations (annotated by `contributions.selectors`) ------------------------------------

DECLARATION_SOURCE = Column("origine", _("Origine"), lambda d: d.get_source_display(), ("source",))
DECLARATION_LINES = Column(
    "lignes", _("Lignes"), lambda d: d.line_count, ("line_count",), numeric=True
)
PAYROLL = Column(
    "masse_salariale", _("Masse salariale"), lambda d: d.payroll_total, ("payroll_total",), True
)
CONTRIBUTIONS = Column(
    "cotisations", _("Cotisations"), lambda d: d.contribution_total, ("contribution_total",), True
)
