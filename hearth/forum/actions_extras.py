"""Forum writes that carry no free text past the pipeline: reactions, votes, resources, settings."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.actions import record
from hearth.forum.access import can_post, settings_for
from hearth.forum.models import (
    DEFAULT_CONTENT_NOTES,
    ForumSettings,
    Poll,
    PollOption,
    PollVote,
    Post,
    Reaction,
    ReaderPreferences,
    Resource,
    Visibility,
)
from hearth.groups.access import GroupAccess
from hearth.privacy.keys import blind_token

MAX_DOCUMENT_BYTES = 2_000_000
DOCUMENT_TYPES = {
    "application/pdf": b"%PDF-",
    "text/plain": b"",
}


def check_toggle_reaction(found: GroupAccess, post: Post, kind: str) -> bool:
    """Add the member's reaction of `kind` to a post, or take it back; return True if added."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Choose one of the reactions offered."))
    if not can_post(found) or post.visibility != Visibility.PUBLISHED:
        raise ValidationError(_("You can't react to this post."))
    assert found.membership is not None  # can_post() checked it
    mine = Reaction.objects.filter(post=post, member=found.membership, kind=kind)
    if mine.delete()[0]:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, member=found.membership, kind=kind)
    except IntegrityError:
        pass  # a double click raced the first: the reaction is there, which is what was asked
    return True


def _voter_token(poll: Poll, found: GroupAccess) -> str:
    assert found.membership is not None
    return blind_token(f"group:{poll.group_id}", f"vote:{poll.id}:{found.membership.id}")


def poll_is_closed(poll: Poll) -> bool:
    return poll.closes_at is not None and poll.closes_at <= timezone.now()


def has_voted(poll: Poll, found: GroupAccess) -> bool:
    if found.membership is None:
        return False
    return PollVote.objects.filter(poll=poll, voter_token=_voter_token(poll, found)).exists()


def check_vote(found: GroupAccess, poll: Poll, option_ids: list[str]) -> None:
    """Record one member's vote; anonymous polls keep only a keyed token of the voter."""
    if not can_post(found):
        raise ValidationError(_("Only members of the group can vote."))
    if poll_is_closed(poll):
        raise ValidationError(_("This poll has closed."))
    options = list(PollOption.objects.filter(poll=poll, id__in=_uuids(option_ids)))
    if not options or len(options) != len(set(option_ids)):
        raise ValidationError(_("Choose one of the poll's options."))
    if len(options) > 1 and not poll.multiple:
        raise ValidationError(_("This poll takes one choice."))
    token = _voter_token(poll, found)
    try:
        with transaction.atomic():
            if PollVote.objects.filter(poll=poll, voter_token=token).exists():
                raise ValidationError(_("You have already voted in this poll."))
            PollVote.objects.bulk_create(
                PollVote(
                    poll=poll,
                    option=option,
                    voter_token=token,
                    voter=None if poll.anonymous else found.membership,
                )
                for option in options
            )
    except IntegrityError:
        raise ValidationError(_("You have already voted in this poll.")) from None


def _uuids(values: list[str]) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(UUID(str(value))))
        except ValueError:
            continue
    return valid


@dataclass
class ResourceDraft:
    kind: str
    category: str
    title: str
    url: str = ""
    note: str = ""
    document: bytes | None = None
    document_name: str = ""
    document_type: str = ""


def _clean_resource(draft: ResourceDraft) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    draft.category, draft.title = draft.category.strip(), draft.title.strip()
    draft.url, draft.note = draft.url.strip(), draft.note.strip()
    if draft.kind not in Resource.Kind.values:
        errors["kind"] = [_("Choose a link, a document or a note.")]
    if not draft.category or len(draft.category) > 60:
        errors["category"] = [_("Give a category of up to 60 characters.")]
    if not draft.title or len(draft.title) > 150:
        errors["title"] = [_("Give a title of up to 150 characters.")]
    if len(draft.note) > 5_000:
        errors["note"] = [_("Notes can be up to 5,000 characters.")]
    if draft.kind == Resource.Kind.LINK and not (
        draft.url.startswith("https://") or draft.url.startswith("http://")
    ):
        errors["url"] = [_("Give a web address starting with https://")]
    if draft.kind == Resource.Kind.NOTE and not draft.note:
        errors["note"] = [_("Write the note.")]
    if draft.kind == Resource.Kind.DOCUMENT:
        magic = DOCUMENT_TYPES.get(draft.document_type)
        if not draft.document or magic is None or not draft.document.startswith(magic):
            errors["document"] = [_("Upload a PDF or a plain-text file.")]
        elif len(draft.document) > MAX_DOCUMENT_BYTES:
            errors["document"] = [_("Documents can be up to 2 MB.")]
    return errors


def check_add_resource(found: GroupAccess, draft: ResourceDraft) -> Resource:
    """Add a curated resource to the group's library (facilitators and admins)."""
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can add resources."))
    errors = _clean_resource(draft)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        resource = Resource.objects.create(
            group=found.group,
            kind=draft.kind,
            category=draft.category,
            title=draft.title,
            url=draft.url or None,
            note=draft.note or None,
            document=base64.b64encode(draft.document).decode() if draft.document else None,
            document_name=(draft.document_name[:120] or "document") if draft.document else None,
            document_type=draft.document_type if draft.document else "",
            created_by=found.membership,
        )
        _audit(found, "forum.resource_added", "resource", resource.id)
    return resource


def check_delete_resource(found: GroupAccess, resource: Resource) -> None:
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can remove resources."))
    with transaction.atomic():
        resource.delete()
        _audit(found, "forum.resource_removed", "resource", resource.id)


def preferences_for(found: GroupAccess) -> ReaderPreferences:
    """Return the member's content-note preferences (unsaved defaults if none)."""
    if found.membership is None:
        return ReaderPreferences()
    # Through the one-to-one accessor, which caches the row or its absence (access_forum
    # loads it with the membership).
    try:
        return found.membership.reader_preferences
    except ReaderPreferences.DoesNotExist:
        return ReaderPreferences(membership=found.membership)


def check_save_preferences(
    found: GroupAccess, *, open_automatically: bool, never_open: list[str], hidden: list[str]
) -> ReaderPreferences:
    if found.membership is None:
        raise ValidationError(_("Only members of the group have reading preferences."))
    offered = set(settings_for(found).content_notes or DEFAULT_CONTENT_NOTES)
    if not set(never_open) <= offered or not set(hidden) <= offered:
        raise ValidationError(_("Choose content notes from the group's list."))
    preferences = preferences_for(found)
    preferences.open_notes_automatically = open_automatically
    preferences.never_open = sorted(set(never_open))
    preferences.hidden = sorted(set(hidden))
    preferences.save()
    return preferences


def check_save_forum_settings(
    found: GroupAccess,
    *,
    content_notes: list[str],
    allow_images: bool,
    edit_window_minutes: int,
    milestones: bool,
) -> ForumSettings:
    """Change the group's forum settings (facilitators and admins)."""
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can change the forum's settings."))
    errors: dict[str, list[str]] = {}
    if not set(content_notes) <= set(DEFAULT_CONTENT_NOTES):
        errors["content_notes"] = [_("Choose content notes from the list.")]
    if not 0 <= edit_window_minutes <= 24 * 60:
        errors["edit_window_minutes"] = [_("The edit window is 0 to 1,440 minutes.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings, _created = ForumSettings.objects.get_or_create(group=found.group)
        found.group.forum_settings = settings  # later reads in this request see the new row
        settings.content_notes = [k for k in DEFAULT_CONTENT_NOTES if k in content_notes]
        settings.allow_images = allow_images
        settings.edit_window_minutes = edit_window_minutes
        settings.milestones = milestones
        settings.save()
        _audit(found, "forum.settings_changed", "group", found.group.id)
    return settings


def _audit(found: GroupAccess, action: str, target_type: str, target_id: object) -> None:
    record(
        action,
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type=target_type,
        target_id=str(target_id),
    )
