"""Changing an insured person's RIB: a request, a code sent to them, the confirmation."""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from openamo.audit.services import audit_change, snapshot
from openamo.core.identifiers import normalize_rib, rib_problem

from .models import Member, RibChangeRequest

CODE_VALIDITY = timedelta(minutes=30)
MAX_ATTEMPTS = 5


@transaction.atomic
def rib_change_request(*, member: Member, new_rib: str, requested_by=None) -> RibChangeRequest:
    """Record the request and queue the confirmation code to the member (SMS)."""
    from openamo.notifications.models import NotificationChannel
    from openamo.notifications.selectors import recipient_language
    from openamo.notifications.services import notification_queue

    rib = normalize_rib(new_rib)
    if problem := rib_problem(rib):
        raise ValidationError({"new_rib": problem})
    if rib == member.rib:
        raise ValidationError({"new_rib": "c'est déjà le RIB enregistré"})
    now = timezone.now()
    RibChangeRequest.objects.filter(
        member=member, confirmed_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    request = RibChangeRequest.objects.create(
        member=member,
        new_rib=rib,
        code_hash=make_password(code),
        requested_by=requested_by,
        expires_at=now + CODE_VALIDITY,
    )
    holder = member.beneficiaries.get(rank=0)
    with translation.override(recipient_language(holder)):
        subject = gettext("Code de confirmation du changement de RIB")
        body = gettext(
            "OpenAMO : votre code de confirmation est %(code)s. Il confirme le nouveau RIB se "
            "terminant par %(end)s et expire dans 30 minutes. Si vous n'avez rien demandé, "
            "contactez votre caisse."
        ) % {"code": code, "end": rib[-6:]}
    notification_queue(
        beneficiary=holder,
        channel=NotificationChannel.SMS,
        event="rib_change_code",
        subject=subject,
        body=body,
        related=request,
    )
    audit_change(request, user=requested_by)
    return request


def rib_change_confirm(*, request: RibChangeRequest, code: str) -> Member:
    """Apply the new RIB if the code is right, in time, within the allowed attempts."""
    with transaction.atomic():
        request = RibChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.confirmed_at or request.cancelled_at:
            raise ValidationError({"code": "cette demande n'est plus en cours"})
        if timezone.now() > request.expires_at:
            raise ValidationError({"code": "le code a expiré : refaites la demande"})
        if request.attempts >= MAX_ATTEMPTS:
            raise ValidationError({"code": "trop d'essais : refaites la demande"})
        if check_password(str(code).strip(), request.code_hash):
            member = request.member
            before = snapshot(member, ["rib"])
            member.rib = request.new_rib
            member.save(update_fields=["rib"])
            audit_change(member, before, reason=f"demande de changement de RIB n° {request.pk}")
            request.confirmed_at = timezone.now()
            request.save(update_fields=["confirmed_at"])
            return member
        RibChangeRequest.objects.filter(pk=request.pk).update(attempts=F("attempts") + 1)
    left = MAX_ATTEMPTS - request.attempts - 1
    raise ValidationError({"code": f"code incorrect ({left} essai(s) restant(s))"})
