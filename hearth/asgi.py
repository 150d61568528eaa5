"""ASGI entry point: HTTP through Django, WebSockets through Channels.

Start-up refuses to serve if the master key does not open this database's keys.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from hearth.accounts.websocket import SessionAuthMiddleware  # noqa: E402
from hearth.privacy.keys import verify_master_key  # noqa: E402
from hearth.routing import websocket_urlpatterns  # noqa: E402


def _verify_off_the_event_loop() -> None:
    """Check the master key on a plain thread: uvicorn workers import this module inside
    their event loop, where Django refuses database queries."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def verify() -> None:
        try:
            verify_master_key()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(verify).result()


_verify_off_the_event_loop()

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            SessionAuthMiddleware(URLRouter(websocket_urlpatterns))
        ),
    }
)
