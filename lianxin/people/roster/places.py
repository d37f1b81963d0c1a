"""Place names in the sheet, read relative to the node the roster belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.orgs.models import HOME_KINDS, NodeKind, OrgNode
from lianxin.people.roster.results import CellError
from lianxin.people.validation import BRANCH_KINDS

REGISTRABLE_KINDS = frozenset(HOME_KINDS | {NodeKind.UNIT})
_NODE_FIELDS = ("id", "path", "depth", "numchild", "name", "kind")


def _split_name(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[/／]", text) if part.strip()]


class NamePool:
    """Nodes of some kinds, found by name or by a “上级/名称” chain when names repeat."""

    def __init__(self, nodes: Iterable[OrgNode], *, root_path: str, by_path: Mapping[str, OrgNode]) -> None:
        self.root_path = root_path
        self.by_path = by_path
        self.by_name: dict[str, list[OrgNode]] = {}
        for node in nodes:
            self.by_name.setdefault(node.name.strip(), []).append(node)
        self._labels: dict[int, str] = {}

    def _ancestors(self, node: OrgNode) -> list[OrgNode]:
        """Known ancestors of ``node``, nearest first."""
        line = (self.by_path.get(path) for path in reversed(ancestor_paths(node.path)[:-1]))
        return [n for n in line if n is not None]

    def find(self, text: str) -> list[OrgNode]:
        text = text.strip()
        exact = self.by_name.get(text)
        if exact:
            return exact
        parts = _split_name(text)
        if len(parts) < 2:
            return []
        found = []
        for node in self.by_name.get(parts[-1], []):
            wanted = list(reversed(parts[:-1]))  # nearest first, like the ancestors
            for ancestor in self._ancestors(node):
                if wanted and ancestor.name.strip() == wanted[0]:
                    wanted.pop(0)
            if not wanted:
                found.append(node)
        return found

    def find_one(self, text: str) -> OrgNode | None:
        """The one node ``text`` names, or None when it names none; naming several is a cell error."""
        found = self.find(text)
        if len(found) > 1:
            raise CellError(
                _("More than one place is called “%(name)s”; add the place above it, e.g. “%(example)s”.")
                % {"name": text, "example": self.label(found[0])}
            )
        return found[0] if found else None

    def label(self, node: OrgNode) -> str:
        """The shortest text that ``find`` maps back to ``node`` alone."""
        if node.pk in self._labels:
            return self._labels[node.pk]
        parts = [node.name.strip()]
        label = parts[0]
        if len(self.find(label)) > 1:
            for ancestor in self._ancestors(node):
                if len(ancestor.path) <= len(self.root_path):
                    break
                parts.insert(0, ancestor.name.strip())
                label = "/".join(parts)
                if len(self.find(label)) == 1:
                    break
        self._labels[node.pk] = label
        return label


class Places:
    """The nodes a roster of ``target`` can name, loaded in two queries.

    Registration places are looked up under the target; party branches and employer units
    under the target's nearest subdistrict (or the target itself when there is none).
    """

    def __init__(self, target: OrgNode) -> None:
        line = list(
            OrgNode.objects.filter(path__in=ancestor_paths(target.path)).only(*_NODE_FIELDS).order_by("path")
        )
        subdistricts = [n for n in line if n.kind == NodeKind.SUBDISTRICT]
        wide_root = subdistricts[-1] if subdistricts else target
        self.area = wide_root.name
        wide = list(OrgNode.objects.filter(subtree_q(wide_root.path)).only(*_NODE_FIELDS).order_by("path"))
        self.by_path: dict[str, OrgNode] = {n.path: n for n in line} | {n.path: n for n in wide}
        self.target = self.by_path.get(target.path, target)
        below = [n for n in wide if n.path.startswith(target.path)]
        self.names_below = {n.name.strip() for n in below}
        self.homes = NamePool(
            (n for n in below if n.kind in REGISTRABLE_KINDS), root_path=target.path, by_path=self.by_path
        )
        self.branches = NamePool(
            (n for n in wide if n.kind in BRANCH_KINDS), root_path=wide_root.path, by_path=self.by_path
        )
        self.units = NamePool(
            (n for n in wide if n.kind == NodeKind.UNIT), root_path=wide_root.path, by_path=self.by_path
        )

    def home(self, text: str) -> OrgNode:
        if not text:
            return self.target
        node = self.homes.find_one(text)
        if node is not None:
            return node
        if text in self.names_below:
            raise CellError(
                _("“%(name)s” is not a community, village, grid, building or unit.") % {"name": text}
            )
        raise CellError(
            _("There is no community, village, grid, building or unit called “%(name)s” under %(target)s.")
            % {"name": text, "target": self.target.name}
        )

    def branch(self, text: str) -> OrgNode | None:
        return self._wide(self.branches, text, _("There is no party branch called “%(name)s” in %(area)s."))

    def unit(self, text: str) -> OrgNode | None:
        return self._wide(self.units, text, _("There is no unit called “%(name)s” in %(area)s."))

    def _wide(self, pool: NamePool, text: str, missing: str) -> OrgNode | None:
        if not text:
            return None
        node = pool.find_one(text)
        if node is None:
            raise CellError(missing % {"name": text, "area": self.area})
        return node
