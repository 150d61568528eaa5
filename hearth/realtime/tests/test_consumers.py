"""The notification socket: who may connect, frame checks, and closing on session end."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from hearth.accounts import actions
from hearth.lib.testing.cast import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture(autouse=True)
def _asgi_loaded(transactional_db):
    # Imported here, in sync code with a database: start-up checks the master key.
    import hearth.asgi  # noqa: F401


async def _connect(cookie: str | None, origin=ORIGIN):
    headers = [origin, (b"host", b"127.0.0.1")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    from hearth.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@sync_to_async
def _signed_in_cookie(user, **kwargs):
    client = Client()
    account_session = sign_in(client, user, **kwargs)
    return client.cookies[settings.SESSION_COOKIE_NAME].value, account_session


async def test_signed_in_member_connects_and_pings(cast):
    cookie, _ = await _signed_in_cookie(cast.alice)
    communicator, connected, _ = await _connect(cookie)
    assert connected
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=10) == {"type": "pong"}
    await communicator.disconnect()


async def test_anonymous_and_unverified_staff_are_refused_as_not_found(cast):
    communicator, connected, code = await _connect(None)
    assert not connected and code == 4404
    cookie, _ = await _signed_in_cookie(cast.fran, verified=False)
    communicator, connected, code = await _connect(cookie)
    assert not connected and code == 4404


async def test_foreign_origin_is_refused(cast):
    cookie, _ = await _signed_in_cookie(cast.alice)
    communicator, connected, _ = await _connect(cookie, origin=(b"origin", b"https://evil.example"))
    assert not connected


async def test_bad_frames_get_clear_errors_and_the_socket_stays_up(cast):
    cookie, _ = await _signed_in_cookie(cast.alice)
    communicator, connected, _ = await _connect(cookie)
    for frame in ["not json", "[1,2]", '{"no": "type"}', "x" * 20000]:
        await communicator.send_to(text_data=frame)
        reply = await communicator.receive_json_from(timeout=10)
        assert reply["type"] == "error" and reply["message"]
    await communicator.send_json_to({"type": "launch-missiles"})
    assert (await communicator.receive_json_from(timeout=10))["code"] == "unknown_type"
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await communicator.receive_json_from(timeout=10))["code"] == "bad_frame"
    await communicator.disconnect()


async def test_revoking_the_session_closes_its_socket(cast):
    cookie, account_session = await _signed_in_cookie(cast.alice)
    communicator, connected, _ = await _connect(cookie)
    assert connected
    await sync_to_async(actions.do_end_session)(account_session, "revoked")
    output = await communicator.receive_output(timeout=10)
    assert output == {"type": "websocket.close", "code": 4401}


async def test_a_frame_after_revocation_is_refused_even_if_the_event_was_missed(cast):
    from django.utils import timezone

    from hearth.accounts.models import AccountSession

    cookie, account_session = await _signed_in_cookie(cast.alice)
    communicator, connected, _ = await _connect(cookie)
    # End the session behind the event system's back: the per-frame check must still catch it.
    await sync_to_async(AccountSession.objects.filter(id=account_session.id).update)(
        ended_at=timezone.now()
    )
    await communicator.send_json_to({"type": "ping"})
    output = await communicator.receive_output(timeout=10)
    assert output == {"type": "websocket.close", "code": 4401}
