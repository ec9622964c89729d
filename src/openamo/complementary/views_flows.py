"""Staff page: upload a base-fund flow file for an insurer, see the recent files and their
reports. Thin: the form, the service, the render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .flows import flow_file_import
from .models import FlowFile, Insurer

MAX_BYTES = 20 * 1024 * 1024


class FlowUploadForm(forms.Form):
    insurer = forms.ModelChoiceField(
        label=_("Organisme complémentaire"), queryset=Insurer.objects.order_by("name")
    )
    file = forms.FileField(label=_("Fichier de flux (CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux (20 Mo au plus)."))
        return upload


@login_required
@permission_required("complementary.add_flowfile", raise_exception=True)
def flow_upload(request):
    form = FlowUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record, new = flow_file_import(
            insurer=form.cleaned_data["insurer"],
            name=upload.name,
            content=upload.read(),
            user=request.user,
        )
        if not new:
            messages.info(request, _t("Ce fichier a déjà été intégré : rien n'est payé deux fois."))
        elif record.status == "done":
            messages.success(request, _t("Fichier intégré."))
        else:
            messages.error(request, _t("Fichier rejeté : aucune ligne intégrée."))
        return redirect("portal:complementary:flow_upload")
    files = FlowFile.objects.select_related("insurer")[:20]
    return render(request, "complementary/flow_upload.html", {"form": form, "files": files})
