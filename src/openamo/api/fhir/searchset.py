"""Search results as a `searchset` Bundle: paging (`_count`, `_offset`), `_summary=count`,
`total`, and the `self` and `next` (and `previous`) links a client follows."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from .models import Bundle
from .outcome import FhirError

DEFAULT_COUNT = 50
MAX_COUNT = 100
MAX_OFFSET = 1_000_000
SUMMARIES = ("count", "false")


@dataclass(frozen=True)
class Paging:
    count: int
    offset: int
    summary_count: bool


def _bounded(request, name: str, default: int, high: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) > high:
        raise FhirError.one(
            400, f"« {name} » : entier de 0 à {high} attendu (reçu « {text[:40]} »)", "value", name
        )
    return int(text)


def paging(request) -> Paging:
    summary = request.GET.get("_summary", "false").strip()
    if summary not in SUMMARIES:
        raise FhirError.one(
            400,
            f"« _summary » : seules les valeurs {', '.join(SUMMARIES)} sont prises en charge",
            "not-supported",
            "_summary",
        )
    return Paging(
        count=_bounded(request, "_count", DEFAULT_COUNT, MAX_COUNT),
        offset=_bounded(request, "_offset", 0, MAX_OFFSET),
        summary_count=summary == "count",
    )


def _total(rows) -> int:
    return rows.count() if hasattr(rows, "model") else len(rows)


def _link(request, base: str, relation: str, **changes) -> dict:
    params = [(k, v) for k, values in request.GET.lists() if k not in changes for v in values]
    params += [(k, str(v)) for k, v in changes.items()]
    type_path = request.path.rstrip("/").rsplit("/", 1)[-1]
    query = urlencode(params)
    return {"relation": relation, "url": f"{base}{type_path}" + (f"?{query}" if query else "")}


def searchset(request, *, base: str, rows: Sequence, render: Callable[[list], list]) -> Bundle:
    """The Bundle answering a search over `rows` (a queryset or a list, in a stable order):
    the resources `render` makes of one page of rows, the total and the links to this page,
    the next and the previous."""
    page = paging(request)
    total = _total(rows)
    if page.summary_count:
        return Bundle.model_validate(
            {"type": "searchset", "total": total, "link": [_link(request, base, "self")]}
        )
    resources = render(list(rows[page.offset : page.offset + page.count]))
    links = [_link(request, base, "self", _count=page.count, _offset=page.offset)]
    if page.count and page.offset + page.count < total:
        links.append(
            _link(request, base, "next", _count=page.count, _offset=page.offset + page.count)
        )
    if page.offset:
        previous = max(page.offset - page.count, 0)
        links.append(_link(request, base, "previous", _count=page.count, _offset=previous))
    return Bundle.model_validate(
        {
            "type": "searchset",
            "total": total,
            "link": links,
            "entry": [
                {
                    "fullUrl": f"{base}{r.__resource_type__}/{r.id}",
                    "resource": r,
                    "search": {"mode": "match"},
                }
                for r in resources
            ],
        }
    )
