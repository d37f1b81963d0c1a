from typing import Any

import rules

from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap


def person_path(obj: Any) -> str | None:
    """A person is judged by the node they are registered at; a node stands for itself."""
    if hasattr(obj, "path"):
        return obj.path
    node = getattr(obj, "node", None)
    return node.path if node is not None else None


rules.add_perm("people.view_person", scoped_predicate(Cap.PEOPLE_VIEW, person_path))
rules.add_perm("people.add_person", scoped_predicate(Cap.PEOPLE_MANAGE, person_path))  # obj: the node
rules.add_perm("people.change_person", scoped_predicate(Cap.PEOPLE_MANAGE, person_path))
rules.add_perm("people.reveal_person", scoped_predicate(Cap.PEOPLE_REVEAL, person_path))
rules.add_perm("people.import_roster", scoped_predicate(Cap.PEOPLE_IMPORT, person_path))  # obj: the node
rules.add_perm("people.export_roster", scoped_predicate(Cap.PEOPLE_EXPORT, person_path))  # obj: the node
rules.add_perm("people.grant_role", scoped_predicate(Cap.ORGS_MANAGE, person_path))  # obj: the node
