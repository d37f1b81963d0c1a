"""One number that changes whenever records change, so cached figures know they are stale.

``audit_record`` (called by every service write) bumps it when the transaction commits. Caches
key on it; with a shared cache (Redis) a write is seen at once by every process, with the
default per-process cache within the cache's time-out.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

KEY = "lianxin:datastamp"


def current() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY, 1)
    return int(value)


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(KEY, current() + 1, timeout=None)


def bump() -> None:
    """Mark the records changed, once the current transaction (if any) commits."""
    transaction.on_commit(_bump)
