from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Notification


def notifications_pending() -> QuerySet[Notification]:
    """The outbox: messages not sent yet, oldest first."""
    return Notification.objects.filter(sent_at__isnull=True).order_by("id")


def notifications_about(obj) -> QuerySet[Notification]:
    return Notification.objects.filter(
        related_type=ContentType.objects.get_for_model(obj), related_id=obj.pk
    ).order_by("id")


def recipient_language(beneficiary) -> str:
    """The language the family chose in the insured space (`portal.PortalAccess.language`,
    read through the member's reverse relation so this app imports nothing above it), French
    when nobody chose."""
    chosen = (
        beneficiary.member.portal_accesses.filter(role="insured")
        .values_list("language", flat=True)
        .first()
    )
    return chosen or settings.LANGUAGE_CODE


# portal audience → the notification field naming the recipient, and how to read its id from
# the user (the portal's own rows: `portal_access`, or `provider_access` for establishments)
INBOX_SCOPE = {
    "insured": ("beneficiary__member_id", lambda u: u.portal_access.member_id),
    "employer": ("employer_id", lambda u: u.portal_access.employer_id),
    "broker": ("broker_id", lambda u: u.portal_access.broker_id),
    "mutuelle_agent": ("mutuelle_id", lambda u: u.portal_access.mutuelle_id),
    "provider": ("provider_id", lambda u: u.provider_access.provider_id),
}


def user_audience(user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "provider_access", None) is not None:
        return "provider"
    access = getattr(user, "portal_access", None)
    return access.role if access is not None else None


def inbox(user) -> QuerySet[Notification] | None:
    """The messages of the user's family or organisation shown in the portal (never the codes
    sent by SMS only), newest first; None for a user without a portal inbox (staff)."""
    audience = user_audience(user)
    if audience not in INBOX_SCOPE:
        return None
    field, owner = INBOX_SCOPE[audience]
    pk = owner(user)
    if pk is None:
        return None
    return Notification.objects.filter(**{field: pk}, channel="portal").order_by(
        "-created_at", "-id"
    )


def preferences_of(user) -> dict[str, bool]:
    from .models import PUSH_CHANNELS, Preference

    chosen = dict(Preference.objects.filter(user=user).values_list("channel", "enabled"))
    return {c.value: chosen.get(c.value, True) for c in PUSH_CHANNELS}


INBOX_URL = {
    "insured": "portal:notifications:insured_inbox",
    "employer": "portal:notifications:employer_inbox",
    "broker": "portal:notifications:broker_inbox",
    "mutuelle_agent": "portal:notifications:mutuelle_inbox",
    "provider": "portal:notifications:provider_inbox",
}
