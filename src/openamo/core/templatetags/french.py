"""French typography in templates: {% load french %}."""

from django import template

register = template.Library()

# A vowel (or a mute h is not assumed: "de Hassan") calls for the elision of "de".
ELIDING = set("aeiouyàâäéèêëîïôöùûüAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ")


def of(text: str) -> str:
    """ "de décembre 2025", "d'octobre 2025", "d'avril", "d'août"."""
    text = str(text)
    return f"d'{text}" if text[:1] in ELIDING else f"de {text}"


@register.filter(name="de")
def de_filter(value) -> str:
    """{{ period|date:"F Y"|de }} → "d'octobre 2025"."""
    if value in (None, ""):
        return ""
    return of(value)
