"""The pieces a dashboard is made of: a `Figure` (a chart and its rows, exported as they are),
number formats (DH from centimes, percentages, days) and the French labels of the codes."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from openamo.portal.charts import Chart, Series

AGE = "{}–{} ans"


@dataclass
class Figure:
    id: str
    chart: Chart
    columns: list[str]
    rows: list[tuple]
    links: list[str] = field(default_factory=list)  # a link per row (360° view), or empty


def dh(cents) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))


def pct(part, whole) -> Decimal:
    return (
        (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
        if whole
        else Decimal(0)
    )


def days(value) -> Decimal:
    return Decimal(str(round(value, 1))) if value is not None else Decimal(0)


def labels_load():
    from openamo.complaints.models import Category
    from openamo.members.models import BeneficiaryRole, Sex
    from openamo.referentials.choices import CareCategory, Population, ProviderKind, Sector
    from openamo.referentials.models import Delegation, Region

    return {
        "status": dict(Population.choices),
        "population": dict(Population.choices),
        "role": dict(BeneficiaryRole.choices),
        "sex": dict(Sex.choices),
        "region": dict(Region.objects.values_list("code", "name")),
        "care_category": dict(CareCategory.choices),
        "sector": dict(Sector.choices),
        "provider_kind": dict(ProviderKind.choices),
        "kind": {
            "act": _("Actes"),
            "medicine": _("Médicaments"),
            "device": _("Dispositifs"),
            "forfait": _("Forfaits"),
        },
        "ald": {"ald": _("ALD / ALC"), "other": _("Hors ALD")},
        "delegation": dict(Delegation.objects.values_list("id", "name")),
        "category": dict(Category.objects.values_list("code", "label")),
        "exam_category": {
            "ald": _("Demandes ALD"),
            "authorisation": _("Prises en charge"),
            "claim_line": _("Lignes de dossiers"),
        },
    }


def label(labels: dict, kind: str, value) -> str:
    if kind == "age_band":
        return "80 ans et plus" if value == 80 else AGE.format(value, value + 9)
    if value in (None, ""):
        return str(_("Non renseigné"))
    return str(labels.get(kind, {}).get(value, value))


def simple(fid, title, names, values, unit, kind="bar", horizontal=False, series_label=""):
    chart = Chart(
        fid,
        str(title),
        names,
        [Series(str(series_label or title), values)],
        type=kind,
        unit=unit,
        horizontal=horizontal,
        height=max(220, 34 * len(names)) if horizontal else 260,
    )
    return Figure(
        fid,
        chart,
        [str(_("Libellé")), f"{series_label or title} ({unit})".strip()],
        list(zip(names, values, strict=True)),
    )
