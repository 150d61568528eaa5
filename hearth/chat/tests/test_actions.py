from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.audit.models import AuditEntry
from hearth.chat import actions, queries
from hearth.chat.actions import NeedsConfirmation, Schedule
from hearth.chat.models import ChatMessage, ChatSession
from hearth.safety.models import Alert, ReviewItem

pytestmark = pytest.mark.django_db


def send(found, session, text, cid=None, **kw):
    return actions.check_send_message(found, session, cid or f"id-{text[:20]}", text, **kw)


def test_schedule_weekly_series(chat_circle, as_member):
    made = actions.check_schedule_sessions(
        as_member("fran"), Schedule("Weekly", timezone.now() + timedelta(days=1), 60, 3)
    )
    assert len(made) == 4 and len({s.series for s in made}) == 1
    assert made[1].starts_at - made[0].starts_at == timedelta(weeks=1)


def test_members_cannot_schedule_and_bad_plans_are_refused(chat_circle, as_member):
    with pytest.raises(ValidationError):
        actions.check_schedule_sessions(
            as_member(), Schedule("Mine", timezone.now() + timedelta(days=1))
        )
    with pytest.raises(ValidationError) as error:
        actions.check_schedule_sessions(
            as_member("fran"), Schedule("", timezone.now() - timedelta(days=1), 5, 40)
        )
    assert set(error.value.message_dict) == {"title", "starts_at", "minutes", "repeat_weeks"}
    assert not ChatSession.objects.exists()


def test_time_limited_groups_only_allow_sessions_inside_their_dates(chat_circle, as_member):
    today = timezone.localdate()
    chat_circle.length = "time_limited"
    chat_circle.starts_on, chat_circle.ends_on = today, today + timedelta(days=10)
    chat_circle.save()
    with pytest.raises(ValidationError, match="dates"):
        actions.check_schedule_sessions(
            as_member("fran"), Schedule("Late", timezone.now() + timedelta(days=20))
        )


def test_messages_get_gapless_sequence_numbers_and_are_idempotent(session, as_member):
    first = send(as_member(), session, "hello", cid="a")
    second = send(as_member("bob"), session, "hi alice", cid="b")
    again = send(as_member(), session, "hello", cid="a")
    assert (first.message.seq, second.message.seq) == (1, 2)
    assert again.duplicate and again.message.seq == 1
    assert ChatMessage.objects.count() == 2


def test_lobby_paused_slow_mode_and_muted_are_refused_with_codes(chat_circle, as_member):
    (lobby,) = actions.check_schedule_sessions(
        as_member("fran"), Schedule("Later", timezone.now() + timedelta(hours=1))
    )
    with pytest.raises(ValidationError) as refused:
        send(as_member(), lobby, "too early")
    assert refused.value.code == "not_open"
    actions.check_open_session(as_member("fran"), lobby)
    actions.check_set_room(as_member("fran"), lobby, paused=True)
    with pytest.raises(ValidationError) as refused:
        send(as_member(), lobby, "paused?")
    assert refused.value.code == "paused"
    send(as_member("fran"), lobby, "We'll pause for a minute")  # facilitators still speak
    actions.check_set_room(as_member("fran"), lobby, paused=False, slow_mode_seconds=30)
    send(as_member(), lobby, "one")
    with pytest.raises(ValidationError) as refused:
        send(as_member(), lobby, "two")
    assert refused.value.code == "slow_mode"
    bob = as_member("bob").membership
    actions.check_mute(as_member("fran"), lobby, str(bob.id), 10)
    with pytest.raises(ValidationError) as refused:
        send(as_member("bob"), lobby, "muted?")
    assert refused.value.code == "muted"
    assert ChatMessage.objects.count() == 2


def test_members_cannot_use_controls(session, as_member):
    for control in (
        lambda f: actions.check_set_room(f, session, paused=True),
        lambda f: actions.check_end_session(f, session),
        lambda f: actions.check_mute(f, session, str(as_member("bob").membership.id), 5),
    ):
        with pytest.raises(ValidationError):
            control(as_member())


def test_facilitators_cannot_be_muted(session, as_member):
    with pytest.raises(ValidationError):
        actions.check_mute(as_member("fran"), session, str(as_member("fran").membership.id), 5)


def test_high_risk_message_is_held_and_alerts(session, as_member):
    sent = send(as_member(), session, "I'm going to kill myself tonight")
    assert sent.held and sent.show_crisis_resources
    assert ReviewItem.objects.filter(object_id=sent.message.id, kind="chat_message").exists()
    assert Alert.objects.filter(kind=Alert.Kind.HIGH_RISK).exists()


def test_safety_word_alerts_silently_and_is_never_shown_to_others(chat_circle, session, as_member):
    chat_circle.safety_codeword = "bluebird"
    chat_circle.save()
    sent = send(as_member(), session, "saw a bluebird today")
    assert not sent.held and Alert.objects.filter(kind=Alert.Kind.CODEWORD).exists()
    frames = queries.get_resume(as_member("bob"), session, 0).frames
    assert frames[0]["text"] == "saw a  today"
    only_word = send(as_member(), session, "bluebird", cid="only")
    seen = [f["seq"] for f in queries.get_resume(as_member("bob"), session, 0).frames]
    assert only_word.message.seq not in seen


def test_nudge_then_redact(session, as_member):
    with pytest.raises(NeedsConfirmation):
        send(as_member(), session, "call me 07700 900123")
    sent = send(as_member(), session, "call me 07700 900123", confirm="redact")
    assert "07700" not in sent.message.body


def test_resume_returns_exactly_what_was_missed(session, as_member):
    for i in range(5):
        send(as_member(), session, f"message {i}", cid=str(i))
    resumed = queries.get_resume(as_member("bob"), session, 2)
    assert [f["seq"] for f in resumed.frames] == [3, 4, 5]
    assert resumed.last_seq == 5 and not resumed.refresh


def test_held_messages_resume_only_for_their_author(session, as_member):
    held = send(as_member(), session, "I want to end my life").message
    assert held.seq in [f["seq"] for f in queries.get_resume(as_member(), session, 0).frames]
    assert held.seq not in [
        f["seq"] for f in queries.get_resume(as_member("bob"), session, 0).frames
    ]


def test_delete_and_pin(session, as_member):
    msg = send(as_member(), session, "pin me").message
    actions.check_pin(as_member("fran"), session, msg.seq)
    session.refresh_from_db()
    assert session.pinned_seq == msg.seq
    actions.check_delete_message(as_member(), session, msg.seq)
    msg.refresh_from_db()
    session.refresh_from_db()
    assert msg.visibility == "deleted" and msg.body == "" and session.pinned_seq is None
    frames = queries.get_resume(as_member("bob"), session, 0).frames
    assert frames == [{"type": "deleted", "seq": msg.seq}]


def test_others_cannot_delete_a_message(session, as_member):
    msg = send(as_member(), session, "mine").message
    with pytest.raises(ValidationError):
        actions.check_delete_message(as_member("bob"), session, msg.seq)


def test_retention_purges_after_the_session_and_resume_asks_for_refresh(session, as_member):
    send(as_member(), session, "ephemeral", cid="e1")
    assert actions.purge_expired_messages() == 0  # still open
    actions.check_end_session(as_member("fran"), session)
    assert actions.purge_expired_messages() == 1
    assert not ChatMessage.objects.exists()
    assert queries.get_resume(as_member("bob"), session, 0).refresh


def test_retention_days_keep_messages_that_long(chat_circle, session, as_member):
    chat_circle.chat_retention_days = 2
    chat_circle.save()
    send(as_member(), session, "kept", cid="k")
    actions.check_end_session(as_member("fran"), session)
    assert actions.purge_expired_messages() == 0
    assert actions.purge_expired_messages(timezone.now() + timedelta(days=3)) == 1


def test_every_control_is_audited(session, as_member):
    fran = as_member("fran")
    actions.check_set_room(fran, session, slow_mode_seconds=10)
    actions.check_mute(fran, session, str(as_member("bob").membership.id), 5)
    actions.check_remove_participant(fran, session, str(as_member("bob").membership.id))
    actions.check_end_session(fran, session)
    logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "chat.opened",
        "chat.room_changed",
        "chat.muted",
        "chat.removed",
        "chat.ended",
    } <= logged


def test_a_member_muted_by_a_group_sanction_cannot_chat(session, as_member):
    from hearth.groups.sanctions import check_sanction_member

    check_sanction_member(
        as_member("fran"), as_member("bob").membership, "mute", "Rule 2", None, "", 30
    )
    with pytest.raises(ValidationError) as refused:
        send(as_member("bob"), session, "hello?")
    assert refused.value.code == "muted"


def test_an_approved_held_message_arrives_as_the_newest_so_resume_finds_it(session, as_member):
    from hearth.safety import actions as safety_actions

    held = send(as_member(), session, "I want to kill myself", cid="h").message
    send(as_member("bob"), session, "later message", cid="l")
    item = ReviewItem.objects.get(object_id=held.id)
    safety_actions.check_claim_review_item(as_member("fran").actor, item)
    safety_actions.check_approve_review_item(as_member("fran").actor, item, "I'm struggling")
    resumed = queries.get_resume(as_member("bob"), session, 2)
    assert [f["text"] for f in resumed.frames] == ["I'm struggling"]
    assert resumed.frames[0]["seq"] == 3
