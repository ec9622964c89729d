"""Serving a document: only under its owner's scope (else 404), always as a download, and
every download logged as a read."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from openamo.audit.services import access_record

from .models import Document
from .scopes import owner_visible


@login_required
def download(request, pk: int):
    document = Document.objects.select_related("owner_type").filter(pk=pk).first()
    if document is None:
        raise Http404("Document introuvable")
    label = f"{document.owner_type.app_label}.{document.owner_type.model}"
    owner = owner_visible(request.user, label, document.owner_id)
    if owner is None:
        raise Http404("Document introuvable")
    access_record(
        request=request,
        what="document",
        beneficiary_id=owner.beneficiary_id or document.beneficiary_id,
        obj=document,
    )
    response = FileResponse(
        document.open(),
        as_attachment=True,
        filename=document.name,
        content_type=document.mime,
    )
    response["Cache-Control"] = "private, no-store"
    return response
