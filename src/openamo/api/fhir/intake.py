"""What a FHIR request must be before it is read: a JSON answer acceptable to the client
(`Accept`, `_format`: else 406), a body of at most MAX_BODY bytes (else 413), JSON nested at
most MAX_DEPTH levels deep (else 400), then a valid resource of the expected type (400 naming
each element at fault)."""

import json
from decimal import Decimal

import pydantic
from django.core.exceptions import RequestDataTooBig

from .outcome import FhirError, pydantic_issues

MAX_BODY = 1_000_000
MAX_DEPTH = 40
JSON_TYPES = ("application/fhir+json", "application/json")
ACCEPTED = {*JSON_TYPES, "application/json+fhir", "application/*", "*/*"}
FORMATS = {"json", *JSON_TYPES}


def _media_types(header: str) -> list[str]:
    return [part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()]


def answer_format_check(request) -> None:
    """406 when the client accepts no JSON answer (XML is not served)."""
    wanted = _media_types(request.headers.get("Accept", ""))
    # an unencoded "+" reaches us as a space: application/fhir json
    formats = [f.strip().lower().replace(" ", "+") for f in request.GET.getlist("_format")]
    if (wanted and not ACCEPTED.intersection(wanted)) or any(f not in FORMATS for f in formats):
        raise FhirError.one(
            406,
            "format non pris en charge : seul application/fhir+json est servi (pas de XML)",
            "not-supported",
        )


def body_size_check(request) -> None:
    """413 before the body is read when it is announced too large, or turns out to be."""
    announced = request.META.get("CONTENT_LENGTH") or "0"
    too_big = FhirError.one(413, "corps trop volumineux (1 Mo au plus)", "too-costly")
    if not announced.isdigit() or int(announced) > MAX_BODY:
        raise too_big
    try:
        size = len(request.body)
    except RequestDataTooBig:
        raise too_big from None
    if size > MAX_BODY:
        raise too_big


def _depth(data) -> int:
    """How deeply objects and arrays nest (iterative: no recursion to exhaust)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest


def json_body(request, name: str):
    """The body as JSON (decimals kept exact), refused when not JSON or nested too deep."""
    if (request.content_type or "") not in JSON_TYPES:
        raise FhirError.one(415, "corps attendu en application/fhir+json", "not-supported", name)
    too_deep = FhirError.one(
        400, f"JSON imbriqué trop profondément ({MAX_DEPTH} niveaux au plus)", "structure", name
    )
    try:
        data = json.loads(request.body, parse_float=Decimal)
    except RecursionError:
        raise too_deep from None
    except (ValueError, UnicodeDecodeError):
        raise FhirError.one(400, "le corps n'est pas du JSON valide", "structure", name) from None
    if _depth(data) > MAX_DEPTH:
        raise too_deep
    return data


def resource_parse(data, model, name: str | None = None):
    """`data` (a JSON object) as a `model` resource, every structural error listed."""
    name = name or model.__name__
    if not isinstance(data, dict) or data.get("resourceType") != model.__name__:
        raise FhirError.one(
            400,
            f"une ressource {model.__name__} est attendue",
            "structure",
            f"{name}.resourceType",
        )
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise FhirError(400, *pydantic_issues(name, exc)) from None
    except Exception as exc:  # the model library's own failures on hostile input (KeyError...)
        raise FhirError.one(400, f"ressource invalide : {exc!s:.200}", "structure", name) from None
