"""Seal and open text for a place (scope, table, field, row)."""

from __future__ import annotations

from hearth.privacy import crypto, keys


def seal_text(scope: str, table: str, field: str, row: str, text: str) -> bytes:
    """Return `text` sealed under the scope's active key and bound to its place."""
    version, key = keys.active_key(scope)
    aad = crypto.associated_data(scope, table, field, row)
    return crypto.seal_bytes(key, version, text.encode("utf-8"), aad)


def open_text(scope: str, table: str, field: str, row: str, sealed: bytes) -> str:
    """Return the text of a sealed value, raising SealError or KeyShredded if it cannot open."""
    key = keys.key_for(scope, crypto.key_version(sealed))
    aad = crypto.associated_data(scope, table, field, row)
    return crypto.open_bytes(key, sealed, aad).decode("utf-8")
