"""A leader opens the dashboard of 城东路, clicks a figure, sees the records behind it, and
downloads the briefing the office issued."""

from __future__ import annotations

import pytest
from docx import Document

from e2e.conftest import log_in, screenshot
from lianxin.core.roles import Role
from lianxin.reports.periods import parse
from lianxin.reports.services import briefing_create, briefing_issue
from tests.casework.test_measures import NOW, known_set
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_dashboard_figure_records_and_briefing(desktop, live_server, tree):  # type: ignore[no-untyped-def]
    known_set(tree)
    leader = UserFactory.create(username="leader")
    grant(leader, Role.SUBDISTRICT_LEADER, tree.east)
    staff = UserFactory.create(username="staff")
    grant(staff, Role.SUBDISTRICT_STAFF, tree.east)
    issued = briefing_issue(
        actor=staff,
        briefing=briefing_create(actor=staff, node=tree.east, period=parse("2026-11", today=NOW.date())),
    )

    log_in(desktop, live_server, leader.username)
    desktop.goto(f"{live_server.url}/workbench/figures/?node={tree.east.pk}&period=2026-11")
    desktop.locator(".chart svg").first.wait_for()  # the charts are drawn
    card = desktop.locator("a.figure-card[data-figure='cases.accepted']")
    assert card.locator(".figure").inner_text() == "7"
    screenshot(desktop, "dashboard")
    card.click()
    desktop.get_by_text("共统计 7 条记录").wait_for()
    assert desktop.locator("tr[data-record]").count() == 7
    screenshot(desktop, "dashboard-records")

    desktop.go_back()
    desktop.get_by_role("link", name="工作简报").click()
    desktop.get_by_role("link", name=issued.title).click()
    desktop.get_by_text("收到群众诉求").wait_for()
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Word").click()
    text = "\n".join(p.text for p in Document(str(download.value.path())).paragraphs)
    assert issued.title in text and "9件" in text
    screenshot(desktop, "briefing")
