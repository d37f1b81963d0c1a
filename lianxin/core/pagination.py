"""The API's one way of paging lists: django-ninja's limit/offset, bounded, so a client's huge
``?limit=`` or ``?offset=`` is a 422 rather than a number the database cannot take."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 10**9


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
