"""Attachments of complaint messages: who may read one is who may read the message (staff of
the complaints service, or the complainant's family for a message that is not an internal
note)."""

from django.http import Http404

from openamo.documents.scopes import Owner
from openamo.portal.selectors import insured_member

from .models import Message

VIEW = "complaints.view_complaint"


def holder_id(member) -> int | None:
    return member.beneficiaries.order_by("rank").values_list("pk", flat=True).first()


def message_owner(user, message_id: int) -> Owner | None:
    message = Message.objects.select_related("complaint").filter(pk=message_id).first()
    if message is None:
        return None
    complaint = message.complaint
    if user.has_perm(VIEW):
        return Owner(holder_id(complaint.member))
    if message.internal:
        return None
    try:
        member = insured_member(user)
    except Http404:
        return None
    return Owner(holder_id(member)) if member.pk == complaint.member_id else None
