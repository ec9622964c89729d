"""How one request is classified in the permission matrix."""

from django.urls import reverse

LOGIN_PATHS = ("/connexion/", "/admin/login/")
# a value for each converter of an object route when no object is named: none exists
MISSING = {"int": 999999, "str": "INCONNU-0"}


def outcome(response) -> str:
    """ok (200, a redirect inside the application, 405 to GET a form's POST-only target),
    login (sent to the login page), 401, 403 or 404."""
    code = response.status_code
    if code == 302:
        location = response["Location"]
        return "login" if location.startswith(LOGIN_PATHS) or "/connexion/" in location else "ok"
    if code in (200, 405):
        return "ok"
    return str(code)


def missing_url(route) -> str:
    converters = [type(c).__name__.replace("Converter", "").lower() for c in route.params]
    args = [MISSING.get(c, "x") for c in converters]
    return reverse(route.name, args=args)
