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


def account_path(obj: Any) -> str | None:
    """An account is judged by its person's node; an account without a person has none (so
    only superusers reach it). A person or a node is judged as ``person_path`` does."""
    if hasattr(obj, "path") or hasattr(obj, "node"):
        return person_path(obj)
    person = getattr(obj, "person", None)
    return person_path(person) if person is not None else None


rules.add_perm("people.view_person", scoped_predicate(Cap.PEOPLE_VIEW, person_path))
rules.add_perm("people.add_person", scoped_predicate(Cap.PEOPLE_MANAGE, person_path))  # obj: the node
rules.add_perm("people.change_person", scoped_predicate(Cap.PEOPLE_MANAGE, person_path))
rules.add_perm("people.reveal_person", scoped_predicate(Cap.PEOPLE_REVEAL, person_path))
rules.add_perm("people.import_roster", scoped_predicate(Cap.PEOPLE_IMPORT, person_path))  # obj: the node
rules.add_perm("people.export_roster", scoped_predicate(Cap.PEOPLE_EXPORT, person_path))  # obj: the node
# obj: the node. The organisation staff and the system administrator (三员分立) grant roles.
rules.add_perm(
    "people.grant_role",
    scoped_predicate(Cap.ORGS_MANAGE, person_path) | scoped_predicate(Cap.ACCOUNTS_MANAGE, person_path),
)
# obj: an account (or a person). Disable, enable, reset the password; never the person's data.
manage_account = scoped_predicate(Cap.ACCOUNTS_MANAGE, account_path) | scoped_predicate(
    Cap.ORGS_MANAGE, account_path
)
rules.add_perm("people.manage_account", manage_account)
# obj: the person who gets the log-in.
rules.add_perm("people.create_account", scoped_predicate(Cap.PEOPLE_MANAGE, person_path) | manage_account)
# The account pages of the workbench (账号管理); obj: an account.
rules.add_perm("people.view_account", scoped_predicate(Cap.ACCOUNTS_MANAGE, account_path))
