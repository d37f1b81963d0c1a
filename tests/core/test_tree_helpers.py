"""Materialised-path helpers: a subtree is the range [path, upper bound)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q
from hypothesis import example, given
from hypothesis import strategies as st

from lianxin.core.tree import (
    STEPLEN,
    ancestor_paths,
    any_subtree_q,
    collapse_paths,
    path_upper_bound,
    subtree_q,
)
from lianxin.orgs.models import OrgNode

# Segments as integers so that the edges (0000, 9999) come up often.
segment = st.integers(min_value=0, max_value=10**STEPLEN - 1).map(lambda n: f"{n:0{STEPLEN}d}")
path = st.lists(segment, min_size=1, max_size=5).map("".join)
# Paths of a last child (…9999), the edge case of the range arithmetic.
edge_path = st.one_of(path, path.map(lambda p: p + "9999"))


def in_range(candidate: str, top: str) -> bool:
    """The range test the database runs for ``subtree_q(top)``, done with Python strings."""
    upper = path_upper_bound(top)
    return candidate >= top and (upper is None or candidate < upper)


@st.composite
def related_paths(draw: Any, top: Any = path) -> tuple[str, str]:
    """A path and a second one that is often its relative: descendant, ancestor, neighbour …"""
    first = draw(top)
    segments = [first[i : i + STEPLEN] for i in range(0, len(first), STEPLEN)]
    how = draw(st.sampled_from(["any", "below", "above", "neighbour"]))
    if how == "below":
        second = first + "".join(draw(st.lists(segment, min_size=1, max_size=3)))
    elif how == "above":
        second = "".join(segments[: draw(st.integers(1, len(segments)))])
    elif how == "neighbour":
        # the previous or next sibling of the path or of one of its ancestors, maybe a child of it
        keep = draw(st.integers(1, len(segments)))
        last = (int(segments[keep - 1]) + draw(st.sampled_from([-1, 1]))) % 10**STEPLEN
        second = "".join([*segments[: keep - 1], f"{last:0{STEPLEN}d}"])
        second += "".join(draw(st.lists(segment, max_size=2)))
    else:
        second = draw(path)
    return first, second


# ---------------------------------------------------------------------------------------------
# path_upper_bound


@pytest.mark.parametrize(
    ("top", "upper"),
    [
        ("0001", "0002"),
        ("0009", "001"),
        ("0099", "01"),
        ("00010002", "00010003"),
        ("00010009", "0001001"),
        ("00019999", "0002"),
        ("9998", "9999"),
        ("9999", None),
        ("99999999", None),
    ],
)
def test_path_upper_bound(top: str, upper: str | None) -> None:
    assert path_upper_bound(top) == upper


@pytest.mark.parametrize("bad", ["", "00a1", "-001", "00 1"])
def test_path_upper_bound_rejects_non_paths(bad: str) -> None:
    with pytest.raises(ValueError):
        path_upper_bound(bad)


@given(related_paths(top=path))
def test_range_matches_prefix(pair: tuple[str, str]) -> None:
    top, candidate = pair
    assert in_range(candidate, top) == candidate.startswith(top)


@given(related_paths(top=edge_path))
@example(("00019999", "0002"))
def test_range_matches_prefix_for_the_last_possible_child(pair: tuple[str, str]) -> None:
    top, candidate = pair
    assert in_range(candidate, top) == candidate.startswith(top)


# ---------------------------------------------------------------------------------------------
# subtree_q, any_subtree_q


def test_subtree_q_is_a_range() -> None:
    assert subtree_q("0001") == Q(path__gte="0001") & Q(path__lt="0002")
    assert subtree_q("0001", field="node__path") == Q(node__path__gte="0001") & Q(node__path__lt="0002")
    assert subtree_q("9999") == Q(path__gte="9999")


def test_subtree_q_selects_exactly_the_subtree(tree: Any) -> None:
    for top in (tree.district, tree.east, tree.community, tree.grid, tree.building, tree.village):
        expected = {n.pk for n in OrgNode.objects.all() if n.path.startswith(top.path)}
        assert set(OrgNode.objects.filter(subtree_q(top.path)).values_list("pk", flat=True)) == expected


def test_any_subtree_q(tree: Any) -> None:
    assert any_subtree_q([]) is None
    q = any_subtree_q([tree.grid.path, tree.village.path, tree.building.path])
    names = set(OrgNode.objects.filter(q).values_list("name", flat=True))
    assert names == {"东一第一网格", "1号楼", "河西村", "河西第一网格"}


# ---------------------------------------------------------------------------------------------
# collapse_paths, ancestor_paths


def test_collapse_paths_examples() -> None:
    assert collapse_paths([]) == []
    assert collapse_paths(["00010002", "0001", "00020001", "0002", "00010002"]) == ["0001", "0002"]
    assert collapse_paths(["00010003", "00010002", "000100020005"]) == ["00010002", "00010003"]
    assert collapse_paths(iter(["0003", "00030001"])) == ["0003"]


@given(st.lists(path, max_size=12))
def test_collapse_paths_keeps_only_the_tops(paths: list[str]) -> None:
    kept = collapse_paths(paths)
    assert kept == sorted(set(kept))
    assert set(kept) <= set(paths)
    for p in paths:
        assert any(p.startswith(top) for top in kept)
    for top in kept:
        assert not any(top != other and top.startswith(other) for other in kept)


def test_ancestor_paths() -> None:
    assert ancestor_paths("0001") == ["0001"]
    assert ancestor_paths("000100020003") == ["0001", "00010002", "000100020003"]


@given(path)
def test_ancestor_paths_property(p: str) -> None:
    line = ancestor_paths(p)
    assert len(line) == len(p) // STEPLEN
    assert line[-1] == p
    assert all(p.startswith(a) and len(a) % STEPLEN == 0 for a in line)
    assert line == sorted(line, key=len)


def test_ancestor_paths_match_the_tree(tree: Any) -> None:
    line = OrgNode.objects.filter(path__in=ancestor_paths(tree.building.path)).order_by("path")
    assert [n.name for n in line] == [
        "管城回族区",
        "城东路街道",
        "城东路街道大工委",
        "居民党委",
        "东一社区",
        "东一第一网格",
        "1号楼",
    ]
