"""Forms for forum pages: shape only; meaning is checked in actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.forum.actions import MAX_BODY, MAX_NOTE, MAX_TITLE, Draft, PollDraft
from hearth.forum.models import DEFAULT_CONTENT_NOTES, Reaction, Resource

_MAX_IMAGE = 5_000_000


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use *emphasis*, **bold**, lists, > quotes and links."),
    )
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Readers see the note first and choose whether to open your message."),
    )
    custom_note = forms.CharField(
        label=_("Or write your own note"), max_length=MAX_NOTE, required=False
    )
    anonymous = forms.BooleanField(
        label=_('Post anonymously: others see "a member" (facilitators can still see it was you)'),
        required=False,
    )
    image = forms.FileField(label=_("Image (optional)"), required=False)

    _MAIN = ("title", "body")
    _NOTES = ("content_notes", "custom_note")
    _POLL = ("poll_question", "poll_options", "poll_multiple", "poll_closes_at")

    def __init__(
        self, *args: Any, notes: dict[str, str], allow_images: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_notes"].choices = list(notes.items())  # type: ignore[attr-defined]
        if not allow_images:
            del self.fields["image"]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._MAIN if name in self.fields]

    def note_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._NOTES]

    def note_fields_used(self) -> bool:
        """Keep the content-note section open when the author used it or it has an error."""
        return any(f.value() or f.errors for f in self.note_fields())

    def poll_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._POLL if name in self.fields]

    def poll_fields_used(self) -> bool:
        return any(f.value() or f.errors for f in self.poll_fields())

    def other_fields(self) -> list[forms.BoundField]:
        folded = self._MAIN + self._NOTES + self._POLL
        return [self[n] for n in self.fields if n not in folded]

    def draft(self, confirm: str = "") -> Draft:
        data = self.cleaned_data
        upload = data.get("image")
        image = upload.read(_MAX_IMAGE + 1) if upload else None
        return Draft(
            body=data["body"],
            content_notes=list(data.get("content_notes") or []),
            custom_note=data.get("custom_note") or "",
            anonymous=bool(data.get("anonymous")),
            image=image,
            confirm=confirm,
        )


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    poll_question = forms.CharField(label=_("Poll question (optional)"), required=False)
    poll_options = forms.CharField(
        label=_("Poll choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    poll_multiple = forms.BooleanField(label=_("People may pick several choices"), required=False)
    poll_closes_at = forms.DateTimeField(
        label=_("Poll closes at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    field_order = ["title", "body", "content_notes", "custom_note", "anonymous", "image"]

    def poll(self) -> PollDraft | None:
        data = self.cleaned_data
        if not data.get("poll_question") and not data.get("poll_options"):
            return None
        return PollDraft(
            question=data.get("poll_question") or "",
            options=(data.get("poll_options") or "").splitlines(),
            multiple=bool(data.get("poll_multiple")),
            closes_at=data.get("poll_closes_at"),
        )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to know who wrote this?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "Kept sealed with this group's data, in the forum's reveal history: the group's "
            "facilitators and the organisation's admins can read it there. The audit log records "
            "that you revealed the author, not your words."
        ),
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    category = forms.CharField(label=_("Category"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=150)
    url = forms.CharField(label=_("Web address (for a link)"), max_length=2000, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    document = forms.FileField(label=_("Document (PDF or plain text, up to 2 MB)"), required=False)


class PreferencesForm(forms.Form):
    open_automatically = forms.BooleanField(
        label=_("Open posts with content notes automatically"), required=False
    )
    never_open = forms.MultipleChoiceField(
        label=_("Never open these automatically"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hidden = forms.MultipleChoiceField(
        label=_("Hide posts with these notes entirely"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, notes: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("never_open", "hidden"):
            self.fields[name].choices = list(notes.items())  # type: ignore[attr-defined]


class ForumSettingsForm(forms.Form):
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes members choose from"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, v) for k, v in DEFAULT_CONTENT_NOTES.items()],
        help_text=_("None chosen means all of them."),
    )
    allow_images = forms.BooleanField(label=_("Members may attach images"), required=False)
    edit_window_minutes = forms.IntegerField(
        label=_("Minutes a post can be edited"), min_value=0, max_value=1440
    )
    milestones = forms.BooleanField(
        label=_("Show members gentle milestones (a week, a month, a year here)"), required=False
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search your groups"), max_length=200)
