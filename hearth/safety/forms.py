from django import forms
from django.utils.translation import gettext_lazy as _


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note (sealed, seen by staff only)"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CloseCaseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DutyForm(forms.Form):
    on_duty = forms.BooleanField(label=_("I am on duty: send me alerts"), required=False)
    stepping_away = forms.BooleanField(
        label=_("I am stepping away for a while (others take my alerts)"), required=False
    )
