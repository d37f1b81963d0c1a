"""What the people tests share: accounts whose person is registered somewhere, and the system
administrator of 城东路街道."""

from __future__ import annotations

from typing import Any

import pytest

from lianxin.core.roles import Role
from lianxin.people.models import User
from tests.conftest import Tree
from tests.factories import PersonFactory, UserFactory, grant


def registered(node: Any, name: str, username: str) -> User:
    """An account whose person is registered at ``node``."""
    user = UserFactory.create(username=username)
    PersonFactory.create(node=node, name=name, user=user)
    return user


@pytest.fixture
def sysadmin(tree: Tree) -> User:
    """The system administrator of 城东路街道, registered in 东一社区 (inside their own scope)."""
    user = registered(tree.community, "管理员甲", "sysadmin")
    grant(user, Role.SYSTEM_ADMIN, tree.east)
    return user
