"""Breadcrumbs: `{% breadcrumbs "Dossiers" "portal:claims:queue" claim.reference %}` inside
`{% block breadcrumbs %}`: label/address pairs (an address, or a URL name without arguments),
then the current page's label. "Accueil" comes first on its own."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()


def _address(target: str) -> str:
    if "/" in target:
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return ""


@register.simple_tag
def breadcrumbs(*parts):
    *pairs, current = parts
    links = [(_("Accueil"), reverse("portal:home"))]
    links += [(str(pairs[i]), _address(str(pairs[i + 1]))) for i in range(0, len(pairs) - 1, 2)]
    items = format_html_join(
        "", '<li><a href="{}">{}</a></li>', ((url, label) for label, url in links if url)
    )
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}"><ol>{}<li aria-current="page">{}</li></ol></nav>',
        _("Fil d'Ariane"),
        items,
        current,
    )
