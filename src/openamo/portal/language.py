"""The language of the pages: French by default, Arabic (right to left) for whoever chooses it.

The choice is made with the language switch (`language_set`, Django's `set_language` behind
it) and remembered on the person's portal access, so it follows them from one device to the
next; a visitor without an access (or not logged in) keeps it in the language cookie. A
browser's Accept-Language is not followed: French stays the default for everyone else.
"""

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext_noop
from django.views.i18n import set_language

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def preferred_language(request) -> str:
    """The stored preference of the logged-in person, else the cookie, else French."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        access = getattr(user, "portal_access", None)
        if access is not None and access.language in SUPPORTED:
            return access.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language, after authentication (it reads the user)."""

    def process_request(self, request):
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


def language_set(request):
    """POST language=ar|fr (next=...): switch, remember it for the person, go back."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = set_language(request)
    language = request.POST.get("language")
    user = request.user
    access = getattr(user, "portal_access", None) if user.is_authenticated else None
    if access is not None and language in SUPPORTED and access.language != language:
        access.language = language
        access.save(update_fields=["language"])
    return response


# The insured person's menu (portal.context.NAVIGATION holds plain French labels, translated
# when the menu is built): their message ids for the catalogue.
INSURED_MENU = (
    gettext_noop("Accueil"),
    gettext_noop("Mes dossiers"),
    gettext_noop("Mes prises en charge"),
    gettext_noop("Mes paiements"),
)
