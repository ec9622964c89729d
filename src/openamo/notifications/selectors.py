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
