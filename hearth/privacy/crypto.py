"""AES-256-GCM sealing with associated data.

Every ciphertext is bound to where it lives (key scope, table, field and row) through GCM's
associated data, so a ciphertext copied into another row, field or group fails to open instead
of showing the wrong content.

Format of a sealed value: b"\\x01" | key version (4 bytes, big-endian) | nonce (12) | ciphertext+tag.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = 1
_HEADER = struct.Struct(">BI")
NONCE_BYTES = 12


class SealError(Exception):
    """Raised when a sealed value cannot be opened (wrong key, wrong place or tampered)."""


def associated_data(scope: str, table: str, field: str, row: str) -> bytes:
    """Return the associated data that binds a ciphertext to its place."""
    return "\x1f".join((scope, table, field, row)).encode()


def seal_bytes(key: bytes, version: int, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt `plaintext` under `key` (32 bytes) with a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return _HEADER.pack(FORMAT, version) + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def key_version(sealed: bytes) -> int:
    """Return the data-key version a sealed value was made with."""
    if len(sealed) < _HEADER.size + NONCE_BYTES + 16:
        raise SealError("sealed value is too short")
    fmt, version = _HEADER.unpack_from(sealed)
    if fmt != FORMAT:
        raise SealError(f"unknown sealed format {fmt}")
    return version


def open_bytes(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Decrypt a value made by `seal_bytes`, raising SealError if anything does not match."""
    key_version(sealed)
    start = _HEADER.size
    nonce = sealed[start : start + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[start + NONCE_BYTES :], aad)
    except InvalidTag:
        raise SealError("sealed value does not open with this key in this place") from None
