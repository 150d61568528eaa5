"""Forms for group pages: shape only; meaning is checked in actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.forms import SignUpForm
from hearth.groups import names
from hearth.groups.actions import MAX_ANSWER, GroupSettings
from hearth.groups.models import Group, Invitation, Membership, Sanction
from hearth.groups.texts import DECLINE_MESSAGES

_DATE = forms.DateInput(attrs={"type": "date"})


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Seen only by staff and the group's members.")
    )
    discreet_name = forms.CharField(
        label=_("Discreet name"),
        max_length=60,
        help_text=_(
            'Shown in page titles and notifications instead of the name, e.g. "Tuesday book club".'
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to people invited to join."),
    )
    welcome = forms.CharField(
        label=_("Welcome message for new members"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    has_forum = forms.BooleanField(label=_("Anytime forum"), required=False, initial=True)
    has_chat = forms.BooleanField(label=_("Live chat sessions"), required=False)
    has_video = forms.BooleanField(label=_("Video sessions"), required=False)
    facilitation = forms.ChoiceField(label=_("Facilitation"), choices=Group.Facilitation.choices)
    length = forms.ChoiceField(
        label=_("Length"), choices=Group.Length.choices, initial=Group.Length.ONGOING
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=_DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=_DATE)
    capacity = forms.IntegerField(
        label=_("Capacity (members)"), min_value=1, max_value=500, initial=12
    )
    moderation = forms.ChoiceField(
        label=_("Moderation"),
        choices=Group.Moderation.choices,
        initial=Group.Moderation.HOLD_FLAGGED,
    )
    pre_moderate_first = forms.IntegerField(
        label=_("New members' posts checked first"), min_value=0, max_value=50, initial=3
    )
    direct_messages = forms.ChoiceField(
        label=_("Direct messages"), choices=Group.DirectMessages.choices
    )
    chat_retention_days = forms.IntegerField(
        label=_("Keep chat for (days, 0 = only during the session)"),
        min_value=0,
        max_value=3650,
        initial=0,
    )
    forum_retention_days = forms.IntegerField(
        label=_("Keep forum posts for (days)"), min_value=1, max_value=3650, initial=365
    )
    absence_window_days = forms.IntegerField(
        label=_("Check in after an absence of (days)"), min_value=1, max_value=365, initial=14
    )
    crisis_resources = forms.CharField(
        label=_("Crisis resources"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pinned at the top of every group page. One per line."),
    )
    safety_codeword = forms.CharField(
        label=_("Safety word"),
        max_length=60,
        required=False,
        help_text=_("A member who writes it raises a silent alert."),
    )
    screening_questions = forms.CharField(
        label=_("Screening questions"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line. Answers are seen by facilitators only."),
    )
    requires_approval = forms.BooleanField(
        label=_("A facilitator approves each person who asks to join"), required=False, initial=True
    )

    def settings(self) -> GroupSettings:
        return GroupSettings(**self.cleaned_data)

    @classmethod
    def for_group(cls, group: Group, data: Any = None) -> GroupForm:
        initial = {name: getattr(group, name) for name in cls.base_fields}
        return cls(data, initial={k: ("" if v is None else v) for k, v in initial.items()})


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Invitation.Kind.choices)
    max_uses = forms.IntegerField(
        label=_("How many people can use it"), min_value=1, max_value=500, initial=1
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=7)


class _ForgetsRefusedNames(forms.Form):
    """A name the safeguarding screen refused is not shown again in the form that comes back.

    It may be the group's safety word, or words of despair, on a screen someone else can see;
    the person types a new name anyway.
    """

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        said = error if isinstance(error, list) else [error]
        if field == "display_name" and {str(m) for m in said} & set(names.refusal_messages()):
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict: mutable copy
            data["display_name"] = ""
            self.data = data


class JoinForm(_ForgetsRefusedNames):
    display_name = forms.CharField(
        label=_("Your name in this group"),
        max_length=40,
        help_text=_("Not your real name. You can use a different name in each group."),
    )
    consent = forms.BooleanField(
        label=_("I have read the notice and the group agreement, and I agree to them."),
        required=False,
    )

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=MAX_ANSWER,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields(
            ["display_name", *[f"answer_{i}" for i in range(len(questions))], "consent"]
        )

    def answers(self) -> list[str]:
        return [v for k, v in sorted(self.cleaned_data.items()) if k.startswith("answer_")]


class NewcomerJoinForm(JoinForm):
    """Joining with no account yet: the pseudonym and passphrase are chosen here."""

    pseudonym = SignUpForm.base_fields["pseudonym"]
    passphrase = SignUpForm.base_fields["passphrase"]
    repeat = SignUpForm.base_fields["repeat"]
    shared_device = SignUpForm.base_fields["shared_device"]

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, questions=questions, **kwargs)
        self.order_fields(
            [
                "pseudonym",
                "passphrase",
                "repeat",
                "shared_device",
                "display_name",
                *[f"answer_{i}" for i in range(len(questions))],
                "consent",
            ]
        )


class DisplayNameForm(_ForgetsRefusedNames):
    display_name = JoinForm.base_fields["display_name"]


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Message to send"),
        widget=forms.RadioSelect,
        choices=[(key, message()) for key, message in DECLINE_MESSAGES.items()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request so the messages are in the facilitator's language.
        self.fields["reason"].choices = [(k, m()) for k, m in DECLINE_MESSAGES.items()]  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    question = forms.CharField(
        label=_("Question"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=MAX_ANSWER, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConcernForm(forms.Form):
    text = forms.CharField(
        label=_("Private note for screening"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to facilitators while they screen requests, e.g. words someone may use to get in."
        ),
    )


class RemoveForm(forms.Form):
    erase = forms.BooleanField(
        label=_("Also erase everything they wrote in this group"), required=False
    )
    reason = forms.CharField(label=_("Reason (kept with the membership for staff)"), max_length=500)


class LeaveForm(forms.Form):
    erase = forms.BooleanField(
        label=_("Also erase everything I wrote in this group"), required=False
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.MEMBER, _("Member")),
            (Membership.Role.PEER_MODERATOR, _("Peer moderator")),
        ],
    )


class AgreementForm(forms.Form):
    """One textarea per existing clause (keyed by its number) plus one for a new clause."""

    new_clause = forms.CharField(
        label=_("Add a clause"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, clauses: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for clause in clauses:
            self.fields[f"clause_{clause['number']}"] = forms.CharField(
                label=_("Clause %(n)d (leave empty to remove)") % {"n": clause["number"]},
                max_length=1000,
                required=False,
                initial=clause["text"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([f"clause_{c['number']}" for c in clauses] + ["new_clause"])

    def edited(self) -> dict[int, str]:
        return {
            int(k.split("_")[1]): v for k, v in self.cleaned_data.items() if k.startswith("clause_")
        }


class PersonRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            ("member", _("Member")),
            ("facilitator", _("Facilitator")),
            ("admin", _("Organisation admin")),
        ],
    )


class AddFacilitatorForm(forms.Form):
    pseudonym = forms.CharField(label=_("Staff member's pseudonym"), max_length=40)


# --- Sanctions ------------------------------------------------------------------------------------

DURATIONS = [
    ("", _("Until a facilitator lifts it")),
    ("60", _("One hour")),
    ("1440", _("One day")),
    ("4320", _("Three days")),
    ("10080", _("One week")),
    ("43200", _("30 days")),
]


class SanctionForm(forms.Form):
    """One sanction; the agreement's clauses are offered to cite (numbers never change)."""

    kind = forms.ChoiceField(label=_("What happens"), choices=Sanction.Kind.choices)
    reason = forms.CharField(
        label=_("Reason (staff only; the member never sees it)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    clause = forms.TypedChoiceField(
        label=_("Agreement clause it cites"), coerce=int, empty_value=None, required=False
    )
    message = forms.CharField(
        label=_("Message to the member"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kind and brief. Leave empty for a standard message."),
    )
    minutes = forms.TypedChoiceField(
        label=_("For how long (mute or suspension)"),
        choices=DURATIONS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    erase = forms.BooleanField(
        label=_("On removal or ban: also erase everything they wrote in this group"),
        required=False,
    )

    def __init__(self, *args: Any, clauses: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.TypedChoiceField = self.fields["clause"]  # type: ignore[assignment]
        field.choices = [("", _("None"))] + [
            (str(c["number"]), f"{c['number']}. {c['text'][:60]}") for c in clauses
        ]


class ProbationForm(forms.Form):
    on = forms.BooleanField(
        label=_("On probation: hold all their posts for review"), required=False
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Your appeal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what you would like a different staff member to know."),
    )


class DecideAppealForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("uphold", _("Uphold the sanction")), ("overturn", _("Overturn and lift it"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the member (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
