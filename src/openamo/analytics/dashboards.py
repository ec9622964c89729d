"""The dashboards: each a list of figures (a chart + its rows) computed by `queries.py` on the
analytical copy. No query here touches the operational tables; labels come from the code lists
and the small referentials (regions, delegations, complaint categories)."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from openamo.analytics.figures import Figure, days, dh, label, labels_load, pct
from openamo.analytics.figures import simple as _simple
from openamo.analytics.queries import Params, Scope, run
from openamo.portal.charts import Chart, Series


def membership(engine, scope: Scope, p: Params, labels: dict) -> list[Figure]:
    figures = []
    rows = run(engine, "age_pyramid", scope, p)[::-1]  # the oldest on top
    bands = [label(labels, "age_band", r[0]) for r in rows]
    men, women = [int(r[1]) for r in rows], [int(r[2]) for r in rows]
    chart = Chart(
        "pyramide",
        str(_("Pyramide des âges")),
        bands,
        [Series(str(_("Hommes")), men, "#2b6cb0"), Series(str(_("Femmes")), women, "#c05621")],
        horizontal=True,
        unit="bénéf.",
        height=max(260, 44 * len(bands)),
    )
    figures.append(
        Figure(
            "pyramide",
            chart,
            [str(_("Âge")), str(_("Hommes")), str(_("Femmes"))],
            list(zip(bands, men, women, strict=True)),
        )
    )
    for dim, title in (
        ("status", _("Par catégorie")),
        ("role", _("Par qualité")),
        ("sex", _("Par sexe")),
        ("region", _("Par région")),
    ):
        rows = run(engine, f"membership_{dim}", scope, p)
        names = [label(labels, dim, r[0]) for r in rows]
        kind = "doughnut" if dim in ("status", "sex", "role") else "bar"
        figures.append(
            _simple(
                f"effectif-{dim}",
                title,
                names,
                [int(r[1]) for r in rows],
                "bénéf.",
                kind,
                horizontal=dim == "region",
                series_label=_("Bénéficiaires couverts"),
            )
        )
    rows = run(engine, "membership_over_time", scope, p)
    names = [r[0].strftime("%m/%Y") for r in rows]
    figures.append(
        _simple(
            "effectif-mois",
            _("Bénéficiaires couverts en fin de mois"),
            names,
            [int(r[1]) for r in rows],
            "bénéf.",
            "line",
            series_label=_("Bénéficiaires couverts"),
        )
    )
    return figures


def contributions(engine, scope: Scope, p: Params, labels: dict) -> list[Figure]:
    rows = run(engine, "contributions_by_period", scope, p)[-p.months :]
    names = [r[0].strftime("%m/%Y") for r in rows]
    chart = Chart(
        "masse",
        str(_("Masse salariale et cotisations déclarées")),
        names,
        [
            Series(str(_("Masse salariale")), [dh(r[2]) for r in rows]),
            Series(str(_("Cotisations")), [dh(r[3]) for r in rows]),
        ],
        unit="DH",
    )
    figures = [
        Figure(
            "masse",
            chart,
            [
                str(_("Mois")),
                str(_("Assurés déclarés")),
                str(_("Masse salariale (DH)")),
                str(_("Cotisations (DH)")),
            ],
            [(n, int(r[1]), dh(r[2]), dh(r[3])) for n, r in zip(names, rows, strict=True)],
        )
    ]
    rows = run(engine, "contributions_by_population", scope, p)
    names = [label(labels, "population", r[0]) for r in rows]
    figures.append(
        _simple(
            "cotisations-categorie",
            _("Cotisations par catégorie"),
            names,
            [dh(r[3]) for r in rows],
            "DH",
            "doughnut",
        )
    )
    rows = run(engine, "calls_collection", scope, p)[-p.months :]
    names = [r[0].strftime("%m/%Y") for r in rows]
    chart = Chart(
        "recouvrement",
        str(_("Appels, encaissements et impayés")),
        names,
        [
            Series(str(_("Appelé")), [dh(r[1]) for r in rows]),
            Series(str(_("Encaissé")), [dh(r[2]) for r in rows]),
            Series(str(_("Impayé échu")), [dh(r[3]) for r in rows]),
        ],
        unit="DH",
    )
    figures.append(
        Figure(
            "recouvrement",
            chart,
            [
                str(_("Mois")),
                str(_("Appelé (DH)")),
                str(_("Encaissé (DH)")),
                str(_("Impayé échu (DH)")),
                str(_("Taux de recouvrement (%)")),
            ],
            [
                (n, dh(r[1]), dh(r[2]), dh(r[3]), pct(r[2], r[1]))
                for n, r in zip(names, rows, strict=True)
            ],
        )
    )
    return figures


def consumption(engine, scope: Scope, p: Params, labels: dict, *, top=False) -> list[Figure]:
    figures = []
    for dim, title in (
        ("care_category", _("Par catégorie de soins")),
        ("ald", _("ALD / hors ALD")),
        ("provider_kind", _("Par type de prestataire")),
        ("sector", _("Par secteur")),
        ("region", _("Par région de l'assuré")),
    ):
        rows = run(engine, f"consumption_{dim}", scope, p)
        names = [label(labels, dim, r[0]) for r in rows]
        figures.append(
            _simple(
                f"conso-{dim}",
                title,
                names,
                [dh(r[3]) for r in rows],
                "DH",
                "doughnut" if dim in ("ald", "sector") else "bar",
                horizontal=dim not in ("ald", "sector"),
                series_label=_("Montant remboursé"),
            )
        )
    rows = run(engine, "consumption_by_month", scope, p)[-p.months :]
    names = [f"{r[0] % 100:02d}/{r[0] // 100}" for r in rows]
    figures.append(
        _simple(
            "conso-mois",
            _("Remboursements par mois de soins"),
            names,
            [dh(r[1]) for r in rows],
            "DH",
            "line",
            series_label=_("Montant remboursé"),
        )
    )
    total, covered, consumers = run(engine, "cost_per_beneficiary", scope, p)[0]
    values = [
        dh(Decimal(total or 0) / covered) if covered else Decimal(0),
        dh(Decimal(total or 0) / consumers) if consumers else Decimal(0),
    ]
    names = [str(_("Par bénéficiaire couvert")), str(_("Par consommant"))]
    figures.append(
        _simple("cout-moyen", _("Coût moyen"), names, values, "DH", series_label=_("Remboursé"))
    )
    if top:
        rows = run(engine, "top_consumers", scope, p)
        names = [f"n° {r[0]}" for r in rows]
        figure = _simple(
            "gros-consommants",
            _("Plus gros consommants"),
            names,
            [dh(r[3]) for r in rows],
            "DH",
            horizontal=True,
            series_label=_("Montant remboursé"),
        )
        figure.links = [r[1] for r in rows]  # the member: the view links to the family's 360°
        figures.append(figure)
    return figures


def delays(engine, scope: Scope, p: Params, labels: dict) -> list[Figure]:
    rows = run(engine, "delays_by_delegation", scope, p)
    names = [label(labels, "delegation", r[0] or None) for r in rows]
    chart = Chart(
        "delais",
        str(_("Délais moyens par délégation (jours)")),
        names,
        [
            Series(str(_("Dépôt → liquidation")), [days(r[2]) for r in rows]),
            Series(str(_("Liquidation → paiement")), [days(r[3]) for r in rows]),
        ],
        unit="j",
        stacked=True,
        horizontal=True,
        height=max(240, 34 * len(names)),
    )
    figures = [
        Figure(
            "delais",
            chart,
            [
                str(_("Délégation")),
                str(_("Dossiers")),
                str(_("Dépôt → liquidation (j)")),
                str(_("Liquidation → paiement (j)")),
                str(_("Payés")),
                str(_("Payés dans l'engagement (%)")),
            ],
            [
                (n, int(r[1]), days(r[2]), days(r[3]), int(r[4]), pct(r[5], r[4]))
                for n, r in zip(names, rows, strict=True)
            ],
        )
    ]
    figures.append(
        _simple(
            "delais-engagement",
            _("Dossiers payés dans l'engagement de %(d)s jours") % {"d": p.commitment_days},
            names,
            [pct(r[5], r[4]) for r in rows],
            "%",
            horizontal=True,
            series_label=_("Part payée dans l'engagement"),
        )
    )
    invoices, paid, in_time, mean = run(engine, "invoice_delays", scope, p)[0]
    names = [str(_("Factures reçues")), str(_("Payées")), str(_("Payées à l'échéance"))]
    figure = _simple(
        "tiers-payant",
        _("Tiers payant : factures et délais de paiement"),
        names,
        [int(invoices or 0), int(paid or 0), int(in_time or 0)],
        "factures",
        series_label=_("Factures"),
    )
    figure.columns.append(str(_("Délai moyen (j)")))
    figure.rows = [(*row, days(mean)) for row in figure.rows]
    figures.append(figure)
    return figures


def complaints(engine, scope: Scope, p: Params, labels: dict) -> list[Figure]:
    rows = run(engine, "complaints_by_category", scope, p)
    names = [label(labels, "category", r[0]) for r in rows]
    chart = Chart(
        "reclamations",
        str(_("Réclamations par nature")),
        names,
        [
            Series(str(_("Reçues")), [int(r[1]) for r in rows]),
            Series(str(_("Clôturées")), [int(r[2]) for r in rows]),
        ],
        unit="récl.",
        horizontal=True,
        height=max(240, 40 * len(names)),
    )
    figures = [
        Figure(
            "reclamations",
            chart,
            [
                str(_("Nature")),
                str(_("Reçues")),
                str(_("Clôturées")),
                str(_("Clôturées dans le délai (%)")),
                str(_("Délai moyen (j)")),
            ],
            [
                (n, int(r[1]), int(r[2]), pct(r[3], r[2]), days(r[4]))
                for n, r in zip(names, rows, strict=True)
            ],
        )
    ]
    figures.append(
        _simple(
            "reclamations-delai",
            _("Délai moyen de clôture (jours)"),
            names,
            [days(r[4]) for r in rows],
            "j",
            horizontal=True,
            series_label=_("Délai moyen"),
        )
    )
    return figures


def rates(engine, scope: Scope, p: Params, labels: dict) -> list[Figure]:
    lines, rejected, decided, instant, drugs, generics = run(engine, "key_rates", scope, p)[0]
    delay_rows = run(engine, "delays_by_delegation", scope, p)
    paid = sum(int(r[4]) for r in delay_rows)
    in_time = sum(int(r[5]) for r in delay_rows)
    names = [
        str(_("Rejet des lignes")),
        str(_("Paiement dans l'engagement")),
        str(_("Prises en charge décidées sur-le-champ")),
        str(_("Substitution générique")),
    ]
    values = [pct(rejected, lines), pct(in_time, paid), pct(instant, decided), pct(generics, drugs)]
    figure = _simple(
        "taux", _("Taux clés"), names, values, "%", horizontal=True, series_label=_("Taux")
    )
    figure.columns += [str(_("Numérateur")), str(_("Dénominateur"))]
    pairs = [(rejected, lines), (in_time, paid), (instant, decided), (generics, drugs)]
    figure.rows = [
        (*row, int(a or 0), int(b or 0)) for row, (a, b) in zip(figure.rows, pairs, strict=True)
    ]
    return [figure, counter_exams(engine, scope, p, labels)]


def counter_exams(engine, scope: Scope, p: Params, labels: dict) -> Figure:
    """Counter-examinations per subject and outcome, and their rate per decided request (per
    judged line for the claim lines)."""
    rows = run(engine, "counter_exams_by_category", scope, p)
    names = [label(labels, "exam_category", r[0]) for r in rows]
    outcomes = [
        (_("Confirmées"), 3, "#2f855a"),
        (_("Réduites"), 4, "#b7791f"),
        (_("Refusées"), 5, "#c53030"),
        (_("Assuré absent"), 6, "#718096"),
        (_("En attente"), 7, "#a0aec0"),
    ]
    chart = Chart(
        "contre-visites",
        str(_("Contre-visites par catégorie et issue")),
        names,
        [Series(str(name), [int(r[i]) for r in rows], color) for name, i, color in outcomes],
        unit="c.-v.",
        horizontal=True,
        stacked=True,
        height=max(220, 44 * len(names)),
    )
    columns = [str(_("Catégorie")), str(_("Contre-visites")), str(_("Décidées / jugées"))]
    columns += [str(name) for name, _i, _c in outcomes] + [str(_("Taux (%)"))]
    return Figure(
        "contre-visites",
        chart,
        columns,
        [
            (name, *(int(x or 0) for x in r[1:]), pct(r[1], r[2]))
            for name, r in zip(names, rows, strict=True)
        ],
    )


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    build: Callable
    audiences: frozenset = frozenset({"staff"})


PORTAL = frozenset({"staff", "employer", "broker", "mutuelle_agent"})
DASHBOARDS = {
    d.slug: d
    for d in (
        Dashboard("effectifs", _("Effectifs"), membership, PORTAL),
        Dashboard(
            "cotisations",
            _("Masse salariale et cotisations"),
            contributions,
            frozenset({"staff", "employer", "broker"}),
        ),
        Dashboard("consommation", _("Consommation de soins"), consumption, PORTAL),
        Dashboard("delais", _("Délais de traitement"), delays),
        Dashboard(
            "reclamations", _("Réclamations"), complaints, frozenset({"staff", "mutuelle_agent"})
        ),
        Dashboard("taux", _("Taux clés"), rates),
    )
}


def dashboard_figures(slug: str, engine, scope: Scope, p: Params, *, top=False) -> list[Figure]:
    board = DASHBOARDS[slug]
    labels = labels_load()
    if slug == "consommation":
        return consumption(engine, scope, p, labels, top=top)
    return board.build(engine, scope, p, labels)
