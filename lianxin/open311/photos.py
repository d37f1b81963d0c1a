"""Signed, expiring links to a request's first photo, so that a client can show it without
the photo being public: the link names the case and photo and stops working after a day."""

from __future__ import annotations

from django.core import signing

SALT = "lianxin.open311.photo"
MAX_AGE = 24 * 3600  # seconds


def photo_token(*, case_id: int, photo_id: int) -> str:
    return signing.dumps([case_id, photo_id], salt=SALT)


def photo_from_token(token: str) -> tuple[int, int]:
    """(case id, photo id); BadSignature (or SignatureExpired) for a forged or stale link."""
    value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise signing.BadSignature("not a photo link")
    return value[0], value[1]
