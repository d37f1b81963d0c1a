"""What a resident and a community worker see, in a real browser."""

from __future__ import annotations

import pytest

from e2e.conftest import log_in, screenshot
from lianxin.core.models import AuditLog
from lianxin.core.roles import Role
from lianxin.orgs.models import Position
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_logs_in_on_a_phone_and_sees_home_in_chinese(phone, live_server, tree):
    user = UserFactory.create(username="wangxm")
    PersonFactory.create(node=tree.building, user=user, name="王小明")
    leader = PersonFactory.create(node=tree.grid, name="李网格")
    Position.objects.create(node=tree.grid, person=leader, title="grid_leader", started_on="2026-01-01")
    grant(user, Role.RESIDENT, tree.building)

    log_in(phone, live_server, "wangxm")

    phone.wait_for_url(f"{live_server.url}/app/")
    assert phone.locator("html").get_attribute("lang") == "zh-hans"
    assert "您好，王小明" in phone.locator("h1").inner_text()
    assert phone.get_by_text("我的社区").is_visible()
    assert phone.get_by_text("东一社区").first.is_visible()
    assert phone.get_by_text("李网格").is_visible()
    tabs = phone.locator("nav.app-tabs")
    assert tabs.is_visible() and "首页" in tabs.inner_text() and "我的" in tabs.inner_text()
    # Nothing of the page is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "resident-home")


def test_community_worker_reveals_a_phone_number_and_it_is_audited(desktop, live_server, tree):
    user = UserFactory.create(username="worker")
    grant(user, Role.COMMUNITY_WORKER, tree.community)
    resident = PersonFactory.create(node=tree.building, name="赵居民", phone="13912345678")

    log_in(desktop, live_server, "worker")
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    desktop.goto(f"{live_server.url}/workbench/people/{resident.pk}/")
    assert desktop.get_by_text("139****5678").is_visible()
    desktop.locator(f"#pii-phone-{resident.pk} + button").click()
    desktop.get_by_text("13912345678").wait_for()
    screenshot(desktop, "worker-person-revealed")
    assert AuditLog.objects.filter(
        action="people.person.reveal", actor=user, object_id=str(resident.pk)
    ).exists()


def test_staff_open_the_tree_and_pick_a_community_in_the_scope_picker(desktop, live_server, tree):
    user = UserFactory.create(username="staff")
    grant(user, Role.SUBDISTRICT_STAFF, tree.east)
    PersonFactory.create(node=tree.other_grid, name="东二居民")

    log_in(desktop, live_server, "staff")
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    assert "城东路街道" in desktop.locator("h1").inner_text()

    # The organisation tree opens branch by branch (htmx loads each level on demand).
    desktop.goto(f"{live_server.url}/workbench/orgs/")
    for name in ("城东路街道", "城东路街道大工委", "居民党委"):
        desktop.locator("li", has=desktop.get_by_role("link", name=name, exact=True)).locator(
            "button.btn-link"
        ).first.click()
        desktop.get_by_role("link", name=name, exact=True).wait_for()
    desktop.get_by_role("link", name="东二社区", exact=True).wait_for()

    # The scope picker narrows the workbench to one community.
    desktop.get_by_role("button", name="城东路街道").click()
    picker = desktop.locator("#scope-tree")
    picker.locator("li", has=desktop.get_by_role("button", name="城东路街道", exact=True)).locator(
        "button.btn-link.text-secondary"
    ).first.click()
    picker.get_by_role("button", name="城东路街道大工委", exact=True).wait_for()
    picker.locator("li", has=desktop.get_by_role("button", name="城东路街道大工委", exact=True)).locator(
        "button.btn-link.text-secondary"
    ).first.click()
    picker.locator("li", has=desktop.get_by_role("button", name="居民党委", exact=True)).locator(
        "button.btn-link.text-secondary"
    ).first.click()
    picker.get_by_role("button", name="东二社区", exact=True).click()
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    assert "东二社区" in desktop.locator("h1").inner_text()
    desktop.goto(f"{live_server.url}/workbench/people/")
    assert desktop.get_by_role("link", name="东二居民").is_visible()
    screenshot(desktop, "staff-scope-picked")
