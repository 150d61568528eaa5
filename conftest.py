"""Fixtures shared by every test: the cast, signed-in clients and fast Argon2."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from hearth.lib.testing.cast import Cast, make_cast, sign_in
from hearth.privacy import keys


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["hearth.lib.testing.hashers.FastArgon2PasswordHasher"]
    settings.HEARTH_SHRED_LEDGER = tmp_path / "shred-ledger"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    keys.clear_cache()
    cache.clear()
    yield
    keys.clear_cache()


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
