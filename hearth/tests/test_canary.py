"""Canary test: unique strings written as pseudonyms and secrets through the real pages and
API must never be found in plaintext in the database files, a PostgreSQL dump, Redis or logs.
"""

from __future__ import annotations

import io
import logging
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from hearth.lib.logging import JsonFormatter, RedactFilter

pytestmark = pytest.mark.django_db(transaction=True)
PHRASE = "lanterns drifting over the harbour"


@pytest.fixture
def log_output():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def _database_bytes() -> bytes:
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        return b"".join(
            p.read_bytes() for p in (name, Path(f"{name}-wal"), Path(f"{name}-shm")) if p.exists()
        )
    params = connection.get_connection_params()
    dump = subprocess.run(
        [
            shutil.which("pg_dump") or "pg_dump",
            "--data-only",
            "-h",
            params.get("host", "127.0.0.1"),
            "-p",
            str(params.get("port", 5432)),
            "-U",
            params.get("user", "postgres"),
            params["dbname"],
        ],
        capture_output=True,
        check=True,
    )
    return dump.stdout


def _redis_bytes() -> bytes:
    if not settings.REDIS_URL:
        return b""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    chunks = []
    for key in client.scan_iter(count=1000):
        chunks.append(key)
        dumped = client.dump(key)
        if dumped:
            chunks.append(dumped)
    return b"".join(chunks)


def test_pseudonyms_and_secrets_never_reach_storage_or_logs_in_plaintext(log_output):
    from hearth.accounts.models import Organisation

    Organisation.objects.create(name="Canary Programme")
    pseudonym = f"canary{secrets.token_hex(6)}"
    browser = Client()
    created = browser.post(
        "/account/sign-up/",
        {
            "pseudonym": pseudonym,
            "passphrase": PHRASE,
            "repeat": PHRASE,
            "understood": "on",
        },
    )
    assert created.status_code == 200
    codes = [c.split("</code>")[0] for c in created.content.decode().split("<code>")[1:]]
    # A failed sign-in and a 404 whose path carries the canary: both are logged.
    Client().post(
        "/account/sign-in/", {"pseudonym": pseudonym, "passphrase": "wrong words here now"}
    )
    browser.get(f"/nowhere/{pseudonym}/")
    token = (
        Client()
        .post(
            "/api/auth/token",
            {"pseudonym": pseudonym, "passphrase": PHRASE},
            content_type="application/json",
        )
        .json()["token"]
    )
    assert (
        Client().get("/api/me", headers={"authorization": f"Bearer {token}"}).json()["pseudonym"]
        == pseudonym
    )
    page = browser.get("/account/two-factor/").content.decode()
    totp_secret = page.split("data-totp-secret>")[1].split("<")[0].replace(" ", "")
    secrets_written = [pseudonym, totp_secret, token, PHRASE, *codes]
    for place, data in (
        ("database", _database_bytes()),
        ("redis", _redis_bytes()),
        ("logs", log_output.getvalue().encode()),
    ):
        for canary in secrets_written:
            assert canary.encode() not in data, f"{canary[:6]}… found in {place}"
            assert canary.lower().encode() not in data.lower(), f"{canary[:6]}… found in {place}"
    assert "http 404" in log_output.getvalue()


def _canary(label: str) -> str:
    """A unique lowercase word (letters only, so no screening rule mistakes it for a number)."""
    return f"canary{label}" + "".join(secrets.choice("bcdfghjkmnpqrstvwxz") for _ in range(14))


def test_forum_words_and_searches_never_reach_storage_or_logs_in_plaintext(log_output):
    from hearth.forum import actions, actions_extras
    from hearth.forum.actions import Draft, PollDraft
    from hearth.forum.models import Post, Visibility
    from hearth.groups.access import access_group
    from hearth.lib.testing.cast import make_cast, sign_in

    cast = make_cast()
    title, body, note = _canary("title"), _canary("body"), _canary("note")
    question, option = _canary("question"), _canary("option")
    reply, resource_note, query = _canary("reply"), _canary("resource"), _canary("query")

    alice = access_group(cast.alice, cast.circle.id)
    started = actions.check_start_thread(
        alice,
        f"Evenings {title}",
        Draft(body=f"I sat by the window with {body} tonight.", custom_note=note),
        PollDraft(question=f"Which {question} helps?", options=[f"A {option}", "A walk"]),
    )
    assert started.post.visibility == Visibility.PUBLISHED
    thread = started.post.thread
    answered = actions.check_post_reply(
        access_group(cast.bob, cast.circle.id), thread, Draft(body=f"Me too, {reply} helps.")
    )
    assert answered.post.visibility == Visibility.PUBLISHED
    actions_extras.check_add_resource(
        access_group(cast.fran, cast.circle.id),
        actions_extras.ResourceDraft(
            kind="note", category="Reading", title="A note", note=f"Try {resource_note} first."
        ),
    )
    assert Post.objects.filter(thread=thread).count() == 2

    # Searches through the real page: one finds the post by its word, one finds nothing, and a
    # query too long to take is refused (a 4xx the request logger records).
    browser = Client()
    sign_in(browser, cast.bob)
    found = browser.get("/search/", {"q": body})
    assert found.status_code == 200
    assert f"/forum/{thread.id}/" in found.content.decode()
    assert browser.get("/search/", {"q": query}).status_code == 200
    assert browser.get("/search/", {"q": f"{query} " + "x" * 200}).status_code == 400
    page = browser.get(f"/groups/{cast.circle.id}/forum/{thread.id}/").content.decode()
    assert title in page and question in page and option in page and reply in page

    written = [title, body, note, question, option, reply, resource_note, query]
    for place, data in (
        ("database", _database_bytes()),
        ("redis", _redis_bytes()),
        ("logs", log_output.getvalue().encode()),
    ):
        for canary in written:
            assert canary.encode() not in data, f"{canary[:12]}… found in {place}"
            assert canary.upper().encode() not in data.upper(), f"{canary[:12]}… found in {place}"
    assert "http 400" in log_output.getvalue()


def test_chat_messages_never_reach_storage_redis_or_logs_in_plaintext(log_output):
    """A chat message travels through the channel layer; with Redis, watch every channel."""
    from datetime import timedelta

    from django.utils import timezone

    from hearth.chat import actions
    from hearth.chat.actions import Schedule
    from hearth.groups.access import access_group
    from hearth.lib.testing.cast import make_cast

    cast = make_cast()
    cast.circle.has_chat = True
    cast.circle.save()
    fran = access_group(cast.fran, cast.circle.id)
    (session,) = actions.check_schedule_sessions(
        fran, Schedule("Evening", timezone.now() + timedelta(minutes=5))
    )
    actions.check_open_session(fran, session)
    watcher = None
    if settings.REDIS_URL:
        import redis

        watcher = redis.Redis.from_url(settings.REDIS_URL).pubsub()
        watcher.psubscribe("*")
        watcher.get_message(timeout=1)  # the subscription confirmation
    words = _canary("chat")
    sent = actions.check_send_message(
        access_group(cast.alice, cast.circle.id), session, "c1", f"Tonight {words} helped."
    )
    assert sent.message.visibility == "published"
    published = b""
    if watcher is not None:
        while (message := watcher.get_message(timeout=1)) is not None:
            published += bytes(message["data"]) if isinstance(message["data"], bytes) else b""
        assert published, "the message was broadcast through Redis"
    for place, data in (
        ("database", _database_bytes()),
        ("redis", _redis_bytes() + published),
        ("logs", log_output.getvalue().encode()),
    ):
        assert words.encode() not in data, f"chat canary found in {place}"
