"""The unread counter in the top bar, for portal users (one COUNT per page)."""

from django.urls import reverse

from .selectors import INBOX_URL, inbox, user_audience


def unread(request):
    user = getattr(request, "user", None)
    audience = user_audience(user) if user is not None else None
    if audience not in INBOX_URL:
        return {}
    rows = inbox(user)
    if rows is None:
        return {}
    return {
        "inbox_url": reverse(INBOX_URL[audience]),
        "inbox_unread": rows.filter(read_at__isnull=True).count(),
    }
