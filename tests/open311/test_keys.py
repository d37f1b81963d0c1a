"""Keys: the services (audited), the workbench page for every role, the management command."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianxin.core.models import AuditLog, AuditOutcome
from lianxin.core.permissions import NotInScope
from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.open311.keys import key_hash
from lianxin.open311.models import Client
from lianxin.open311.services import client_create, client_revoke
from lianxin.people.models import User
from tests.factories import UserFactory, grant
from tests.open311.conftest import BASE

WB_MANAGE = (Cap.WORKBENCH, Cap.ORGS_MANAGE)


def intake_account(username: str, node) -> User:
    account = UserFactory.create(username=username)
    grant(account, Role.GRID_WORKER, node)
    return account


# --- services ---------------------------------------------------------------------------


def test_a_key_is_random_shown_once_and_kept_only_hashed(tree):
    account = intake_account("svc", tree.grid)
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client, key = client_create(actor=staff, name=" 12345 热线 ", user=account)
    _other, other_key = client_create(actor=staff, name="另一个", user=account)
    assert key != other_key and len(key) >= 40
    assert client.name == "12345 热线" and client.channel == "hotline" and client.is_active
    assert client.key_hash == key_hash(key) and client.key_prefix == key[:8]
    stored = Client.objects.filter(pk=client.pk).values().get()
    assert not any(key in str(value) for value in stored.values())
    entry = AuditLog.objects.get(action="open311.client.create", object_id=str(client.pk))
    assert entry.actor == staff and key not in str(entry.detail)


def test_create_checks_the_account_and_the_channel(tree):
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    no_intake = UserFactory.create()
    grant(no_intake, Role.VOLUNTEER, tree.grid)
    with pytest.raises(NotInScope):  # no intake anywhere: outside every manager's scope
        client_create(actor=staff, name="x", user=no_intake)
    with pytest.raises(ValidationError) as caught:
        client_create(actor=None, name="", user=no_intake, channel="app")
    assert set(caught.value.message_dict) == {"name", "channel", "user"}
    assert not Client.objects.exists()


def test_only_managers_of_the_accounts_area_create_and_revoke(tree):
    account = intake_account("svc", tree.other_grid)
    community_staff = UserFactory.create()
    grant(community_staff, Role.SUBDISTRICT_STAFF, tree.community)  # 东一社区 only
    with pytest.raises(NotInScope):
        client_create(actor=community_staff, name="越界", user=account)
    client, _key = client_create(actor=None, name="东二热线", user=account)
    with pytest.raises(NotInScope):
        client_revoke(actor=community_staff, client=client)
    assert Client.objects.get(pk=client.pk).is_active
    denied = AuditLog.objects.filter(outcome=AuditOutcome.DENIED, action__startswith="open311.client.")
    assert denied.count() == 2


def test_revoke_is_audited_once(tree):
    client, _key = client_create(actor=None, name="热线", user=intake_account("svc", tree.grid))
    client_revoke(actor=None, client=client)
    client_revoke(actor=None, client=client)
    client.refresh_from_db()
    assert not client.is_active and client.revoked_at is not None
    assert AuditLog.objects.filter(action="open311.client.revoke").count() == 1


# --- the workbench page, role by role ----------------------------------------------------


@dataclass
class Keys:
    inside: Client  # its account takes in requests in 东一社区
    outside: Client  # in 东二社区
    inside_account: User
    outside_account: User


@pytest.fixture
def keys(tree) -> Keys:
    inside_account = intake_account("svc-in", tree.grid)
    outside_account = intake_account("svc-out", tree.other_grid)
    inside, _ = client_create(actor=None, name="院内热线", user=inside_account)
    outside, _ = client_create(actor=None, name="院外热线", user=outside_account)
    return Keys(inside, outside, inside_account, outside_account)


def allowed(role: str) -> bool:
    return all(cap in CAPABILITIES[role] for cap in WB_MANAGE)


@pytest.mark.parametrize("role", Role.values)
def test_the_key_page_for_every_role(client, tree, keys, role):
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    ok = allowed(role)

    page = client.get(reverse("open311-clients:list"))
    assert page.status_code == (200 if ok else 404)
    if ok:
        assert "院内热线" in page.content.decode() and "院外热线" not in page.content.decode()
        assert keys.inside.key_prefix in page.content.decode()

    form = client.get(reverse("open311-clients:add"))
    assert form.status_code == (200 if ok else 404)
    if ok:
        assert "svc-in" in form.content.decode() and "svc-out" not in form.content.decode()

    created = client.post(
        reverse("open311-clients:add"),
        {"name": "新热线", "user": keys.inside_account.pk, "channel": "hotline"},
    )
    assert created.status_code == (200 if ok else 404)
    assert Client.objects.filter(name="新热线").exists() == ok
    if ok:
        new = Client.objects.get(name="新热线")
        assert created["Cache-Control"] == "no-store"
        shown = created.content.decode()
        [key] = re.findall(r'id="open311-key"[^>]* value="([^"]+)"', shown)
        assert key_hash(key) == new.key_hash
        assert key not in client.get(reverse("open311-clients:list")).content.decode()

    elsewhere = client.post(
        reverse("open311-clients:add"),
        {"name": "越界热线", "user": keys.outside_account.pk, "channel": "hotline"},
    )
    assert elsewhere.status_code == (200 if ok else 404)
    assert not Client.objects.filter(name="越界热线").exists()

    revoked = client.post(reverse("open311-clients:revoke", args=[keys.inside.pk]))
    assert revoked.status_code == (302 if ok else 404)
    assert Client.objects.get(pk=keys.inside.pk).is_active is not ok

    outside = client.post(reverse("open311-clients:revoke", args=[keys.outside.pk]))
    assert outside.status_code == 404
    assert Client.objects.get(pk=keys.outside.pk).is_active


def test_revoke_is_post_only_and_the_page_needs_a_log_in(client, tree, keys):
    response = client.get(reverse("open311-clients:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(reverse("open311-clients:revoke", args=[keys.inside.pk])).status_code == 302
    assert Client.objects.get(pk=keys.inside.pk).is_active
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client.force_login(staff)
    assert client.get(reverse("open311-clients:revoke", args=[keys.inside.pk])).status_code == 405


def test_the_workbench_menu_shows_the_page_to_managers_only(client, tree):
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client.force_login(staff)
    assert reverse("open311-clients:list") in client.get(reverse("workbench")).content.decode()
    worker = UserFactory.create()
    grant(worker, Role.COMMUNITY_WORKER, tree.community)
    client.force_login(worker)
    assert reverse("open311-clients:list") not in client.get(reverse("workbench")).content.decode()


# --- the management command --------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("open311_client", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_creates_lists_and_revokes(api, tree):
    intake_account("hotline_12345", tree.community)
    output = run("create", "--name", "12345 市民热线", "--user", "hotline_12345", "--channel", "walk_in")
    client = Client.objects.get()
    key = output.strip().splitlines()[-1]
    assert client.key_hash == key_hash(key) and client.channel == "walk_in"
    assert api.get(BASE + "requests.json", {"api_key": key}).status_code == 200
    assert AuditLog.objects.get(action="open311.client.create").actor_label == "system"
    listing = run("list")
    assert client.key_prefix in listing and key not in listing and "12345 市民热线" in listing
    run("revoke", str(client.pk))
    assert api.get(BASE + "requests.json", {"api_key": key}).status_code == 403


def test_the_command_refuses_what_it_cannot_do(tree):
    with pytest.raises(CommandError, match="no account"):
        run("create", "--name", "x", "--user", "nobody")
    UserFactory.create(username="plain")
    with pytest.raises(CommandError, match="request intake"):
        run("create", "--name", "x", "--user", "plain")
    with pytest.raises(CommandError, match="no client"):
        run("revoke", "999")
    assert not Client.objects.exists()


def test_the_key_page_runs_a_fixed_number_of_queries(client, tree, keys):
    staff = UserFactory.create()
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    client.force_login(staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("open311-clients:list")).status_code == 200
        return len(queries.captured_queries)

    few = count()
    for i in range(8):
        client_create(actor=None, name=f"热线{i}", user=intake_account(f"svc-{i}", tree.grid))
    # session, user, grants, count, rows, unread notifications, own name, scope picker
    assert count() == few == 8
