"""A provider's eligibility check: the beneficiary it names, on the date of care, for a care
category. Open to users acting for an establishment and to staff who may read members."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from openamo.core.forms import DateInput
from openamo.members.selectors import LookupInputError, eligibility_check
from openamo.referentials.choices import CareCategory


class EligibilityForm(forms.Form):
    registration_number = forms.CharField(
        label="N° d'immatriculation", required=False, max_length=12
    )
    rank = forms.IntegerField(
        label="Rang (0 = assuré principal)", required=False, min_value=0, max_value=99
    )
    cin = forms.CharField(label="ou CIN", required=False, max_length=10)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DateInput())
    day = forms.DateField(label="Date des soins", widget=DateInput())
    care_category = forms.ChoiceField(label="Catégorie de soins", choices=CareCategory.choices)

    def clean(self):
        data = super().clean()
        if not data.get("registration_number") and not data.get("cin"):
            raise forms.ValidationError(
                "Indiquez le n° d'immatriculation ou le CIN du bénéficiaire."
            )
        if data.get("cin") and not data.get("birth_date"):
            self.add_error("birth_date", "Avec le CIN, la date de naissance est obligatoire.")
        return data


def establishment_of(user):
    access = getattr(user, "provider_access", None)
    return access.provider if access is not None else None


@login_required
def eligibility(request):
    provider = establishment_of(request.user)
    if provider is None and not request.user.has_perm("members.view_member"):
        raise PermissionDenied
    form = EligibilityForm(request.GET or None, initial={"day": timezone.localdate()})
    answer = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            answer = eligibility_check(
                day=data["day"] or date.today(),
                care_category=data["care_category"],
                sector=provider.sector if provider else "all",
                registration_number=data["registration_number"] or None,
                rank=data["rank"],
                cin=data["cin"] or None,
                birth_date=data["birth_date"],
            )
        except LookupInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "portal/provider/eligibility.html",
        {"form": form, "answer": answer, "provider": provider},
    )
