"""Every write to live chat: scheduling, opening and ending rooms, messages and room controls.

A message is screened by the safeguarding pipeline and stored (with its alert or review item)
in one transaction before anyone else receives it; the broadcast happens only after commit.
Every facilitator control is audited and broadcast to every connected client at once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.audit.actions import record
from hearth.chat.models import REVIEW_KIND, ChatMessage, ChatSession, ChatSettings, Participant
from hearth.groups.access import GroupAccess
from hearth.groups.models import Membership
from hearth.realtime.events import room_group, send_event_on_commit, user_group
from hearth.safety.content import Screened, do_follow_up, hide_spans, redact, screen

MAX_TEXT = 2_000
MAX_CLIENT_ID = 64
MAX_REPEAT_WEEKS = 12
MAX_SLOW_MODE = 600


# --- Frames ---------------------------------------------------------------------------------


def message_frame(message: ChatMessage, author: Membership, text: str) -> dict[str, Any]:
    """Return the frame every reader gets for a published message."""
    return {
        "type": "message",
        "seq": message.seq,
        "id": str(message.id),
        "author": author.display_name,
        "author_member": str(author.id),
        "staff": author.role == Membership.Role.FACILITATOR,
        "text": text,
        "at": message.created_at.isoformat(),
        # Lets the author's page match the room's copy to the message it is still sending,
        # whichever of the two frames arrives first. A random id: it says nothing to others.
        "client_msg_id": message.client_msg_id,
    }


def state_frame(session: ChatSession) -> dict[str, Any]:
    return {
        "type": "state",
        "state": session.state,
        "paused": session.paused,
        "slow_mode": session.slow_mode_seconds,
        "pinned": session.pinned_seq,
    }


def _broadcast(
    session: ChatSession, frame: dict[str, Any], author: str | None = None, close: bool = False
) -> None:
    """Send one pre-encoded frame to everyone in the room, once the transaction commits.

    The frame is encoded once here, not once per socket: a room may hold a thousand sockets.
    `author` lets readers who blocked that member skip it; `close` ends every socket after it.
    """
    room = room_group(session.id)
    send_event_on_commit(
        [room],
        {
            "type": "chat.frame",
            "room": room,
            "frame": json.dumps(frame),
            "author": author,
            "close": close,
        },
    )


# --- Scheduling -----------------------------------------------------------------------------


@dataclass
class Schedule:
    title: str
    starts_at: datetime
    minutes: int = 60
    repeat_weeks: int = 0  # 0: one session; n: this one and n more, a week apart


def _within_group_dates(found: GroupAccess, start: datetime, end: datetime) -> bool:
    group = found.group
    if group.length != group.Length.TIME_LIMITED:
        return True
    first: date | None = group.starts_on
    last: date | None = group.ends_on
    local_start, local_end = timezone.localtime(start).date(), timezone.localtime(end).date()
    return (first is None or local_start >= first) and (last is None or local_end <= last)


def check_schedule_sessions(found: GroupAccess, plan: Schedule) -> list[ChatSession]:
    """Schedule one session or a weekly series (facilitators and admins)."""
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can schedule sessions."))
    errors: dict[str, list[str]] = {}
    plan.title = " ".join(plan.title.split())
    if not plan.title or len(plan.title) > 120:
        errors["title"] = [_("Give the session a title of up to 120 characters.")]
    if not 15 <= plan.minutes <= 240:
        errors["minutes"] = [_("Sessions last between 15 and 240 minutes.")]
    if not 0 <= plan.repeat_weeks <= MAX_REPEAT_WEEKS:
        errors["repeat_weeks"] = [_("Repeat for up to 12 more weeks.")]
    if plan.starts_at <= timezone.now():
        errors["starts_at"] = [_("Choose a time in the future.")]
    if errors:
        raise ValidationError(errors)
    series = uuid.uuid4() if plan.repeat_weeks else None
    occurrences = []
    for week in range(plan.repeat_weeks + 1):
        start = plan.starts_at + timedelta(weeks=week)
        end = start + timedelta(minutes=plan.minutes)
        if not _within_group_dates(found, start, end):
            raise ValidationError(
                {"starts_at": [_("Sessions must fall within the group's dates.")]}
            )
        occurrences.append((start, end))
    with transaction.atomic():
        sessions = [
            ChatSession.objects.create(
                group=found.group,
                title=plan.title,
                series=series,
                starts_at=start,
                ends_at=end,
                created_by=found.membership,
            )
            for start, end in occurrences
        ]
        _audit(found, "chat.scheduled", sessions[0], {"count": len(sessions)})
    return sessions


def check_cancel_session(found: GroupAccess, session: ChatSession) -> None:
    """Cancel a session that has not opened yet."""
    _require_manager(found)
    if session.state != ChatSession.State.SCHEDULED:
        raise ValidationError(_("Only a session that has not opened can be cancelled."))
    with transaction.atomic():
        _audit(found, "chat.cancelled", session)
        session.delete()


# --- Room controls --------------------------------------------------------------------------


def _require_manager(found: GroupAccess) -> None:
    if not found.can_manage:
        raise ValidationError(_("Only facilitators can do that."))


def _locked(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_for_update().get(id=session.id)


def check_open_session(found: GroupAccess, session: ChatSession) -> None:
    """Open the room: the lobby becomes the room for everyone waiting."""
    _require_manager(found)
    if not _within_group_dates(found, timezone.now(), timezone.now()):
        raise ValidationError(_("The group's dates have passed, so the room can't open."))
    with transaction.atomic():
        locked = _locked(session)
        if locked.state != ChatSession.State.SCHEDULED:
            raise ValidationError(_("This session has already opened or ended."))
        locked.state = ChatSession.State.OPEN
        locked.opened_at = timezone.now()
        locked.save(update_fields=["state", "opened_at"])
        _audit(found, "chat.opened", locked)
        _broadcast(locked, state_frame(locked))
    session.state, session.opened_at = locked.state, locked.opened_at


def check_end_session(found: GroupAccess, session: ChatSession) -> None:
    """End the session for everyone; sockets are told and then closed."""
    _require_manager(found)
    with transaction.atomic():
        locked = _locked(session)
        if locked.state == ChatSession.State.ENDED:
            return
        locked.state = ChatSession.State.ENDED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["state", "closed_at"])
        _audit(found, "chat.ended", locked)
        _broadcast(locked, {"type": "ended"}, close=True)
    session.state, session.closed_at = locked.state, locked.closed_at


def check_set_room(
    found: GroupAccess,
    session: ChatSession,
    *,
    paused: bool | None = None,
    slow_mode_seconds: int | None = None,
) -> None:
    """Pause or resume the room, or set slow mode (one message per N seconds)."""
    _require_manager(found)
    if slow_mode_seconds is not None and not 0 <= slow_mode_seconds <= MAX_SLOW_MODE:
        raise ValidationError(_("Slow mode is between 0 and 600 seconds."))
    with transaction.atomic():
        locked = _locked(session)
        if locked.state == ChatSession.State.ENDED:
            raise ValidationError(_("This session has ended."))
        changes: dict[str, Any] = {}
        if paused is not None:
            changes["paused"] = paused
        if slow_mode_seconds is not None:
            changes["slow_mode_seconds"] = slow_mode_seconds
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(changes))
        _audit(found, "chat.room_changed", locked, changes)
        _broadcast(locked, state_frame(locked))
    session.paused, session.slow_mode_seconds = locked.paused, locked.slow_mode_seconds


def _participant(session: ChatSession, membership: Membership) -> Participant:
    participant, _created = Participant.objects.get_or_create(
        session=session, membership=membership
    )
    return participant


def _target(found: GroupAccess, membership_id: str) -> Membership:
    try:
        key = uuid.UUID(str(membership_id))
    except ValueError:
        raise ValidationError(_("That person is not in this room.")) from None
    target = Membership.objects.filter(
        id=key, group=found.group, status=Membership.Status.ACTIVE
    ).first()
    if target is None:
        raise ValidationError(_("That person is not in this room."))
    if target.role == Membership.Role.FACILITATOR:
        raise ValidationError(_("Facilitators can't be muted or removed."))
    return target


def check_mute(found: GroupAccess, session: ChatSession, membership_id: str, minutes: int) -> None:
    """Mute a participant for `minutes` (0 lifts the mute); they see it at once."""
    _require_manager(found)
    if not 0 <= minutes <= 24 * 60:
        raise ValidationError(_("Mute for up to 1,440 minutes."))
    target = _target(found, membership_id)
    until = timezone.now() + timedelta(minutes=minutes) if minutes else None
    with transaction.atomic():
        participant = _participant(session, target)
        participant.muted_until = until
        participant.save(update_fields=["muted_until"])
        _audit(found, "chat.muted" if until else "chat.unmuted", session, {"minutes": minutes})
        send_event_on_commit(
            [user_group(target.user_id)],
            {
                "type": "chat.personal",
                "session": str(session.id),
                "frame": json.dumps(
                    {"type": "muted", "until": until.isoformat() if until else None}
                ),
            },
        )


def check_remove_participant(found: GroupAccess, session: ChatSession, membership_id: str) -> None:
    """Remove a participant from this session: their sockets close and they cannot rejoin."""
    _require_manager(found)
    target = _target(found, membership_id)
    with transaction.atomic():
        participant = _participant(session, target)
        participant.removed = True
        participant.save(update_fields=["removed"])
        _audit(found, "chat.removed", session)
        send_event_on_commit(
            [user_group(target.user_id)],
            {"type": "chat.removed", "session": str(session.id)},
        )


def _message_by_seq(session: ChatSession, seq: object) -> ChatMessage:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ValidationError(_("Choose a message."))
    message = ChatMessage.objects.filter(session=session, seq=seq).first()
    if message is None or message.visibility == ChatMessage.Visibility.DELETED:
        raise ValidationError(_("That message is not in this room."))
    return message


def check_delete_message(found: GroupAccess, session: ChatSession, seq: object) -> None:
    """Delete a message for everyone (facilitators; authors may delete their own)."""
    message = _message_by_seq(session, seq)
    own = found.membership is not None and message.author_id == found.membership.id
    if not (own or found.can_manage):
        raise ValidationError(_("You can't delete this message."))
    with transaction.atomic():
        do_erase_message(message)
        _audit(found, "chat.message_deleted", session, {"seq": message.seq})


def do_erase_message(message: ChatMessage) -> None:
    """Erase a message's words for good and take it off every screen (and the pin)."""
    message.body = ""
    message.visibility = ChatMessage.Visibility.DELETED
    message.save(update_fields=["body", "visibility"])
    ChatSession.objects.filter(id=message.session_id, pinned_seq=message.seq).update(
        pinned_seq=None
    )
    _broadcast(message.session, {"type": "deleted", "seq": message.seq})


def _next_seq(session_id: uuid.UUID) -> int:
    """Take the room's next sequence number (inside the caller's transaction).

    The row update serialises writers, so sequence numbers have no gaps and no repeats.
    """
    ChatSession.objects.filter(id=session_id).update(last_seq=F("last_seq") + 1)
    return ChatSession.objects.values_list("last_seq", flat=True).get(id=session_id)


def do_publish_held_message(message: ChatMessage, text: str | None) -> None:
    """Publish a message a moderator approved (optionally edited), as the room's newest.

    It takes a fresh sequence number: a reader who resumes from a point after its original
    number would otherwise never receive it.
    """
    if text is not None:
        message.body = text
        message.hidden_spans = []
    message.seq = _next_seq(message.session_id)
    message.visibility = ChatMessage.Visibility.PUBLISHED
    message.save(update_fields=["body", "hidden_spans", "visibility", "seq"])
    shown = hide_spans(message.body, message.hidden_spans)
    _broadcast(
        message.session, message_frame(message, message.author, shown), str(message.author_id)
    )


def check_pin(found: GroupAccess, session: ChatSession, seq: object | None) -> None:
    """Pin a published message at the top of the room, or unpin (seq None)."""
    _require_manager(found)
    if seq is not None:
        message = _message_by_seq(session, seq)
        if message.visibility != ChatMessage.Visibility.PUBLISHED:
            raise ValidationError(_("Only a published message can be pinned."))
    with transaction.atomic():
        locked = _locked(session)
        locked.pinned_seq = seq  # type: ignore[assignment]
        locked.save(update_fields=["pinned_seq"])
        _audit(found, "chat.pinned" if seq else "chat.unpinned", locked)
        _broadcast(locked, state_frame(locked))
    session.pinned_seq = locked.pinned_seq


def check_save_chat_settings(found: GroupAccess, *, presence: bool, typing: bool) -> ChatSettings:
    _require_manager(found)
    with transaction.atomic():
        settings, _created = ChatSettings.objects.get_or_create(group=found.group)
        found.group.chat_settings = settings  # later reads in this request see the new row
        settings.presence, settings.typing = presence, typing
        settings.save()
        _audit(found, "chat.settings_changed", None, {"presence": presence, "typing": typing})
    return settings


# --- Messages -------------------------------------------------------------------------------


class NeedsConfirmation(Exception):
    """The pipeline has a nudge for the author; nothing was saved."""

    def __init__(self, nudges: list[str]) -> None:
        super().__init__("needs confirmation")
        self.nudges = nudges


@dataclass
class Sent:
    message: ChatMessage
    screened: Screened | None  # None: a resent frame that matched an earlier message
    duplicate: bool = False

    @property
    def held(self) -> bool:
        return self.message.visibility == ChatMessage.Visibility.HELD

    @property
    def show_crisis_resources(self) -> bool:
        return bool(self.screened and self.screened.decision.show_crisis_resources)


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_can_send(found: GroupAccess, session: ChatSession, participant: Participant) -> None:
    if found.membership is None or not found.membership.is_active:
        raise _refuse("not_member", _("Only members of the group can write here."))
    if not found.can_take_part:  # muted in the group by a sanction
        raise _refuse("muted", _("You are muted for now. You can still read."))
    if session.state == ChatSession.State.SCHEDULED:
        raise _refuse("not_open", _("The room is not open yet."))
    if session.state == ChatSession.State.ENDED:
        raise _refuse("ended", _("This session has ended."))
    if participant.removed:
        raise _refuse("removed", _("You were removed from this session."))
    if found.can_manage:
        return  # facilitators can always speak, e.g. to explain a pause
    if session.paused:
        raise _refuse("paused", _("The facilitator has paused the room for a moment."))
    now = timezone.now()
    if participant.muted_until and participant.muted_until > now:
        raise _refuse("muted", _("You are muted for now. You can still read."))
    if (
        session.slow_mode_seconds
        and participant.last_sent_at
        and (now - participant.last_sent_at).total_seconds() < session.slow_mode_seconds
    ):
        raise _refuse(
            "slow_mode",
            _("Slow mode is on: one message every %(n)s seconds.")
            % {"n": session.slow_mode_seconds},
        )


def check_send_message(
    found: GroupAccess,
    session: ChatSession,
    client_msg_id: object,
    text: object,
    confirm: object = "",
) -> Sent:
    """Screen and store one chat message; broadcast it after commit if it is published.

    Idempotent on (author, client_msg_id): a resent frame returns the earlier message.
    `session` must be current (the socket loads it afresh for every frame), so the room's
    state is not read a second time on this hot path.
    Raises ValidationError (with a code) for refusals and NeedsConfirmation for a nudge.
    """
    if not isinstance(client_msg_id, str) or not 1 <= len(client_msg_id) <= MAX_CLIENT_ID:
        raise _refuse("bad_id", _("Each message needs a client_msg_id of 1 to 64 characters."))
    if not isinstance(text, str) or not text.strip():
        raise _refuse("empty", _("Write something before sending."))
    if len(text) > MAX_TEXT:
        raise _refuse("too_long", _("Messages can be up to 2,000 characters."))
    if found.membership is None:
        raise _refuse("not_member", _("Only members of the group can write here."))
    earlier = ChatMessage.objects.filter(
        session=session, author=found.membership, client_msg_id=client_msg_id
    ).first()
    if earlier is not None:
        return Sent(earlier, None, duplicate=True)
    participant = _participant(session, found.membership)
    _check_can_send(found, session, participant)
    text = text.strip()
    screened = screen(text, found.group, author_is_new=False)
    if confirm == "redact" and screened.nudge_spans:
        text = redact(text, screened.nudge_spans)
        screened = screen(text, found.group, author_is_new=False)
    elif screened.needs_confirmation and confirm != "send":
        raise NeedsConfirmation(screened.decision.nudges)
    if screened.decision.action == "block":
        raise _refuse(
            "blocked", _("This can't be sent here: it has words the group doesn't allow.")
        )
    try:
        with transaction.atomic():
            message = _store(found, session, participant, client_msg_id, text, screened)
    except IntegrityError:
        # The same frame arrived twice at once (two sockets, a retry): the first one won.
        earlier = ChatMessage.objects.get(
            session=session, author=found.membership, client_msg_id=client_msg_id
        )
        return Sent(earlier, None, duplicate=True)
    return Sent(message, screened)


def _store(
    found: GroupAccess,
    session: ChatSession,
    participant: Participant,
    client_msg_id: str,
    text: str,
    screened: Screened,
) -> ChatMessage:
    assert found.membership is not None
    seq = _next_seq(session.id)
    published = screened.decision.action == "publish"
    message = ChatMessage.objects.create(
        session=session,
        group=found.group,
        author=found.membership,
        seq=seq,
        client_msg_id=client_msg_id,
        body=text,
        visibility=ChatMessage.Visibility.PUBLISHED if published else ChatMessage.Visibility.HELD,
        hidden_spans=[list(s) for s in screened.hidden_spans],
    )
    Participant.objects.filter(id=participant.id).update(last_sent_at=timezone.now())
    do_follow_up(
        screened, group=found.group, author=found.actor, kind=REVIEW_KIND, object_id=message.id
    )
    if published:
        shown = hide_spans(text, screened.hidden_spans)
        if shown.strip():  # a message that was only the safety word is never broadcast
            frame = message_frame(message, found.membership, shown)
            _broadcast(session, frame, author=str(found.membership.id))
    return message


# --- Retention ------------------------------------------------------------------------------


def purge_expired_messages(now: datetime | None = None) -> int:
    """Hard-delete messages past their group's retention; return how many were deleted.

    Retention 0 keeps messages only while the session is open. Sessions record the highest
    purged sequence number so a client resuming from before it is told to refresh.
    """
    now = now or timezone.now()
    deleted = 0
    candidates = ChatSession.objects.filter(last_seq__gt=F("purged_through")).select_related(
        "group"
    )
    for session in candidates:
        days = session.group.chat_retention_days
        if days == 0:
            if session.state != ChatSession.State.ENDED:
                continue
            cutoff = now
        else:
            cutoff = now - timedelta(days=days)
        with transaction.atomic():
            expired = ChatMessage.objects.filter(session=session, created_at__lte=cutoff)
            highest = max(expired.values_list("seq", flat=True), default=None)
            if highest is None:
                continue
            deleted += expired.delete()[0]
            ChatSession.objects.filter(id=session.id).update(purged_through=highest)
    return deleted


def _audit(
    found: GroupAccess,
    action: str,
    session: ChatSession | None,
    details: dict[str, Any] | None = None,
) -> None:
    record(
        action,
        actor_id=found.actor.id,
        organisation_id=found.group.organisation_id,
        target_type="chat_session" if session else "group",
        target_id=str(session.id) if session else str(found.group.id),
        details=details,
    )
