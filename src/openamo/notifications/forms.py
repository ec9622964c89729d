from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    email = forms.BooleanField(label=_("Recevoir une copie par courriel"), required=False)
    sms = forms.BooleanField(label=_("Recevoir une copie par SMS"), required=False)
