"""A campaign in the browser: an inspector scores a command post on a phone, and the leader's
board shows the new ranking and the month's flags."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from e2e.conftest import log_in, screenshot
from lianxin.campaigns.models import Campaign, CommandPost, CommandPostArea, Criterion, ScoreSheet
from lianxin.campaigns.periods import month_start, previous_month
from lianxin.campaigns.services.scoring import LineInput, sheet_submit
from lianxin.core.roles import Role
from lianxin.reports.periods import next_month
from tests.factories import PersonFactory, UserFactory, grant, node

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def campaign_world(tree: Any) -> dict[str, Any]:
    this_month = month_start(timezone.localdate())
    village2 = node(tree.west, "village", "河东村")
    inspector = UserFactory.create(username="ducha")
    grant(inspector, Role.INSPECTOR, tree.west)
    PersonFactory.create(node=tree.village_grid, user=inspector, name="督察员")
    leader = UserFactory.create(username="shuji")
    grant(leader, Role.SUBDISTRICT_LEADER, tree.west)
    campaign = Campaign.objects.create(
        node=tree.west,
        name="双迎攻坚",
        starts_on=previous_month(this_month),
        ends_on=next_month(next_month(this_month)) - dt.timedelta(days=1),
    )
    post_a = CommandPost.objects.create(campaign=campaign, name="第一指挥部", sort=1)
    post_b = CommandPost.objects.create(campaign=campaign, name="第二指挥部", sort=2)
    CommandPostArea.objects.create(post=post_a, node=tree.village)
    CommandPostArea.objects.create(post=post_b, node=village2)
    order = Criterion.objects.create(campaign=campaign, name="环境秩序", weight=Decimal(60), sort=1)
    tidy = Criterion.objects.create(campaign=campaign, name="整治成效", weight=Decimal(40), sort=2)
    sheet_submit(
        actor=inspector,
        campaign=campaign,
        month=this_month,
        holder=post_b,
        lines={order.pk: LineInput(Decimal(85)), tidy.pk: LineInput(Decimal(85))},
    )
    return {
        "campaign": campaign,
        "a": post_a,
        "b": post_b,
        "order": order,
        "tidy": tidy,
        "inspector": inspector,
        "leader": leader,
    }


def test_inspector_scores_on_a_phone_and_the_board_shows_the_new_ranking(
    phone, desktop, live_server, campaign_world
):
    w = campaign_world
    campaign, post_a, post_b = w["campaign"], w["a"], w["b"]
    board_url = f"{live_server.url}/workbench/campaigns/{campaign.pk}/"

    # Before: only the second command post is scored, so it leads and holds the red flag.
    log_in(desktop, live_server, w["leader"].username)
    desktop.goto(board_url)
    first = desktop.locator("#ranking-posts tbody tr").first
    assert first.get_attribute("data-key") == f"post-{post_b.pk}"

    log_in(phone, live_server, w["inspector"].username)
    phone.goto(f"{live_server.url}/app/inspect/{campaign.pk}/")
    phone.locator(f"[data-score='post-{post_a.pk}']").click()
    phone.fill(f"#id_score_{w['order'].pk}", "96")
    phone.fill(f"#id_score_{w['tidy'].pk}", "92")
    phone.fill(f"#id_remark_{w['order'].pk}", "主次干道无积存垃圾")
    phone.fill("#id_comment", "整改及时，效果明显")
    screenshot(phone, "campaign-score-form")
    phone.locator("#submit-score").click()
    phone.locator("#score-posts").wait_for()
    assert phone.locator(f"[data-score='post-{post_a.pk}']").count() == 0  # now marked scored
    screenshot(phone, "campaign-scored")
    sheet = ScoreSheet.objects.get(campaign=campaign, post=post_a)
    assert sheet.total == Decimal("94.40") and sheet.inspector == w["inspector"]

    desktop.goto(board_url)
    rows = desktop.locator("#ranking-posts tbody tr")
    assert rows.nth(0).get_attribute("data-key") == f"post-{post_a.pk}"
    assert rows.nth(0).get_attribute("data-rank") == "1"
    assert rows.nth(1).get_attribute("data-key") == f"post-{post_b.pk}"
    assert "94.40" in rows.nth(0).inner_text()
    red = desktop.locator("#month-flags [data-slot='red-post']")
    black = desktop.locator("#month-flags [data-slot='black-post']")
    assert post_a.name in red.inner_text() and post_b.name in black.inner_text()
    screenshot(desktop, "campaign-board")
