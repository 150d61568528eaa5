import os

import pytest
from django.db import connection

from hearth.lib.env import ConfigError
from hearth.privacy import keys
from hearth.privacy.crypto import SealError
from hearth.privacy.models import DataKey
from hearth.privacy.sealing import open_text, seal_text

pytestmark = pytest.mark.django_db


def test_data_keys_are_stored_wrapped_never_in_plaintext():
    version, key = keys.active_key("group:g1")
    row = DataKey.objects.get(scope="group:g1")
    assert version == 1 and len(key) == 32
    assert key not in bytes(row.wrapped)


def test_rotation_seals_with_the_new_version_and_still_opens_old_values():
    old = seal_text("group:g1", "t", "f", "r", "before rotation")
    assert keys.rotate("group:g1") == 2
    new = seal_text("group:g1", "t", "f", "r", "after rotation")
    assert open_text("group:g1", "t", "f", "r", old) == "before rotation"
    assert open_text("group:g1", "t", "f", "r", new) == "after rotation"
    assert new[1:5] == (2).to_bytes(4, "big")


def test_shredding_makes_sealed_values_unreadable_and_is_recorded_in_the_ledger(settings):
    sealed = seal_text("account:a1", "t", "f", "r", "erase me")
    keys.shred("account:a1")
    assert not DataKey.objects.filter(scope="account:a1").exists()
    with pytest.raises(keys.KeyShredded):
        open_text("account:a1", "t", "f", "r", sealed)
    with pytest.raises(keys.KeyShredded):
        keys.active_key("account:a1")
    assert "account:a1" in settings.HEARTH_SHRED_LEDGER.read_text()


def test_reapplying_the_ledger_after_a_restore_removes_shredded_keys_again():
    keys.active_key("account:gone")
    wrapped = DataKey.objects.get(scope="account:gone")
    keys.shred("account:gone")
    # Simulate restoring an old backup that still has the key.
    DataKey.objects.create(scope="account:gone", version=1, wrapped=bytes(wrapped.wrapped))
    assert keys.reapply_shred_ledger() == 1
    assert not DataKey.objects.filter(scope="account:gone").exists()


def test_wrong_master_key_stops_with_a_message_naming_the_variable(settings):
    keys.verify_master_key()
    keys.active_key("group:g1")
    settings.HEARTH_MASTER_KEY = os.urandom(32)
    keys.clear_cache()
    with pytest.raises(ConfigError, match="HEARTH_MASTER_KEY"):
        keys.verify_master_key()
    with pytest.raises(ConfigError, match="HEARTH_MASTER_KEY"):
        keys.active_key("group:g1")


def test_rewrapping_moves_every_key_to_a_new_master_key(settings):
    sealed = seal_text("group:g1", "t", "f", "r", "still readable")
    new_master = os.urandom(32)
    assert keys.rewrap_all(settings.HEARTH_MASTER_KEY, new_master) >= 1
    settings.HEARTH_MASTER_KEY = new_master
    keys.clear_cache()
    assert open_text("group:g1", "t", "f", "r", sealed) == "still readable"


def test_blind_tokens_are_stable_keyed_and_reveal_nothing():
    token = keys.blind_token("pseudonym", "alice")
    assert token == keys.blind_token("pseudonym", "alice")
    assert token != keys.blind_token("pseudonym", "alicf")
    assert token != keys.blind_token("other", "alice")
    assert "alice" not in token


def test_sealed_value_in_a_real_table_does_not_contain_the_plaintext():
    sealed = seal_text("group:g1", "t", "f", "r", "canary-crypto-7731")
    with connection.cursor() as cursor:
        cursor.execute("SELECT wrapped FROM privacy_datakey")
        assert all(b"canary-crypto-7731" not in bytes(row[0]) for row in cursor.fetchall())
    assert b"canary-crypto-7731" not in sealed
    with pytest.raises(SealError):
        open_text("group:g1", "t", "f", "other-row", sealed)
