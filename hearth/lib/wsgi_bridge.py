"""Serve HTTP through Django's WSGI handler on a small thread pool, under the ASGI server.

Why not Django's ASGI handler: every view and most middleware here are synchronous, so under
ASGI each request crosses between the event loop and threads several times (a sync-only
middleware deep in the stack makes Django wrap the inner handler with async_to_sync, and the view
then hops to a thread again). Measured with bench/thread_page.py: /healthz cost 8.2 ms of CPU
per request through Django's ASGI handler and 2.9 ms through this bridge; a2wsgi's general
WSGI-to-ASGI adapter (streaming each chunk back through the loop) cost 4.5–4.9 ms. Here a
request crosses once: the body is read on the loop, the whole Django request runs in one
thread, and the finished response is sent from the loop.

Responses are buffered whole, which suits every page and download Hearth serves (the largest
is a resource document, a few megabytes). WebSockets stay on Channels (hearth/asgi.py).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import Any

Scope = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[dict[str, Any]], Any]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Bodies above this spill to a temporary file, as in Django's own ASGI handler.
_SPOOL_BYTES = 64 * 1024


class WsgiBridge:
    """An ASGI application for HTTP scopes that runs `wsgi_app` on `threads` threads."""

    def __init__(self, wsgi_app: WsgiApp, threads: int) -> None:
        self._app = wsgi_app
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise ValueError(f"the WSGI bridge serves HTTP only, not {scope['type']!r}")
        body = SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 (closed below)
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left before sending its body: nothing to answer
                body.write(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            size = body.tell()
            body.seek(0)
            environ = environ_for(scope, body)
            if size and "CONTENT_LENGTH" not in environ:
                # A chunked upload has no Content-Length; WSGI apps read only as many bytes.
                environ["CONTENT_LENGTH"] = str(size)
            loop = asyncio.get_running_loop()
            status, headers, content = await loop.run_in_executor(
                self._pool, self._respond, environ
            )
        finally:
            body.close()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _respond(self, environ: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Run the WSGI application to completion in this thread; return the whole response."""
        started: list[tuple[int, list[tuple[bytes, bytes]]]] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            started[:] = [
                (
                    int(status.split(" ", 1)[0]),
                    [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
                )
            ]

        result = self._app(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            # Django sends request_finished here: database connections go back to the pool.
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = started[0]
        return status, headers, content


def environ_for(scope: Scope, body: Any) -> dict[str, Any]:
    """Build the WSGI environ of an ASGI HTTP scope (PEP 3333; ASGI spec, "WSGI compatibility")."""
    server_name, server_port = scope.get("server") or ("localhost", 80)
    client = scope.get("client")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": server_name,
        "SERVER_PORT": str(server_port),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if client:
        # Only for rate limits by source; nothing logs or stores it (docs/threat-model.md).
        environ["REMOTE_ADDR"] = client[0]
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        key = name if name in ("CONTENT_LENGTH", "CONTENT_TYPE") else f"HTTP_{name}"
        value = raw_value.decode("latin-1")
        # Repeated headers join with commas (RFC 9110), cookies with semicolons.
        if key in environ:
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ",") + value
        environ[key] = value
    return environ
