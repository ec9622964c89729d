"""The columns of the trail, the read log and the processors' statistics (pages and exports)."""

from django.utils import timezone

from openamo.portal.listing import Column, Listing

from .labels import changes_text
from .reads import read_label


def _when(row):
    return timezone.localtime(row.created_at).strftime("%d/%m/%Y %H:%M:%S")


def type_label(row) -> str:
    model = row.object_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else row.object_type.name


def _changes(entry) -> str:
    return changes_text(entry.object_type.model_class(), entry.changes)


TRAIL = Listing(
    name="journal-audit",
    sheet="Journal d'audit",
    default_sort="-numero",
    columns=(
        Column("numero", "N°", lambda e: e.pk, ("id",), numeric=True),
        Column("date", "Date", _when, ("created_at",)),
        Column("auteur", "Auteur", lambda e: e.actor_label, ("actor_label",)),
        Column("action", "Action", lambda e: e.get_action_display(), ("action",)),
        Column("type_objet", "Type d'objet", type_label),
        Column("objet", "Objet", lambda e: e.object_repr, ("object_repr",)),
        Column("identifiant", "Identifiant", lambda e: e.object_id, in_page=False),
        Column("modifications", "Modifications (avant → après)", _changes),
        Column("motif", "Motif", lambda e: e.reason),
        Column("empreinte", "Empreinte", lambda e: e.hash, in_page=False),
    ),
)


def _person(row) -> str:
    b = row.beneficiary
    return f"{b.full_name} ({b.registration_number}/{b.rank:02d})" if b else ""


READS = Listing(
    name="journal-lectures",
    sheet="Journal des lectures",
    default_sort="-date",
    columns=(
        Column("date", "Date", _when, ("created_at",)),
        Column("lecteur", "Lecteur", lambda r: r.actor_label, ("actor_label",)),
        Column("personne", "Personne lue", _person),
        Column("donnee", "Donnée lue", lambda r: read_label(r.what), ("what",)),
        Column(
            "objet", "Objet", lambda r: f"{type_label(r)} {r.object_id}" if r.object_type else ""
        ),
        Column("origine", "Page ou appel", lambda r: r.where),
        Column("trouve", "Trouvé", lambda r: "Oui" if r.found else "Non"),
        Column("adresse", "Adresse", lambda r: r.source_ip or "", in_page=False),
    ),
)


PROCESSORS = Listing(
    name="statistiques-liquidateurs",
    sheet="Statistiques par agent",
    default_sort="agent",
    per_page=100,
    columns=(
        Column("agent", "Agent", lambda s: s.actor, ("actor",)),
        Column("dossiers", "Dossiers traités", lambda s: s.files, ("files",), True),
        Column("jours", "Jours d'activité", lambda s: s.days, ("days",), True),
        Column("par_jour", "Dossiers par jour", lambda s: s.per_day, ("per_day",), True),
        Column("ecart_par_jour", "Écart à la médiane", lambda s: s.per_day_gap, (), True),
        Column("liquidations", "Liquidations", lambda s: s.adjudications, ("adjudications",), True),
        Column(
            "taux_rejet",
            "Taux de rejet (%)",
            lambda s: s.rejection_rate,
            ("rejection_rate",),
            True,
        ),
        Column("ecart_rejet", "Écart à la médiane (pts)", lambda s: s.rejection_gap, (), True),
        Column("avis", "Lignes revues", lambda s: s.reviews, ("reviews",), True),
        Column(
            "taux_forcage",
            "Taux de forçage (%)",
            lambda s: s.override_rate,
            ("override_rate",),
            True,
        ),
        Column("ecart_forcage", "Écart à la médiane (pts)", lambda s: s.override_gap, (), True),
    ),
)
