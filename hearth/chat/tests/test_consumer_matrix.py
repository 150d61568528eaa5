"""Every chat frame type × the whole cast, through the real socket.

Outsiders never get a socket: they are refused with exactly the close code of a room that does
not exist, so no frame of theirs is ever read. Everyone inside gets the answer their role allows.
"""

import pytest

from hearth.lib.testing.sockets import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

OUTSIDERS = ("charlie", "olga", "rita", "gina", None)
FRAMES = {
    "send": {"type": "send", "client_msg_id": "m1", "text": "Hello, everyone"},
    "resume": {"type": "resume", "last_seq": 0},
    "typing": {"type": "typing"},
    "control": {"type": "control", "action": "slow_mode", "seconds": 5},
    "ping": {"type": "ping"},
}
# What each person inside the room gets back first, per frame: a frame type, or an error code.
EXPECT = {
    "alice": {"send": "ack", "resume": "resumed", "typing": "off", "control": "refused",
              "ping": "pong"},
    "fran": {"send": "ack", "resume": "resumed", "typing": "off", "control": "state",
             "ping": "pong"},
    # An admin outside the group may watch and run the room, but not write in it.
    "ada": {"send": "not_member", "resume": "resumed", "typing": "off", "control": "state",
            "ping": "pong"},
}  # fmt: skip


@pytest.fixture(autouse=True)
def _asgi_loaded(transactional_db):
    import hearth.asgi  # noqa: F401


def _outcome(frame: dict) -> str:
    return frame["code"] if frame["type"] == "error" else frame["type"]


@pytest.mark.parametrize("frame", sorted(FRAMES))
@pytest.mark.parametrize("name", sorted(EXPECT))
async def test_insiders_get_what_their_role_allows(cast, session, name, frame):
    socket, connected, code = await connect(getattr(cast, name), f"/ws/chat/{session.id}/")
    assert connected, code
    assert (await socket.receive_json_from(timeout=5))["type"] == "hello"
    await socket.send_json_to(FRAMES[frame])
    reply = await socket.receive_json_from(timeout=5)
    while reply["type"] == "message":  # the room's echo of a send may come before its ack
        reply = await socket.receive_json_from(timeout=5)
    assert _outcome(reply) == EXPECT[name][frame]
    await socket.disconnect()


@pytest.mark.parametrize("name", OUTSIDERS)
async def test_outsiders_get_the_close_code_of_a_missing_room(cast, session, name):
    user = getattr(cast, name) if name else None
    _, connected, code = await connect(user, f"/ws/chat/{session.id}/")
    _, missing_connected, missing_code = await connect(
        user, "/ws/chat/00000000-0000-0000-0000-000000000000/"
    )
    assert (connected, code) == (missing_connected, missing_code) == (False, 4404)
