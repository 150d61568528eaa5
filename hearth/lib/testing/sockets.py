"""Open a real WebSocket to the ASGI application as a signed-in member of the cast."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from hearth.lib.testing.cast import sign_in


async def connect(
    user: Any, path: str, *, origin: bytes | None = b"http://127.0.0.1"
) -> tuple[WebsocketCommunicator, bool, int | None]:
    """Return (communicator, connected, close code) for `user` (None: anonymous) at `path`."""
    from hearth.asgi import application

    @sync_to_async
    def cookie() -> str:
        client = Client()
        sign_in(client, user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    headers = [(b"host", b"127.0.0.1")]
    if origin is not None:
        headers.append((b"origin", origin))
    if user is not None:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={await cookie()}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code
