"""The demo's briefings carry the newspaper page's figures (see ../shared/PRODUCT.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lianxin.orgs.models import OrgNode
from lianxin.people.models import User
from lianxin.reports.periods import Period
from lianxin.reports.selectors import briefing_numbers, records, value, values, visible_figures
from lianxin.reports.services import briefing_create


@pytest.fixture
def demo(built_demo: Any, db: None) -> Any:
    return built_demo


def year_briefing_numbers(username: str, code: str) -> tuple[dict[str, str], str]:
    today = timezone.localdate()
    actor = User.objects.get(username=username)
    briefing = briefing_create(
        actor=actor, node=OrgNode.objects.get(code=code), period=Period(today - dt.timedelta(days=365), today)
    )
    return briefing_numbers(actor=actor, briefing=briefing), briefing.body


def test_shibalihes_briefing_has_the_campaigns_figures(demo: Any) -> None:
    today = timezone.localdate()
    staff = User.objects.get(username="sblh_staff")
    briefing = briefing_create(
        actor=staff,
        node=OrgNode.objects.get(code="gc-sblh"),
        period=Period(today - dt.timedelta(days=365), today),
    )
    numbers = briefing_numbers(actor=staff, briefing=briefing)
    assert numbers["campaigns.person_times"] == "9000余人次"
    assert numbers["campaigns.machine_shifts"] == "800余台次"
    assert numbers["campaigns.waste_cleared"] == "约1.8万立方米"
    assert numbers["campaigns.dust_nets"] == "约60万平方米"
    assert numbers["campaigns.hardened_greened"] == "约1.5万平方米"
    assert "攻坚行动" in briefing.body


def test_every_figure_of_chengdonglu_drills_into_as_many_records(demo: Any) -> None:
    today = timezone.localdate()
    staff = User.objects.get(username="subdistrict_staff")
    node = OrgNode.objects.get(code="gc-cdl")
    year = Period(today - dt.timedelta(days=365), today)
    figures = visible_figures(actor=staff, node=node)
    assert {"cases.submitted", "liaison.sessions_held", "meetings.reviews_held", "people.party_members"} <= {
        f.key for f in figures
    }
    for figure in figures:
        if figure.is_rate or figure.sum_field:
            continue
        number = value(figure, node, year)
        assert len(list(records(actor=staff, figure=figure, node=node, period=year))) == number, figure.key
    numbers = values(figures, node, year)
    assert numbers["liaison.sessions_held"] >= 40 and numbers["meetings.reviews_held"] >= 10  # type: ignore[operator]
    body = briefing_create(actor=staff, node=node, period=year).body
    assert "工作机制" in body and "党代表" in body and "民意诉求" in body


def test_chengdonglus_briefing_has_the_teams_and_in_service_figures(demo: Any) -> None:
    numbers, body = year_briefing_numbers("subdistrict_staff", "gc-cdl")
    assert numbers["volunteers.volunteers"] == "200余名"  # 现已组织200余名党员志愿者
    assert numbers["volunteers.teams"] == "11支"  # 组建11支党员志愿者服务队
    assert numbers["volunteers.people_served"].startswith("2万余人")  # 服务辖区群众2万余人
    assert numbers["posts.reported_members"] == "454名"  # 454名在职党员已进社区报到
    assert numbers["posts.services"] == "1500余人次"  # 开展服务1500余人次
    for key in ("volunteers.volunteers", "volunteers.teams", "posts.reported_members", "posts.services"):
        assert "{" + key + "}" in body


def test_hanghaidonglus_briefing_has_the_fire_safety_lecture(demo: Any) -> None:
    numbers, body = year_briefing_numbers("admin", "gc-hhdl")

    assert numbers["events.attendance"] == "60余人次"  # 60余人参加
    assert "{events.attendance}" in body
