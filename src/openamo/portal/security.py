"""Security headers and login throttling for every page."""

from datetime import timedelta

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from .models import LoginFailure

# Scripts only from our own static files (htmx is vendored); inline styles are allowed for the
# statement sheets and htmx's indicators; nothing may frame the pages.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


WINDOW = timedelta(minutes=15)
# Failures are counted per account *and* address: 5 bad passwords for one account from one
# address block that pair, 30 from one address block the address; a stranger elsewhere
# cannot lock the real user out (the right password from another address still works).
MAX_PER_ACCOUNT_AND_ADDRESS, MAX_PER_ADDRESS = 5, 30
THROTTLED = "Trop de tentatives de connexion : réessayez dans 15 minutes."


def _address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "")[:45] if request is not None else ""


def login_throttled(*, username: str, address: str) -> bool:
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - WINDOW, address=address)
    return (
        recent.filter(username=username.lower()[:150]).count() >= MAX_PER_ACCOUNT_AND_ADDRESS
        or bool(address)
        and recent.count() >= MAX_PER_ADDRESS
    )


class ThrottledLoginMixin:
    """Refuse a login after too many recent failures for the name from this address, or from
    the address whatever the name, and record
    each failure; the check runs before the password is even tried."""

    def clean(self):
        username = (self.data.get("username") or "").strip()
        address = _address(self.request)
        if login_throttled(username=username, address=address):
            raise forms.ValidationError(THROTTLED, code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            LoginFailure.objects.create(username=username.lower()[:150], address=address)
            raise


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
