"""Materialised-path helpers shared by every app that filters by a subtree.

Node paths are fixed-width segments of decimal digits (``0001``, ``00010003`` …), so a
subtree is one half-open range ``[path, next(path))`` on an indexed column. A range
compares the same under SQLite's binary collation and any PostgreSQL collation (digits
sort the same everywhere), so the query is one index range scan on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

STEPLEN = 4
ALPHABET = "0123456789"


def path_upper_bound(path: str) -> str | None:
    """The smallest string above every path that starts with ``path``; None if there is none.

    Trailing 9s are dropped and the last digit left is raised by one: the bound of
    ``00010003`` is ``00010004``, and of ``00019999`` it is ``0002``, which sorts after every
    descendant of ``00019999`` and before the parent's next sibling ``0002`` and its subtree.
    """
    if not path or not path.isdigit():
        raise ValueError(f"not a node path: {path!r}")
    stem = path.rstrip("9")
    if not stem:
        return None
    return stem[:-1] + str(int(stem[-1]) + 1)


def subtree_q(path: str, field: str = "path") -> Q:
    """Q selecting ``path`` and every node below it, as an index range."""
    upper = path_upper_bound(path)
    q = Q(**{f"{field}__gte": path})
    if upper is not None:
        q &= Q(**{f"{field}__lt": upper})
    return q


def collapse_paths(paths: Iterable[str]) -> list[str]:
    """Drop every path that lies inside another one of the list (its range is covered)."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def any_subtree_q(paths: Iterable[str], field: str = "path") -> Q | None:
    """Q for the union of the subtrees; None when ``paths`` is empty (nothing in scope)."""
    q: Q | None = None
    for path in collapse_paths(paths):
        part = subtree_q(path, field)
        q = part if q is None else q | part
    return q


def ancestor_paths(path: str) -> list[str]:
    """Paths of every ancestor of ``path`` and the path itself, root first."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]
