"""Every campaign endpoint × every role granted on the campaign's subdistrict: the capability
table decides; a campaign of another subdistrict answers 404; a refused call changes nothing.
Then command posts: each sees its own tasks and scores only, and inspectors cannot touch
figures."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from lianxin.campaigns import models as m
from lianxin.campaigns.services.inspections import FindingInput, finding_record
from lianxin.campaigns.services.scoring import LineInput, sheet_submit
from lianxin.campaigns.services.tasks import TaskInput, task_create
from lianxin.casework.models import Case
from lianxin.core.roles import CAPABILITIES, Cap, Role
from tests.campaigns.conftest import Busy
from tests.factories import PersonFactory, UserFactory, grant

WB = (Cap.WORKBENCH,)
VIEW = (*WB, Cap.CAMPAIGNS_VIEW)
MANAGE = (*WB, Cap.CAMPAIGNS_MANAGE)
INSPECT = (Cap.CAMPAIGNS_INSPECT,)
APRIL = dt.date(2026, 4, 1)


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Any  # (world) -> str
    needs: tuple[str, ...] = ()  # every one of these
    any_of: tuple[str, ...] = ()  # and at least one of these
    body: Any = None  # (world) -> dict
    api: bool = False
    writes: bool = False
    ok: int = 200

    def call(self, client: Any, w: Any) -> Any:
        url = self.url(w)
        if self.method == "GET":
            return client.get(url)
        data = self.body(w) if self.body else {}
        if self.api:
            return client.post(url, json.dumps(data), content_type="application/json")
        return client.post(url, data)

    def allowed(self, role: str) -> bool:
        caps = CAPABILITIES[role]
        return all(cap in caps for cap in self.needs) and (
            not self.any_of or any(c in caps for c in self.any_of)
        )


@dataclass
class MatrixWorld:
    b: Busy
    candidate: Any  # a person of 河西村 to add to the leading group or a post
    finding_c: Any  # for the API re-inspection
    other: Any  # a campaign of 城东路街道, with a post, a task, a finding and a meeting
    other_post: Any
    other_task: Any
    other_finding: Any
    other_meeting: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.b.world, name)


def R(name: str, *args: Any) -> Any:
    return lambda w: reverse(f"campaigns:{name}", args=[a(w) if callable(a) else a for a in args])


C = lambda w: w.campaign.pk  # noqa: E731
ENDPOINTS = [
    Endpoint("list", "GET", R("list"), VIEW),
    Endpoint("mine", "GET", R("mine"), WB, any_of=(Cap.CAMPAIGNS_VIEW, Cap.CAMPAIGNS_WORK)),
    Endpoint("new form", "GET", R("new"), MANAGE),
    Endpoint("board", "GET", R("board", C), VIEW),
    Endpoint("edit form", "GET", R("edit", C), MANAGE),
    Endpoint("setup", "GET", R("setup", C), VIEW),
    Endpoint("post form", "GET", R("post-new", C), MANAGE),
    Endpoint("post page", "GET", R("post", lambda w: w.post_a.pk), VIEW),
    Endpoint("tasks", "GET", R("tasks", C), VIEW),
    Endpoint("task form", "GET", R("task-new", C), MANAGE),
    Endpoint("task", "GET", R("task", lambda w: w.b.root.pk), VIEW),
    Endpoint("sub-task form", "GET", R("subtask-new", lambda w: w.b.root.pk), MANAGE),
    Endpoint("task edit form", "GET", R("task-edit", lambda w: w.b.root.pk), MANAGE),
    Endpoint("metric edit form", "GET", R("metric-edit", C, lambda w: w.people.pk), MANAGE),
    Endpoint("figures", "GET", R("figures", C), VIEW),
    Endpoint("meetings", "GET", R("meetings", C), VIEW),
    Endpoint("meeting", "GET", R("meeting", lambda w: w.b.meeting.pk), VIEW),
    Endpoint("scores", "GET", R("scores", C), VIEW),
    Endpoint("flags", "GET", R("flags", C), VIEW),
    Endpoint("quarter", "GET", R("quarter", C), VIEW),
    Endpoint("findings", "GET", R("findings", C), VIEW),
    Endpoint("finding", "GET", R("finding", lambda w: w.b.finding_a.pk), VIEW),
    Endpoint("tasks xlsx", "GET", R("tasks-xlsx", C), VIEW),
    Endpoint("figures xlsx", "GET", R("figures-xlsx", C), VIEW),
    Endpoint("scores xlsx", "GET", R("scores-xlsx", C), VIEW),
    Endpoint("inspect home", "GET", R("inspect-campaign", C), INSPECT),
    Endpoint("score form", "GET", R("inspect-score", C, "post", lambda w: w.post_a.pk), INSPECT),
    Endpoint("finding form", "GET", R("inspect-finding", C), INSPECT),
    Endpoint("recheck form", "GET", R("inspect-recheck", lambda w: w.b.finding_b.pk), INSPECT),
    Endpoint(
        "start",
        "POST",
        R("new"),
        MANAGE,
        body=lambda w: {
            "node": w.tree.west.pk,
            "name": "秋季攻坚",
            "starts_on": "2026-07-01",
            "ends_on": "2026-09-30",
            "red_village_reward": "30000",
            "month1_weight": "1",
            "month2_weight": "1",
            "month3_weight": "1",
            "red_flag_points": "2",
            "black_flag_points": "2",
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "seat add",
        "POST",
        R("seat-add", C),
        MANAGE,
        body=lambda w: {"person": w.candidate.pk, "duty": "deputy"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "post add",
        "POST",
        R("post-new", C),
        MANAGE,
        body=lambda w: {"name": "第九指挥部", "sort": "9"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "area add",
        "POST",
        R("area-add", lambda w: w.post_a.pk),
        MANAGE,
        body=lambda w: {"area-node": w.grid_c.pk},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "member add",
        "POST",
        R("member-add", lambda w: w.post_a.pk),
        MANAGE,
        body=lambda w: {"member-person": w.candidate.pk, "member-duty": "队员"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "task add",
        "POST",
        R("task-new", C),
        MANAGE,
        body=lambda w: {"title": "新任务", "working_days": "5", "weight": "1", "sort": "0"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "task progress",
        "POST",
        R("task-progress", lambda w: w.b.leaf_a.pk),
        MANAGE,
        body=lambda w: {"status": "done"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "task evidence",
        "POST",
        R("task-evidence", lambda w: w.b.leaf_a.pk),
        MANAGE,
        body=lambda w: {"ev-note": "已完成"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "figures report",
        "POST",
        R("post-figures", lambda w: w.post_a.pk),
        MANAGE,
        body=lambda w: {"span": "day", "starts_on": "2026-06-09", f"metric_{w.people.pk}": "10"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "metric add",
        "POST",
        R("metric-add", C),
        MANAGE,
        body=lambda w: {"name": "车辆机械", "unit": "台次", "sort": "3"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "meeting record",
        "POST",
        R("meetings", C),
        MANAGE,
        body=lambda w: {"week_of": "2026-06-08", "held_on": "2026-06-10", "problems": "进度偏慢"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "criterion add",
        "POST",
        R("criterion-add", C),
        MANAGE,
        body=lambda w: {
            "name": "宣传发动",
            "weight": "20",
            "applies_to": "both",
            "is_active": "on",
            "sort": "3",
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "flags award",
        "POST",
        R("flags-award", C),
        MANAGE,
        body=lambda w: {"month": "2026-04"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "score",
        "POST",
        R("inspect-score", C, "post", lambda w: w.post_a.pk),
        INSPECT,
        body=lambda w: {f"score_{w.order.pk}": "80", f"score_{w.tidy.pk}": "75"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "finding record",
        "POST",
        R("inspect-finding", C),
        INSPECT,
        body=lambda w: {
            "place": "村口",
            "node": w.village.pk,
            "post": w.post_a.pk,
            "description": "垃圾",
            "working_days": "3",
            "case_type": "report",
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "recheck",
        "POST",
        R("inspect-recheck", lambda w: w.b.finding_b.pk),
        INSPECT,
        body=lambda w: {"passed": "1"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "recheck on the workbench",
        "POST",
        R("finding-recheck", lambda w: w.b.finding_a.pk),
        (*WB, Cap.CAMPAIGNS_INSPECT),
        body=lambda w: {"passed": "0", "note": "仍未清理", "working_days": "2"},
        writes=True,
        ok=302,
    ),
    Endpoint("api list", "GET", lambda w: "/api/v1/campaigns", (), api=True),
    Endpoint(
        "api campaign", "GET", lambda w: f"/api/v1/campaigns/{w.campaign.pk}", (Cap.CAMPAIGNS_VIEW,), api=True
    ),
    Endpoint(
        "api coverage",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/coverage",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api tasks",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/tasks",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api figures",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/figures",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api month",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/months/2026-05",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api flags",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/flags",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api quarter",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/quarters/2026/2",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api findings",
        "GET",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/findings",
        (Cap.CAMPAIGNS_VIEW,),
        api=True,
    ),
    Endpoint(
        "api progress",
        "POST",
        lambda w: f"/api/v1/campaigns/tasks/{w.b.task_b.pk}/progress",
        (Cap.CAMPAIGNS_MANAGE,),
        body=lambda w: {"status": "doing", "progress": 30},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api figures report",
        "POST",
        lambda w: f"/api/v1/campaigns/posts/{w.post_b.pk}/figures",
        (Cap.CAMPAIGNS_MANAGE,),
        body=lambda w: {"span": "day", "starts_on": "2026-06-09", "values": {str(w.waste.pk): 5}},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api sheet",
        "POST",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/months/2026-06/sheets",
        (Cap.CAMPAIGNS_INSPECT,),
        body=lambda w: {
            "subject": "village",
            "id": w.village.pk,
            "scores": {str(w.order.pk): 80, str(w.tidy.pk): 70},
        },
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api finding",
        "POST",
        lambda w: f"/api/v1/campaigns/{w.campaign.pk}/findings",
        (Cap.CAMPAIGNS_INSPECT,),
        body=lambda w: {
            "place": "河东路",
            "node_id": w.grid_d.pk,
            "post_id": w.post_b.pk,
            "description": "占道",
            "working_days": 2,
        },
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api reinspection",
        "POST",
        lambda w: f"/api/v1/campaigns/findings/{w.finding_c.pk}/reinspections",
        (Cap.CAMPAIGNS_INSPECT,),
        body=lambda w: {"passed": True},
        api=True,
        writes=True,
    ),
]

# The same endpoints aimed at another subdistrict's campaign: 404 for every role.
OUTSIDE = [
    ("board", "GET", lambda w: reverse("campaigns:board", args=[w.other.pk]), None),
    ("setup", "GET", lambda w: reverse("campaigns:setup", args=[w.other.pk]), None),
    ("post page", "GET", lambda w: reverse("campaigns:post", args=[w.other_post.pk]), None),
    ("task", "GET", lambda w: reverse("campaigns:task", args=[w.other_task.pk]), None),
    ("task edit", "POST", lambda w: reverse("campaigns:task-edit", args=[w.other_task.pk]), {"title": "x"}),
    ("finding", "GET", lambda w: reverse("campaigns:finding", args=[w.other_finding.pk]), None),
    ("meeting", "GET", lambda w: reverse("campaigns:meeting", args=[w.other_meeting.pk]), None),
    ("scores", "GET", lambda w: reverse("campaigns:scores", args=[w.other.pk]), None),
    ("tasks xlsx", "GET", lambda w: reverse("campaigns:tasks-xlsx", args=[w.other.pk]), None),
    ("inspect", "GET", lambda w: reverse("campaigns:inspect-campaign", args=[w.other.pk]), None),
    ("edit", "POST", lambda w: reverse("campaigns:edit", args=[w.other.pk]), {"name": "越界"}),
    (
        "task progress",
        "POST",
        lambda w: reverse("campaigns:task-progress", args=[w.other_task.pk]),
        {"status": "done"},
    ),
    (
        "figures",
        "POST",
        lambda w: reverse("campaigns:post-figures", args=[w.other_post.pk]),
        {"span": "day", "starts_on": "2026-06-09"},
    ),
    ("award", "POST", lambda w: reverse("campaigns:flags-award", args=[w.other.pk]), {"month": "2026-04"}),
    (
        "recheck",
        "POST",
        lambda w: reverse("campaigns:inspect-recheck", args=[w.other_finding.pk]),
        {"passed": "1"},
    ),
    (
        "score",
        "POST",
        lambda w: reverse("campaigns:inspect-score", args=[w.other.pk, "post", w.other_post.pk]),
        {},
    ),
    ("api campaign", "GET", lambda w: f"/api/v1/campaigns/{w.other.pk}", None),
    ("api tasks", "GET", lambda w: f"/api/v1/campaigns/{w.other.pk}/tasks", None),
    (
        "api progress",
        "POST",
        lambda w: f"/api/v1/campaigns/tasks/{w.other_task.pk}/progress",
        {"status": "done"},
    ),
    (
        "api reinspection",
        "POST",
        lambda w: f"/api/v1/campaigns/findings/{w.other_finding.pk}/reinspections",
        {"passed": True},
    ),
]


@pytest.fixture
def mw(busy: Busy) -> MatrixWorld:
    w = busy.world
    for holder, value in ((w.post_a, 90), (w.post_b, 70)):
        sheet_submit(
            actor=w.inspector,
            campaign=w.campaign,
            month=APRIL,
            holder=holder,
            lines={w.order.pk: LineInput(Decimal(value)), w.tidy.pk: LineInput(Decimal(value))},
        )
    finding_c = finding_record(
        actor=w.inspector,
        campaign=w.campaign,
        data=FindingInput(place="河东桥", node=w.grid_d, post=w.post_b, description="堆物", working_days=2),
    )
    other = m.Campaign.objects.create(
        node=w.tree.east, name="城东攻坚", starts_on=dt.date(2026, 3, 1), ends_on=dt.date(2026, 12, 31)
    )
    other_post = m.CommandPost.objects.create(campaign=other, name="城东指挥部")
    m.Metric.objects.create(campaign=other, name="人力", unit="人次")
    other_inspector = UserFactory.create()
    grant(other_inspector, Role.INSPECTOR, w.tree.east)
    other_staff = UserFactory.create()
    grant(other_staff, Role.SUBDISTRICT_STAFF, w.tree.east)
    other_task = task_create(
        actor=other_staff, campaign=other, data=TaskInput(title="城东任务", working_days=5, post=other_post)
    )
    other_finding = finding_record(
        actor=other_inspector,
        campaign=other,
        data=FindingInput(
            place="城东路", node=w.tree.grid, post=other_post, description="乱堆", working_days=2
        ),
    )
    other_meeting = m.WeeklyMeeting.objects.create(
        campaign=other, week_starts_on=dt.date(2026, 6, 1), held_on=dt.date(2026, 6, 5), problems="无"
    )
    return MatrixWorld(
        b=busy,
        candidate=PersonFactory.create(node=w.tree.village_grid, name="候选人"),
        finding_c=finding_c,
        other=other,
        other_post=other_post,
        other_task=other_task,
        other_finding=other_finding,
        other_meeting=other_meeting,
    )


def snapshot() -> tuple[Any, ...]:
    return (
        tuple(m.Campaign.objects.order_by("pk").values_list("pk", "name")),
        tuple(m.LeadingGroupMember.objects.values_list("pk")),
        tuple(m.CommandPost.objects.order_by("pk").values_list("pk", "name")),
        tuple(m.CommandPostArea.objects.order_by("pk").values_list("pk")),
        tuple(m.CommandPostMember.objects.order_by("pk").values_list("pk")),
        tuple(m.Task.objects.order_by("pk").values_list("pk", "status", "progress", "due_at")),
        m.TaskEvidence.objects.count(),
        tuple(m.FigureReport.objects.order_by("pk").values_list("pk", "value")),
        tuple(m.Metric.objects.values_list("pk")),
        tuple(m.WeeklyMeeting.objects.values_list("pk")),
        tuple(m.Criterion.objects.values_list("pk", "weight")),
        tuple(m.ScoreSheet.objects.order_by("pk").values_list("pk", "total")),
        tuple(m.FlagAward.objects.values_list("pk")),
        tuple(m.Finding.objects.order_by("pk").values_list("pk", "status", "due_at")),
        m.ReInspection.objects.count(),
        Case.objects.count(),
    )


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_the_subdistrict(client, mw, role):
    user = UserFactory.create()
    grant(user, role, mw.tree.west)
    client.force_login(user)
    wrong = []
    for endpoint in ENDPOINTS:
        before = snapshot()
        response = endpoint.call(client, mw)
        allowed = endpoint.allowed(role)
        want = endpoint.ok if allowed else 404
        if endpoint.name == "api list":
            want = 200
        if response.status_code != want:
            wrong.append(f"{endpoint.name}: got {response.status_code}, want {want}")
        if not allowed and snapshot() != before:
            wrong.append(f"{endpoint.name}: a refused call changed data")
        if (
            not allowed
            and endpoint.api
            and endpoint.name != "api list"
            and response.json().get("code") != "not_found"
        ):
            wrong.append(f"{endpoint.name}: refused API body {response.json()}")
        if allowed and endpoint.writes and snapshot() == before:
            wrong.append(f"{endpoint.name}: an allowed write changed nothing")
    assert wrong == []


@pytest.mark.parametrize("role", Role.values)
def test_another_subdistricts_campaign_answers_404_and_changes_nothing(client, mw, role):
    user = UserFactory.create()
    grant(user, role, mw.tree.west)
    client.force_login(user)
    wrong = []
    for name, method, url, body in OUTSIDE:
        before = snapshot()
        if method == "GET":
            response = client.get(url(mw))
        elif url(mw).startswith("/api/"):
            response = client.post(url(mw), json.dumps(body or {}), content_type="application/json")
        else:
            response = client.post(url(mw), body or {})
        if response.status_code != 404:
            wrong.append(f"{name}: got {response.status_code}")
        if snapshot() != before:
            wrong.append(f"{name}: changed data")
    assert wrong == []


@pytest.mark.parametrize("role", [Role.SUBDISTRICT_LEADER, Role.INSPECTOR, Role.SUBDISTRICT_STAFF])
def test_a_grant_below_the_campaigns_node_does_not_open_it(client, mw, role):
    user = UserFactory.create()
    grant(user, role, mw.village)
    client.force_login(user)
    for endpoint in ENDPOINTS:
        if endpoint.name not in ("list", "mine", "new form", "api list", "start"):
            assert endpoint.call(client, mw).status_code == 404, endpoint.name


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, mw):
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, mw)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302 and response["Location"].startswith(reverse("login")), (
                endpoint.name
            )


# --- command posts ------------------------------------------------------------------------------


def test_a_command_post_sees_its_own_tasks_and_scores_only(client, mw):
    w = mw
    client.force_login(w.a_leader)
    own, other = w.post_a.pk, w.post_b.pk
    assert client.get(reverse("campaigns:post", args=[own])).status_code == 200
    assert client.get(reverse("campaigns:post", args=[other])).status_code == 404
    assert client.get(reverse("campaigns:task", args=[w.b.leaf_a.pk])).status_code == 200
    assert client.get(reverse("campaigns:task", args=[w.b.task_b.pk])).status_code == 404
    assert client.get(reverse("campaigns:finding", args=[w.b.finding_a.pk])).status_code == 200
    assert client.get(reverse("campaigns:finding", args=[w.b.finding_b.pk])).status_code == 404
    # The board, the rankings and the other posts' scores are not theirs.
    board = client.get(reverse("campaigns:board", args=[w.campaign.pk]))
    assert board.status_code == 302 and board["Location"] == reverse("campaigns:post", args=[own])
    for name in ("scores", "flags", "quarter", "setup", "tasks", "figures", "meetings", "scores-xlsx"):
        assert client.get(reverse(f"campaigns:{name}", args=[w.campaign.pk])).status_code == 404, name
    page = client.get(reverse("campaigns:post", args=[own])).content.decode()
    assert "清理垃圾" in page and "扬尘治理" not in page
    assert "95.00" in page and "70.00" not in page  # May: A scored 95, B 70
    api = client.get(f"/api/v1/campaigns/{w.campaign.pk}/tasks").json()
    assert {t["title"] for t in api} == {"环境整治", "清理垃圾", "拆除违建", "河西路口：垃圾堆放"}
    assert client.get(f"/api/v1/campaigns/{w.campaign.pk}/months/2026-05").status_code == 404
    assert [c["whole"] for c in client.get("/api/v1/campaigns").json()] == [False]
    mine = client.get(reverse("campaigns:mine")).content.decode()
    assert "清理垃圾" in mine and "扬尘治理" not in mine


def test_a_post_member_reports_and_works_on_its_own_only(client, mw):
    w = mw
    client.force_login(w.b_member)
    before = snapshot()
    refused = [
        client.post(
            reverse("campaigns:post-figures", args=[w.post_a.pk]), {"span": "day", "starts_on": "2026-06-09"}
        ),
        client.post(reverse("campaigns:task-progress", args=[w.b.leaf_a.pk]), {"status": "done"}),
        client.post(reverse("campaigns:task-evidence", args=[w.b.leaf_a.pk]), {"ev-note": "x"}),
    ]
    assert [r.status_code for r in refused] == [404, 404, 404] and snapshot() == before
    ok = client.post(
        reverse("campaigns:post-figures", args=[w.post_b.pk]),
        {"span": "day", "starts_on": "2026-06-09", f"metric_{w.people.pk}": "15"},
    )
    assert ok.status_code == 302
    assert m.FigureReport.objects.filter(post=w.post_b, starts_on=dt.date(2026, 6, 9)).get().value == 15
    assert (
        client.post(reverse("campaigns:task-progress", args=[w.b.task_b.pk]), {"status": "done"}).status_code
        == 302
    )


def test_inspectors_cannot_edit_figures(client, mw):
    w = mw
    client.force_login(w.inspector)
    before = snapshot()
    page = client.get(reverse("campaigns:post", args=[w.post_a.pk])).content.decode()
    assert 'id="figures-form"' not in page
    body = {"span": "day", "starts_on": "2026-06-08", f"metric_{w.people.pk}": "999"}
    assert client.post(reverse("campaigns:post-figures", args=[w.post_a.pk]), body).status_code == 404
    api = client.post(
        f"/api/v1/campaigns/posts/{w.post_a.pk}/figures",
        json.dumps({"span": "day", "starts_on": "2026-06-08", "values": {str(w.people.pk): 999}}),
        content_type="application/json",
    )
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert snapshot() == before


def test_a_member_without_a_campaign_role_sees_nothing(client, mw):
    """Membership counts only for a log-in holding ``campaigns.work`` somewhere."""
    w = mw
    resident = UserFactory.create()
    grant(resident, Role.RESIDENT, w.village)
    person = PersonFactory.create(node=w.village, user=resident, name="挂名队员")
    m.CommandPostMember.objects.create(post=w.post_a, person=person)
    client.force_login(resident)
    assert client.get(reverse("campaigns:post", args=[w.post_a.pk])).status_code == 404
    assert client.get("/api/v1/campaigns").json() == []
