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
