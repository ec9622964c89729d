"""The OpenAPI document states every error an operation may answer, with its schema.

Every 4xx of the REST API has one shape (`errors.py`): the operations' own declarations are kept,
and what they leave out is added here, so that no new route can forget it.
"""

from ninja import NinjaAPI

from .errors import ErrorOut

ERROR_SCHEMA = "ErrorOut"
ERRORS = {
    400: "Règle métier non respectée ou corps illisible (`errors` nomme les champs)",
    401: "Jeton porteur absent, inconnu ou révoqué",
    403: "Ce type d'objet ou cette action est hors des droits du compte",
    404: "Objet inconnu ou hors du périmètre du compte",
    409: "Clé d'idempotence déjà utilisée pour une autre demande",
    422: "Entrée non conforme au schéma (`errors` nomme chaque champ en faute)",
}


def _codes(method: str, operation: dict) -> list[int]:
    codes = [400, 401, 403, 422]
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        codes.append(404)
    if method == "post":
        codes.append(409)
    return codes


def errors_documented(schema: dict) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(ERROR_SCHEMA, ErrorOut.model_json_schema())
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _codes(method, operation):
                answer = responses.setdefault(code, {"content": {}})
                answer["description"] = ERRORS[code]
                answer.setdefault("content", {}).setdefault(
                    "application/json", {"schema": reference}
                )
    return schema


class DocumentedAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists every error answer of every operation."""

    def get_openapi_schema(self, *args, **kwargs):
        return errors_documented(super().get_openapi_schema(*args, **kwargs))
