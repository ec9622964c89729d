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
