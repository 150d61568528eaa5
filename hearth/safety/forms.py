from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.safety.models import Report, RiskLevelOverride, WatchedWordEntry
from hearth.safety.pipeline import DEFAULT_LEVELS
from hearth.safety.texts import REJECT_LABELS


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


class AssignCaseForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assigned to"), choices=[], required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody"))] + choices  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(
        label=_("Follow up on (leave empty for none)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DutyForm(forms.Form):
    on_duty = forms.BooleanField(label=_("I am on duty: send me alerts"), required=False)
    stepping_away = forms.BooleanField(
        label=_("I am stepping away for a while (others take my alerts)"), required=False
    )


class EditApproveForm(forms.Form):
    text = forms.CharField(
        label=_("Edited text (remove what should not be published)"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_text(self) -> str:
        # Browsers send CRLF from a textarea; the content was written with plain newlines.
        return str(self.cleaned_data["text"]).replace("\r\n", "\n")


class RejectForm(forms.Form):
    template = forms.ChoiceField(label=_("Reply to the author"), choices=[])
    clause = forms.IntegerField(
        label=_("Agreement clause number (optional)"),
        required=False,
        min_value=1,
        max_value=999,
    )
    note = forms.CharField(
        label=_("A short note added to the reply (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = list(REJECT_LABELS.items())  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything a facilitator should know (optional, only facilitators read it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandleReportForm(forms.Form):
    outcome = forms.ChoiceField(choices=Report.Outcome.choices)


def _category_choices() -> list[tuple[str, str]]:
    return [(c, c.replace("_", " ").capitalize()) for c in DEFAULT_LEVELS]


class WatchedWordForm(forms.Form):
    term = forms.CharField(
        label=_("Word, phrase or pattern"),
        max_length=200,
        help_text=_(
            "Matched whatever the case, look-alike letters, accents, spacing or leetspeak."
        ),
    )
    is_regex = forms.BooleanField(
        label=_("This is a regular expression (for experienced staff)"), required=False
    )
    action = forms.ChoiceField(
        label=_("When someone uses it"),
        choices=WatchedWordEntry.Action.choices,
        initial=WatchedWordEntry.Action.FLAG,
    )
    category = forms.ChoiceField(label=_("Category"), choices=[], initial="watched_word")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()  # type: ignore[attr-defined]


class RiskLevelsForm(forms.Form):
    """One select per category, starting at the organisation's current level."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category, label in _category_choices():
            self.fields[f"level_{category}"] = forms.ChoiceField(
                label=label,
                choices=RiskLevelOverride.Level.choices,
                initial=current[category],
            )


class TestTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text to test (nothing is saved)"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )
    group = forms.ChoiceField(label=_("As if posted in"), required=False, choices=[])

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        if groups:
            field.choices = [("", _("No group (organisation words only)")), *groups]  # type: ignore[attr-defined]
        else:
            del self.fields["group"]
