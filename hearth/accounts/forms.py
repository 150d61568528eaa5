"""Forms for the account pages. Validation of meaning lives in actions; these check shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.passphrase import MAX_LENGTH
from hearth.accounts.pseudonyms import MAX_LENGTH as PSEUDONYM_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class _Passphrase(forms.CharField):
    def __init__(self, label: StrOrPromise, autocomplete: str, **kwargs: Any) -> None:
        super().__init__(
            label=label,
            strip=False,
            max_length=MAX_LENGTH,
            widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
            **kwargs,
        )


class SignUpForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX,
        help_text=_("Not your real name. Others in your groups will see it."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = _Passphrase(
        _("Passphrase"),
        "new-password",
        help_text=_("At least 15 characters. A few unrelated words are easy to remember."),
    )
    repeat = _Passphrase(_("Passphrase again"), "new-password")
    shared_device = forms.BooleanField(
        label=_("This is a shared or borrowed device"),
        help_text=_(
            "You will be signed out after a short time without activity and when the browser closes."
        ),
        required=False,
    )
    understood = forms.BooleanField(
        label=_("I have read how Hearth protects and keeps my information."),
        error_messages={"required": _("Please read the notice and tick the box to continue.")},
    )


class SignInForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=PSEUDONYM_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = _Passphrase(_("Passphrase"), "current-password")
    shared_device = forms.BooleanField(
        label=_("This is a shared or borrowed device"),
        help_text=_(
            "You will be signed out after a short time without activity and when the browser closes."
        ),
        required=False,
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class RecoverForm(forms.Form):
    pseudonym = SignInForm.base_fields["pseudonym"]
    code = forms.CharField(label=_("Recovery code"), max_length=40)
    passphrase = _Passphrase(_("New passphrase"), "new-password")
    repeat = _Passphrase(_("New passphrase again"), "new-password")


class NewPassphraseForm(forms.Form):
    passphrase = _Passphrase(_("New passphrase"), "new-password")
    repeat = _Passphrase(_("New passphrase again"), "new-password")


class ResetPassphraseForm(NewPassphraseForm):
    """A reset link signs the member straight in, so it asks what sign-in asks of the device."""

    shared_device = SignInForm.base_fields["shared_device"]


class ConfirmPassphraseForm(forms.Form):
    current = _Passphrase(_("Your passphrase"), "current-password")


class ChangePassphraseForm(NewPassphraseForm):
    current = _Passphrase(_("Current passphrase"), "current-password")
    field_order = ["current", "passphrase", "repeat"]


class ResetLinkForm(forms.Form):
    pseudonym = forms.CharField(label=_("Member's pseudonym"), max_length=PSEUDONYM_MAX)


class PreferencesForm(forms.Form):
    discreet_mode = forms.BooleanField(
        label=_("Discreet mode: neutral page titles and icon"), required=False
    )
