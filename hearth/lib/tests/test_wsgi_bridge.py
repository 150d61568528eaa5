import asyncio

import pytest
from asgiref.testing import ApplicationCommunicator

from hearth.lib.wsgi_bridge import WsgiBridge, environ_for

SCOPE = {
    "type": "http",
    "method": "POST",
    "path": "/groups/café/",
    "root_path": "",
    "query_string": b"q=walk&x=1",
    "http_version": "1.1",
    "scheme": "https",
    "server": ("hearth.example", 443),
    "client": ("203.0.113.9", 51000),
    "headers": [
        (b"host", b"hearth.example"),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"content-length", b"11"),
        (b"cookie", b"a=1"),
        (b"cookie", b"b=2"),
        (b"accept", b"text/html"),
        (b"accept", b"*/*"),
    ],
}


def echo(environ, start_response):
    """A WSGI app that answers with what it was given."""
    body = environ["wsgi.input"].read()
    seen = [
        environ["REQUEST_METHOD"],
        environ["PATH_INFO"].encode("latin-1").decode("utf-8"),
        environ["QUERY_STRING"],
        environ["wsgi.url_scheme"],
        environ["REMOTE_ADDR"],
        environ["CONTENT_TYPE"],
        environ["CONTENT_LENGTH"],
        environ["HTTP_COOKIE"],
        environ["HTTP_ACCEPT"],
        body.decode(),
    ]
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-Seen", "yes")])
    return [part.encode() + b"\n" for part in seen]


def run(app, scope, *messages):
    async def go():
        communicator = ApplicationCommunicator(app, scope)
        for message in messages:
            await communicator.send_input(message)
        start = await communicator.receive_output(5)
        body = await communicator.receive_output(5)
        return start, body

    return asyncio.run(go())


def test_a_request_reaches_the_wsgi_app_whole_and_its_answer_comes_back():
    start, body = run(
        WsgiBridge(echo, threads=2),
        SCOPE,
        {"type": "http.request", "body": b"name=", "more_body": True},
        {"type": "http.request", "body": b"walking"},
    )
    assert start["status"] == 201
    assert (b"x-seen", b"yes") in start["headers"]
    assert body["body"].decode().splitlines() == [
        "POST",
        "/groups/café/",
        "q=walk&x=1",
        "https",
        "203.0.113.9",
        "application/x-www-form-urlencoded",
        "11",
        "a=1; b=2",
        "text/html,*/*",
        "name=walking",
    ]


def test_the_response_is_closed_after_it_was_read():
    closed = []

    class Result(list):
        def close(self):
            closed.append(True)

    def app(environ, start_response):
        start_response("200 OK", [])
        return Result([b"done"])

    _, body = run(WsgiBridge(app, threads=1), SCOPE, {"type": "http.request", "body": b""})
    assert body["body"] == b"done" and closed == [True]


def test_a_large_body_spills_to_a_file_and_arrives_intact():
    big = b"x" * 200_000

    def app(environ, start_response):
        start_response("200 OK", [])
        return [str(len(environ["wsgi.input"].read())).encode()]

    _, body = run(WsgiBridge(app, threads=1), SCOPE, {"type": "http.request", "body": big})
    assert body["body"] == b"200000"


def test_a_client_that_leaves_before_its_body_gets_no_answer_and_the_app_never_runs():
    ran = []

    def app(environ, start_response):
        ran.append(True)
        start_response("200 OK", [])
        return [b""]

    async def go():
        communicator = ApplicationCommunicator(WsgiBridge(app, threads=1), SCOPE)
        await communicator.send_input({"type": "http.disconnect"})
        await communicator.wait(5)
        assert await communicator.receive_nothing()

    asyncio.run(go())
    assert ran == []


def test_the_bridge_refuses_websocket_scopes():
    with pytest.raises(ValueError, match="HTTP only"):
        asyncio.run(WsgiBridge(echo, threads=1)({"type": "websocket"}, None, None))


def test_an_environ_without_a_client_has_no_remote_address():
    environ = environ_for({**SCOPE, "client": None}, None)
    assert "REMOTE_ADDR" not in environ
    assert environ["SERVER_NAME"] == "hearth.example" and environ["SERVER_PORT"] == "443"


def test_a_chunked_body_without_content_length_is_given_its_length():
    def app(environ, start_response):
        start_response("200 OK", [])
        return [environ["CONTENT_LENGTH"].encode(), b" ", environ["wsgi.input"].read()]

    chunked = {**SCOPE, "headers": [h for h in SCOPE["headers"] if h[0] != b"content-length"]}
    _, body = run(
        WsgiBridge(app, threads=1),
        chunked,
        {"type": "http.request", "body": b"a=1&", "more_body": True},
        {"type": "http.request", "body": b"b=2"},
    )
    assert body["body"] == b"7 a=1&b=2"
