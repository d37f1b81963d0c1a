"""API keys: random, shown once, kept only as a keyed hash (the same HMAC as phone look-ups)."""

from __future__ import annotations

import secrets

from lianxin.core.pii import keyed_hash

KEY_BYTES = 32  # 43 characters once encoded
PREFIX_LENGTH = 8  # the part shown in lists, to tell keys apart


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    """The keyed hash stored for ``key``; its own domain, so it never equals a phone's hash."""
    return keyed_hash(f"open311-key:{key}")


def key_prefix(key: str) -> str:
    return key[:PREFIX_LENGTH]
