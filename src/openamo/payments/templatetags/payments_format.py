from django import template

register = template.Library()

BADGES = {
    "paid": "ok",
    "closed": "ok",
    "rejected": "ko",
    "sent": "warn",
    "issued": "warn",
    "ordered": "",
    "prepared": "",
}


@register.filter
def pay_badge(status: str) -> str:
    return BADGES.get(status, "")


@register.filter
def who(user) -> str:
    """A user's full name, else their login; "traitement automatique" when no one is named
    (a run prepared by the demo or a scheduled job)."""
    if user is None:
        return "traitement automatique"
    return user.get_full_name() or user.get_username()
