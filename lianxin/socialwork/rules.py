"""Who may do what with social-work contracts. The buyer's staff see a contract by the buying
node's subtree (and manage it there); the organisation's social workers see the contracts of
their organisation and log services against them."""

from __future__ import annotations

from typing import Any

import rules

from lianxin.core import scope
from lianxin.core.permissions import scoped_predicate
from lianxin.core.roles import Cap
from lianxin.socialwork.models import Contract, Deliverable, ServiceLog


def contract_of(obj: Any) -> Contract | None:
    if isinstance(obj, Contract):
        return obj
    if isinstance(obj, Deliverable):
        return obj.contract
    if isinstance(obj, ServiceLog):
        return obj.deliverable.contract
    return None


def buyer_path(obj: Any) -> str | None:
    """The path that decides who buys: a node itself, or the contract's buying node."""
    if hasattr(obj, "path"):
        return obj.path
    contract = contract_of(obj)
    return contract.buyer.path if contract is not None else None


def organisation_path(obj: Any) -> str | None:
    contract = contract_of(obj)
    return contract.organisation.path if contract is not None else None


can_view = scoped_predicate(Cap.SOCIALWORK_VIEW, buyer_path)
can_manage = scoped_predicate(Cap.SOCIALWORK_MANAGE, buyer_path)


@rules.predicate
def serves(user: Any, obj: Any = None) -> bool:
    """The user is a social worker of the contract's organisation."""
    if obj is None:
        return scope.has_capability(user, Cap.SOCIALWORK_SERVE)
    return scope.in_scope(user, Cap.SOCIALWORK_SERVE, organisation_path(obj))


rules.add_perm("socialwork.view", can_view | serves)  # obj: a contract, deliverable or log
rules.add_perm("socialwork.manage", can_manage)  # obj: a node (for a new contract) or a record
rules.add_perm("socialwork.serve", serves)  # obj: a contract or deliverable
