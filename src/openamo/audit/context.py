"""Who is acting, for the services that are not told: the request being served (set by
`AuditActorMiddleware`) or a batch named with `acting_as`. A service given a user records that
user; one given nobody records the current request's user, else the batch's label."""

from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[tuple] = ContextVar("openamo_audit_actor", default=(None, None, ""))


@contextmanager
def acting_as(user=None, label: str = ""):
    """Run a batch or a command under a user or a label (e.g. « import des déclarations »)."""
    token = _current.set((None, user, label))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> tuple[object, str]:
    """(user or None, label) of whoever acts now."""
    request, user, label = _current.get()
    if request is not None:
        user = getattr(request, "user", None)
    return (user if getattr(user, "is_authenticated", False) else None), label


class AuditActorMiddleware:
    """Make the request's user (a session user or an API token's user, resolved when the
    entry is written) the actor of the writes it causes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set((request, None, ""))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
