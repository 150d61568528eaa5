"""Forms for chat pages: shape only; meaning is checked in actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.chat.actions import MAX_REPEAT_WEEKS, Schedule


class ScheduleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=240, initial=60
    )
    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly for how many more weeks (0 for once)"),
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        initial=0,
    )

    def schedule(self) -> Schedule:
        data = self.cleaned_data
        return Schedule(data["title"], data["starts_at"], data["minutes"], data["repeat_weeks"])


class ChatSettingsForm(forms.Form):
    presence = forms.BooleanField(
        label=_("Show when people join and leave the room"), required=False
    )
    typing = forms.BooleanField(label=_("Show when someone is typing"), required=False)
