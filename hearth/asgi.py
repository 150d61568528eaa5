"""ASGI entry point: HTTP through Django (over a WSGI bridge), WebSockets through Channels.

Start-up refuses to serve if the master key does not open this database's keys.
"""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

from hearth.lib.wsgi_bridge import WsgiBridge  # noqa: E402

# Django's views are synchronous: each request runs whole on one of these threads
# (hearth/lib/wsgi_bridge.py says why, with figures). More threads add nothing to CPU-bound
# pages under the GIL; a few let one request wait on the database while another runs.
HTTP_THREADS = 4
django_application = WsgiBridge(get_wsgi_application(), threads=HTTP_THREADS)

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

# Everything loaded so far lives as long as the process: freezing it keeps the collector from
# walking it again on each full collection (about 1 ms of a thread page's CPU, measured with
# gc.callbacks in-process).
gc.freeze()

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            SessionAuthMiddleware(URLRouter(websocket_urlpatterns))
        ),
    }
)
