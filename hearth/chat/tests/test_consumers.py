"""The chat socket, end to end through the real ASGI application and channel layer."""

import json

import pytest
from asgiref.sync import sync_to_async

from hearth.accounts import actions as account_actions
from hearth.accounts.models import AccountSession
from hearth.chat import actions
from hearth.chat.models import ChatMessage
from hearth.groups import actions as group_actions
from hearth.groups.models import Membership
from hearth.lib.testing.sockets import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
MISSING = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(autouse=True)
def _asgi_loaded(transactional_db):
    import hearth.asgi  # noqa: F401


async def join(user, session_id):
    communicator, connected, code = await connect(user, f"/ws/chat/{session_id}/")
    assert connected, code
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    return communicator, hello


async def frames_until(communicator, kind, timeout=5):
    """Return frames received until (and including) the first of `kind`."""
    seen = []
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        seen.append(frame)
        if frame["type"] == kind:
            return seen


async def test_members_join_and_outsiders_get_what_a_missing_room_gets(cast, session):
    alice, hello = await join(cast.alice, session.id)
    assert hello["state"] == "open" and hello["last_seq"] == 0 and not hello["facilitator"]
    await alice.disconnect()
    for outsider in (cast.charlie, cast.olga, cast.rita, cast.gina, None):
        _, connected, code = await connect(outsider, f"/ws/chat/{session.id}/")
        assert not connected and code == 4404
    _, connected, code = await connect(cast.alice, f"/ws/chat/{MISSING}/")
    assert not connected and code == 4404


@pytest.mark.parametrize("origin", [None, b"https://evil.example"])
async def test_missing_or_foreign_origin_is_refused(cast, session, origin):
    _, connected, _code = await connect(cast.alice, f"/ws/chat/{session.id}/", origin=origin)
    assert not connected


async def test_a_message_reaches_the_other_member_and_the_author_gets_an_ack(cast, session):
    alice, _ = await join(cast.alice, session.id)
    bob, _ = await join(cast.bob, session.id)
    await alice.send_json_to({"type": "send", "client_msg_id": "c1", "text": "Hello everyone"})
    ack = (await frames_until(alice, "ack"))[-1]
    assert ack == {
        "type": "ack",
        "client_msg_id": "c1",
        "seq": 1,
        "status": "published",
        "duplicate": False,
    }
    message = (await frames_until(bob, "message"))[-1]
    assert message["text"] == "Hello everyone" and message["seq"] == 1
    assert message["author"] == "alice"
    await alice.send_json_to({"type": "send", "client_msg_id": "c1", "text": "Hello everyone"})
    assert (await frames_until(alice, "ack"))[-1]["duplicate"] is True
    assert await sync_to_async(ChatMessage.objects.count)() == 1
    await alice.disconnect()
    await bob.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_frame"),
        (json.dumps([1, 2]), "bad_frame"),
        (json.dumps({"type": "dance"}), "unknown_type"),
        (json.dumps({"type": "send", "text": "x" * 20_000, "client_msg_id": "big"}), "bad_frame"),
        (json.dumps({"type": "send", "text": "x" * 2_001, "client_msg_id": "long"}), "too_long"),
        (json.dumps({"type": "send", "text": "  ", "client_msg_id": "e"}), "empty"),
        (json.dumps({"type": "send", "text": "hi"}), "bad_id"),
        (json.dumps({"type": "resume", "last_seq": "x"}), "bad_frame"),
        (json.dumps({"type": "control", "action": "end"}), "refused"),
        (json.dumps({"type": "control", "action": "explode"}), "unknown_control"),
    ],
)
async def test_bad_frames_get_a_clear_error_and_change_nothing(cast, session, frame, code):
    alice, _ = await join(cast.alice, session.id)
    await alice.send_to(text_data=frame)
    error = await alice.receive_json_from(timeout=5)
    assert error["type"] == "error" and error["code"] == code and error["message"]
    assert await sync_to_async(ChatMessage.objects.count)() == 0
    await alice.disconnect()


async def test_resume_after_a_drop_gets_exactly_the_missed_messages(cast, session, as_member):
    bob, _ = await join(cast.bob, session.id)
    await bob.disconnect()

    @sync_to_async
    def send_three():
        for i in range(3):
            actions.check_send_message(as_member(), session, f"m{i}", f"missed {i}")

    await send_three()
    bob, hello = await join(cast.bob, session.id)
    assert hello["last_seq"] == 3
    await bob.send_json_to({"type": "resume", "last_seq": 1})
    frames = await frames_until(bob, "resumed")
    assert [f["seq"] for f in frames if f["type"] == "message"] == [2, 3]
    assert frames[-1] == {"type": "resumed", "last_seq": 3, "more": False}
    await bob.disconnect()


async def test_controls_take_effect_on_every_client(cast, session):
    fran, hello = await join(cast.fran, session.id)
    assert hello["facilitator"]
    alice, _ = await join(cast.alice, session.id)
    await fran.send_json_to({"type": "control", "action": "pause"})
    state = (await frames_until(alice, "state"))[-1]
    assert state["paused"] is True
    await alice.send_json_to({"type": "send", "client_msg_id": "p", "text": "am I paused?"})
    assert (await frames_until(alice, "error"))[-1]["code"] == "paused"
    bob_member = await sync_to_async(Membership.objects.get)(group=cast.circle, user=cast.alice)
    await fran.send_json_to(
        {"type": "control", "action": "mute", "member": str(bob_member.id), "minutes": 5}
    )
    muted = (await frames_until(alice, "muted"))[-1]
    assert muted["until"]
    await fran.send_json_to({"type": "control", "action": "end"})
    assert (await frames_until(alice, "ended"))[-1] == {"type": "ended"}
    assert await alice.receive_output(timeout=5) == {"type": "websocket.close", "code": 4000}
    await fran.disconnect()


async def test_removed_participant_is_disconnected_and_cannot_rejoin(cast, session):
    fran, _ = await join(cast.fran, session.id)
    bob, _ = await join(cast.bob, session.id)
    bob_member = await sync_to_async(Membership.objects.get)(group=cast.circle, user=cast.bob)
    await fran.send_json_to({"type": "control", "action": "remove", "member": str(bob_member.id)})
    assert (await frames_until(bob, "removed"))[-1] == {"type": "removed"}
    assert await bob.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}
    _, connected, code = await connect(cast.bob, f"/ws/chat/{session.id}/")
    assert not connected and code == 4404
    await fran.disconnect()


async def test_removal_from_the_group_closes_the_chat_socket(cast, session):
    bob, _ = await join(cast.bob, session.id)
    bob_member = await sync_to_async(Membership.objects.get)(group=cast.circle, user=cast.bob)
    await sync_to_async(group_actions.check_remove_member)(
        cast.fran, cast.circle, bob_member, erase=False, reason="rule 4"
    )
    assert await bob.receive_output(timeout=10) == {"type": "websocket.close", "code": 4404}


async def test_a_revoked_sign_in_closes_on_the_next_frame(cast, session):
    alice, _ = await join(cast.alice, session.id)

    @sync_to_async
    def revoke():
        for account_session in AccountSession.objects.filter(user=cast.alice):
            account_actions.check_revoke_session(cast.alice, account_session)

    await revoke()
    output = await alice.receive_output(timeout=10)
    assert output == {"type": "websocket.close", "code": 4401}


async def test_high_risk_message_is_held_and_the_author_gets_support(cast, session):
    alice, _ = await join(cast.alice, session.id)
    bob, _ = await join(cast.bob, session.id)
    await alice.send_json_to(
        {"type": "send", "client_msg_id": "r", "text": "I want to kill myself tonight"}
    )
    frames = await frames_until(alice, "support")
    assert frames[-2]["status"] == "held" and frames[-1]["lines"]
    assert await bob.receive_nothing(timeout=0.5)
    await alice.disconnect()
    await bob.disconnect()


async def test_presence_is_announced_only_when_the_group_turns_it_on(cast, session, as_member):
    alice, _ = await join(cast.alice, session.id)
    bob, _ = await join(cast.bob, session.id)
    assert await alice.receive_nothing(timeout=0.3)  # off by default
    await bob.disconnect()

    @sync_to_async
    def turn_on():
        actions.check_save_chat_settings(as_member("fran"), presence=True, typing=True)

    await turn_on()
    bob, hello = await join(cast.bob, session.id)
    assert hello["presence"] and hello["typing"]
    assert (await frames_until(alice, "presence"))[-1] == {
        "type": "presence",
        "who": "bob",
        "here": True,
    }
    await bob.send_json_to({"type": "typing"})
    assert (await frames_until(alice, "typing"))[-1] == {"type": "typing", "who": "bob"}
    await bob.disconnect()
    assert (await frames_until(alice, "presence"))[-1]["here"] is False
    await alice.disconnect()
