"""The demo's Open311 client: the 12345 hotline, acting as a service account that takes in and
follows requests in 城东路街道. Its key is published (like the demo passwords): demo only."""

from __future__ import annotations

from lianxin.casework.models import Channel
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.open311.keys import key_hash
from lianxin.open311.models import Client
from lianxin.open311.services import client_create
from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from lianxin.people.services import role_grant

CLIENT_NAME = "12345 市民热线"
ACCOUNT = "hotline_12345"  # a service account: no person, no password to log in with
AREA = "gc-cdl"  # 城东路街道
# The role with request intake and reading that gives least else (no personal data).
ROLE = Role.INSPECTOR
KEY = "lianxin-demo-open311-key-2026-not-for-production"  # published, like the demo passwords


def build_client(admin: User) -> int:
    """Create the demo client (and its account) if missing; returns how many were created."""
    if Client.objects.filter(key_hash=key_hash(KEY)).exists():
        return 0
    account = User.objects.filter(username=ACCOUNT).first()
    if account is None:
        account = User.objects.create_user(username=ACCOUNT, password=None)
    area = OrgNode.objects.get(code=AREA)
    if not RoleGrant.objects.filter(user=account, role=ROLE, node=area).in_force().exists():
        role_grant(actor=admin, user=account, role=ROLE, node=area)
    client_create(actor=admin, name=CLIENT_NAME, user=account, channel=Channel.HOTLINE, key=KEY)
    return 1
