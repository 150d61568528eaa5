"""Two servers with nothing of Hearth in them, for bench/stack_floor.py.

`asgi`: an ASGI application that answers "ok" by itself (uvicorn's own floor).
`django`: Django with no middleware, no database and one view answering "ok", served through
Hearth's WSGI bridge as hearth/asgi.py serves Hearth (the framework's floor).
"""

from __future__ import annotations

from typing import Any

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    SECRET_KEY="bench-only-" + "x" * 40,
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from hearth.lib.wsgi_bridge import WsgiBridge  # noqa: E402


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("healthz", ok)]
django_app = WsgiBridge(get_wsgi_application(), threads=4)


async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": b"ok"})
