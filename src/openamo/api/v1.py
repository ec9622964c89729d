"""The REST API, version 1: one router per bounded context, mounted at /api/v1/."""

from .auth import AUTH
from .errors import install as install_error_handlers
from .openapi import DocumentedAPI

api = DocumentedAPI(
    title="OpenAMO API",
    version="1",
    description="API REST d'OpenAMO : éligibilité, dossiers, prises en charge, factures, "
    "déclarations. Jeton porteur ; chaque lecture est limitée au périmètre de l'utilisateur ; "
    "chaque dépôt accepte l'en-tête `Idempotency-Key` ; listes paginées (`limit`, `offset`). "
    "Voir docs/api.md.",
    urls_namespace="api-v1",
    auth=AUTH,
)


install_error_handlers(api)


def _register_routers() -> None:
    """Each app adds `router` in its own api.py; listed here so the order is explicit."""
    from importlib import import_module

    for app in ("members", "contributions", "claims", "authorizations", "complementary"):
        try:
            module = import_module(f"openamo.{app}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"openamo.{app}.api":
                raise
            continue
        api.add_router(f"/{app}/", module.router)


_register_routers()
