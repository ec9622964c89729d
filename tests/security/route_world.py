"""The shared world of the generated permission matrix: the API tests' small fund (two
families, a claim, an agreement, two employers with a declaration each, a broker, a mutuelle)
and one portal user per role, built once per module inside a transaction rolled back at the
end (each test runs in a savepoint inside it, so the module's tests stay independent)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from openamo.portal.roles import Role, user_role_grant
from tests.api.world import world_create
from tests.factories import scheme_create

PORTAL_ROLES = {"insured", "provider", "employer", "broker", "mutuelle_agent"}
STAFF = [r.value for r in Role if r.value not in PORTAL_ROLES]
ROLES = ["anonymous", "insured", "provider", "employer", "broker", "mutuelle_agent", *STAFF]
# the portal role → the API world's user holding it (own objects: family A, the clinic,
# employer 1 (under the broker's mandate), the MGPAP mutuelle)
WORLD_USER = {
    "insured": "insured_a",
    "provider": "clinic",
    "employer": "employer_1",
    "broker": "broker",
    "mutuelle_agent": "mutuelle",
}
SKIPPED_PREFIXES = ("admin/", "static/", "media/")


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple  # the converters' names, in order


def routes() -> list[Route]:
    """Every named URL pattern of the project but the admin's and static files'."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace + (f"{p.namespace}:" if p.namespace else "")
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                pattern = prefix + str(p.pattern)
                if pattern.startswith(SKIPPED_PREFIXES) or pattern.startswith("api/v1/"):
                    continue
                name = f"{namespace}{p.name}" if p.name else f"<sans nom> {pattern}"
                found.append(Route(name, pattern, tuple(p.pattern.converters.values())))

    walk(get_resolver().url_patterns, "", "")
    return found


def world_build():
    """The API world plus one user per staff role (named after the role)."""
    world = world_create(scheme_create("cnops"))
    users = {role: world.users[name] for role, name in WORLD_USER.items()}
    for role in STAFF:
        user = get_user_model().objects.create_user(f"matrice-{role}")
        user_role_grant(user=user, role=Role(role))
        users[role] = user
    return world, users


class RolledBack:
    """A transaction opened for a module and rolled back when it ends."""

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        return self

    def __exit__(self, *exc):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        return False
