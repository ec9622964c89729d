"""The REST API's error answers, one shape for every 4xx:
`{"detail": "<French sentence>", "errors": {"<field>": ["<reason>", ...]}}`.

400: a rule broken (a service's ValidationError, fields named as the service names them);
422: input that does not fit the schema (ninja's validation, converted here: the field is the
dotted path in the body or the query, list positions counted from 1 as in the rule errors);
401 without a valid token; 403 a kind of object the user may not reach; 404 an object unknown
or outside the user's scope; 409 an idempotency key reused for another request.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from .idempotency import HEADER, IdempotencyConflict


class ErrorOut(Schema):
    """Every 4xx answer of the REST API."""

    detail: str
    errors: dict[str, list[str]] | None = None


INVALID = "données invalides"
MESSAGES = {
    "missing": "champ obligatoire",
    "extra_forbidden": "champ inconnu",
    "int_parsing": "nombre entier attendu",
    "decimal_parsing": "nombre décimal attendu",
    "date_from_datetime_parsing": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "date attendue (AAAA-MM-JJ)",
    "bool_parsing": "booléen attendu (true ou false)",
    "list_type": "liste attendue",
    "string_type": "texte attendu",
    "less_than_equal": "valeur trop grande",
    "string_too_long": "texte trop long",
    "decimal_max_digits": "nombre trop grand",
    "decimal_whole_digits": "nombre trop grand",
    "decimal_max_places": "trop de décimales",
    "finite_number": "nombre fini attendu",
    "greater_than_equal": "valeur trop petite",
    "json_invalid": "JSON invalide",
}


def field_of(loc) -> str:
    """('body', 'payload', 'lines', 0, 'code') → 'lines.1.code'; ('query', 'limit') → 'limit'."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else ["body"]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in parts) or "body"


def schema_errors(errors: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        kind = error.get("type", "")
        message = MESSAGES.get(kind) or f"valeur invalide ({error.get('msg', kind)})"
        found.setdefault(field_of(error.get("loc", ())), []).append(message)
    return found


def nul_field(request) -> str | None:
    """The first query parameter, or `body`, carrying a NUL character (which PostgreSQL text
    columns refuse: such input is answered 422 before it reaches a query)."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return name.replace("\x00", "")
    if request.method in ("POST", "PUT", "PATCH") and (
        b"\x00" in request.body or b"\\u0000" in request.body
    ):
        return "body"
    return None


def install(api) -> None:
    def answer(request, status: int, detail: str, errors=None):
        body = {"detail": detail} | ({"errors": errors} if errors else {})
        return api.create_response(request, body, status=status)

    def reject_nul(view):
        def checked(request, *args, **kwargs):
            if field := nul_field(request):
                return answer(request, 422, INVALID, {field: ["caractère NUL interdit"]})
            return view(request, *args, **kwargs)

        return checked

    api.add_decorator(reject_nul, mode="view")

    @api.exception_handler(ValidationError)
    def on_rule_error(request, exc: ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return answer(request, 400, INVALID, detail)

    @api.exception_handler(SchemaError)
    def on_schema_error(request, exc: SchemaError):
        return answer(request, 422, INVALID, schema_errors(exc.errors))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return answer(request, 403, str(exc) or "accès refusé")

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return answer(request, 404, str(exc) or "introuvable")

    @api.exception_handler(IdempotencyConflict)
    def on_conflict(request, exc: IdempotencyConflict):
        return answer(request, 409, exc.message, {HEADER: [exc.message]})

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return answer(request, 400, "corps illisible", {"body": ["JSON invalide"]})
        return answer(request, exc.status_code, str(exc))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return answer(request, 401, "authentification requise")
