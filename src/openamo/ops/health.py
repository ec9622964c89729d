"""Probes for the load balancer and the orchestrator, outside the portal's login:
`/healthz` says the process answers and reaches its database (200, else 503); `/readyz` says
it is ready to take traffic: database reachable and every migration applied."""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _migrations_pending() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@never_cache
@require_GET
def healthz(request):
    ok = _database_ok()
    return JsonResponse(
        {"status": "ok" if ok else "down", "database": ok}, status=200 if ok else 503
    )


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database_ok()}
    if checks["database"]:
        try:
            checks["migrations"] = not _migrations_pending()
        except Exception:
            checks["migrations"] = False
    ready = all(checks.values()) and len(checks) == 2
    return JsonResponse(
        {"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503
    )
