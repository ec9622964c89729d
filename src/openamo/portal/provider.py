"""A provider's eligibility check: the beneficiary it names by two identifiers (registration
number and rank, or CIN, with the birth date), on the date of care, for a care category. Open
to users acting for an establishment and to staff who may read members (staff may omit the
birth date). The read goes through `api.eligibility.eligibility_read`: rate limit per provider
user, read log, probing alert; the answer never shows a diagnosis."""

from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openamo.api.eligibility import Lookup, RateLimited, eligibility_read, page_key
from openamo.core.forms import DateInput
from openamo.members.selectors import LookupInputError
from openamo.referentials.choices import CareCategory


class EligibilityForm(forms.Form):
    registration_number = forms.CharField(
        label=_("N° d'immatriculation"), required=False, max_length=12
    )
    rank = forms.IntegerField(
        label=_("Rang (0 = assuré principal)"), required=False, min_value=0, max_value=99
    )
    cin = forms.CharField(label=_("ou CIN"), required=False, max_length=10)
    birth_date = forms.DateField(label=_("Date de naissance"), required=False, widget=DateInput())
    day = forms.DateField(label=_("Date des soins"), widget=DateInput())
    care_category = forms.ChoiceField(label=_("Catégorie de soins"), choices=CareCategory.choices)

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        if provider is not None:
            self.fields["birth_date"].required = True

    def clean(self):
        data = super().clean()
        if not data.get("registration_number") and not data.get("cin"):
            raise forms.ValidationError(
                _("Indiquez le n° d'immatriculation ou le CIN du bénéficiaire.")
            )
        if data.get("cin") and not data.get("birth_date") and "birth_date" not in self.errors:
            self.add_error("birth_date", _("Avec le CIN, la date de naissance est obligatoire."))
        return data


def establishment_of(user):
    access = getattr(user, "provider_access", None)
    return access.provider if access is not None else None


def _check(request, form, provider):
    data = form.cleaned_data
    (answer,) = eligibility_read(
        request=request,
        user=request.user,
        lookup=Lookup(
            registration_number=data["registration_number"] or None,
            rank=data["rank"],
            cin=data["cin"] or None,
            birth_date=data["birth_date"],
        ),
        day=data["day"] or date.today(),
        care_categories=[data["care_category"]],
        sector=provider.sector if provider else "all",
        limit_key=page_key(request.user),
    )
    return answer


@login_required
def eligibility(request):
    provider = establishment_of(request.user)
    if provider is None and not request.user.has_perm("members.view_member"):
        raise PermissionDenied
    form = EligibilityForm(
        request.GET or None, initial={"day": timezone.localdate()}, provider=provider
    )
    answer, status = None, 200
    if request.GET and form.is_valid():
        try:
            answer = _check(request, form, provider)
        except RateLimited as exc:
            form.add_error(None, exc.message)
            status = 429
            retry_after = exc.retry_after
        except (LookupInputError, ValidationError) as exc:
            for field, message in _errors(exc):
                form.add_error(field if field in form.fields else None, message)
    response = render(
        request,
        "portal/provider/eligibility.html",
        {"form": form, "answer": answer, "provider": provider},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response


def _errors(exc):
    if isinstance(exc, LookupInputError):
        return [(exc.field, exc.message)]
    return [(f, m) for f, messages in exc.message_dict.items() for m in messages]
