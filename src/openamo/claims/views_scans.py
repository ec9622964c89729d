"""Uploading a scan of the paper file from the claim page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .scans import claim_scan_add
from .views import _claim


class ScanForm(forms.Form):
    file = forms.FileField(label=_("Scan du dossier papier (PDF, JPEG ou PNG, 10 Mo au plus)"))


@require_POST
@login_required
@permission_required("claims.change_claim", raise_exception=True)
def scan_upload(request, reference: str):
    claim = _claim(reference)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choisissez le fichier à joindre."))
    else:
        try:
            document = claim_scan_add(
                claim=claim, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
        else:
            messages.success(
                request, _("Scan « %(name)s » joint au dossier.") % {"name": document.name}
            )
    return redirect("portal:claims:detail", reference)
