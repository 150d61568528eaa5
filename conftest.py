"""Fixtures shared by every test: the cast, signed-in clients and fast Argon2."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from hearth.lib.testing.cast import Cast, make_cast, sign_in
from hearth.privacy import keys


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = [
        "hearth.lib.testing.hashers.FastArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.HEARTH_SHRED_LEDGER = tmp_path / "shred-ledger"
    settings.HEARTH_AUDIT_ANCHORS = tmp_path / "audit-anchors"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns on every request when the collected-static folder does not exist yet.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    keys.clear_cache()
    cache.clear()
    # A view may activate the signed-in person's language; never let it leak into the next test.
    translation.activate("en")
    yield
    keys.clear_cache()
    translation.deactivate()


def _uses_database(request) -> tuple[bool, bool]:
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in names
    return bool(marker) or bool(names & {"db", "cast", "transactional_db"}), transactional


@pytest.fixture(autouse=True)
def _audit_log_lock(request, django_db_blocker):
    """Keep the audit log's append-only triggers armed, except while a transactional test's
    tables are emptied afterwards (see audit migration 0002)."""
    uses_db, transactional = _uses_database(request)
    if not uses_db:
        yield
        return
    request.getfixturevalue("django_db_setup")
    if transactional:
        request.getfixturevalue("_django_db_helper")
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_unlock")
    yield
    if transactional:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO audit_unlock (id) VALUES (1)")


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def signed_in(client):
    """Return a function that signs a cast member in on the test client."""

    def _sign_in(user, **kwargs):
        sign_in(client, user, **kwargs)
        return client

    return _sign_in


def pytest_collection_modifyitems(config, items):
    """Deselect tests marked `scale_out` unless PostgreSQL and Redis are configured.

    They start several real servers on a shared PostgreSQL database and Redis; on the embedded
    default there is nothing for them to test, so they are left out rather than skipped.
    """
    import os

    configured = os.environ.get("HEARTH_DATABASE_URL", "").startswith("postgres") and bool(
        os.environ.get("HEARTH_REDIS_URL")
    )
    if configured:
        return
    left_out = [item for item in items if item.get_closest_marker("scale_out")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("scale_out")]
