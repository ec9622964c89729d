"""The REST API, version 1: one router per bounded context, mounted at /api/v1/."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from .auth import AUTH

api = NinjaAPI(
    title="OpenAMO API",
    version="1",
    description="API REST d'OpenAMO : éligibilité, dossiers, prises en charge, factures.",
    urls_namespace="api-v1",
    auth=AUTH,
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": "données invalides", "errors": detail}, status=400
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": "accès refusé"}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": "authentification requise"}, status=401)


def _register_routers() -> None:
    """Each app adds `router` in its own api.py; listed here so the order is explicit."""
    from importlib import import_module

    for app in ("members", "contributions", "claims", "authorizations"):
        try:
            module = import_module(f"openamo.{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"openamo.{app}.api":
                raise
            continue
        api.add_router(f"/{app}/", module.router)


_register_routers()
