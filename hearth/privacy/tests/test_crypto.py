import os

import pytest

from hearth.privacy.crypto import SealError, associated_data, key_version, open_bytes, seal_bytes

KEY = os.urandom(32)
AAD = associated_data("group:1", "forum_post", "body", "row-1")


def test_seal_round_trips_and_never_contains_plaintext():
    sealed = seal_bytes(KEY, 3, b"my secret words", AAD)
    assert b"my secret words" not in sealed
    assert key_version(sealed) == 3
    assert open_bytes(KEY, sealed, AAD) == b"my secret words"


def test_sealing_twice_gives_different_ciphertexts():
    assert seal_bytes(KEY, 1, b"same", AAD) != seal_bytes(KEY, 1, b"same", AAD)


@pytest.mark.parametrize(
    "place",
    [
        ("group:2", "forum_post", "body", "row-1"),
        ("group:1", "chat_message", "body", "row-1"),
        ("group:1", "forum_post", "title", "row-1"),
        ("group:1", "forum_post", "body", "row-2"),
    ],
)
def test_ciphertext_moved_to_another_place_does_not_open(place):
    sealed = seal_bytes(KEY, 1, b"text", AAD)
    with pytest.raises(SealError):
        open_bytes(KEY, sealed, associated_data(*place))


def test_tampered_or_truncated_ciphertext_is_refused():
    sealed = bytearray(seal_bytes(KEY, 1, b"text", AAD))
    sealed[-1] ^= 1
    with pytest.raises(SealError):
        open_bytes(KEY, bytes(sealed), AAD)
    with pytest.raises(SealError):
        open_bytes(KEY, b"\x01\x00", AAD)


def test_wrong_key_is_refused():
    sealed = seal_bytes(KEY, 1, b"text", AAD)
    with pytest.raises(SealError):
        open_bytes(os.urandom(32), sealed, AAD)
