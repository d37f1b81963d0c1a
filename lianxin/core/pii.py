"""Personal data: encryption at rest, keyed hashes for exact look-up, masking for display.

Phone and ID numbers are stored as Fernet tokens (AES-128-CBC + HMAC, from ``cryptography``);
``MultiFernet`` lets keys rotate. A keyed HMAC-SHA256 of the normalised value sits beside
each encrypted column so that "find the person with this phone number" is an indexed
equality, without the database ever holding the number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(value: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt a personal-data field: wrong FIELD_ENCRYPTION_KEYS?") from exc


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value, hex; '' for an empty value."""
    if not value:
        return ""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def normalise_phone(value: str) -> str:
    value = re.sub(r"[\s()]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    return value


def normalise_id_number(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def validate_phone(value: str) -> None:
    if value and not (PHONE_RE.match(value) or LANDLINE_RE.match(value)):
        raise ValidationError(_("Enter a valid phone number (11-digit mobile or landline)."), code="phone")


def id_number_is_valid(value: str) -> bool:
    """Mainland resident ID (GB 11643-1999): 18 characters and a matching check digit."""
    if not ID_RE.match(value):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def validate_id_number(value: str) -> None:
    if value and not id_number_is_valid(value):
        raise ValidationError(_("Enter a valid 18-character resident ID number."), code="id_number")


def mask_phone(value: str) -> str:
    """138****5678 for a mobile; keep area code and last 2 digits of a landline."""
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    return value[:4] + "*" * max(len(value) - 6, 2) + value[-2:]


def mask_id_number(value: str) -> str:
    """4101**********1234: first 4 and last 4 characters (GB/T 35273 display limit)."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


class EncryptedTextField(models.TextField):
    """A text column that holds a Fernet token; Python sees the plain value.

    Not filterable by value (tokens are randomised): filter on the keyed-hash column.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return ""
        return decrypt(value)

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        return encrypt(str(value))
