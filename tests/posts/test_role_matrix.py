"""Every posts endpoint × every role: inside the role's subtree the capability table decides (an
employer unit sees its own members; a party member acts for themself), outside it the answer
is 404, and a refused write changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.core.roles import Cap, Role
from lianxin.posts.models import (
    Claim,
    DutyServed,
    ListItem,
    ListVersion,
    Need,
    PointsRule,
    Post,
    PostKind,
    QuarterComment,
    Report,
    ServiceRecord,
    Shift,
    State,
)
from tests.factories import UserFactory, grant, node
from tests.matrix import Endpoint, endpoint_problems, outside_problems
from tests.posts.conftest import confirmed, member, service

WB, VIEW, MANAGE, EMP = Cap.WORKBENCH, Cap.POSTS_VIEW, Cap.POSTS_MANAGE, Cap.POSTS_EMPLOYER
API = "/api/v1/posts"
START = dt.date(2026, 1, 1)


def today() -> str:
    return timezone.localdate().isoformat()


def decision(w: Any) -> dict[str, Any]:
    return {"decision": "confirm", "reason": ""}


ENDPOINTS = [
    Endpoint("posts", "GET", lambda w: reverse("posts:posts"), ((WB, VIEW),)),
    Endpoint("on duty", "GET", lambda w: reverse("posts:on-duty"), ((WB, VIEW),)),
    Endpoint("post add form", "GET", lambda w: reverse("posts:post-add"), ((WB, MANAGE),)),
    Endpoint(
        "post add",
        "POST",
        lambda w: reverse("posts:post-add"),
        ((WB, MANAGE),),
        body=lambda w: {"community": w.community.pk, "kind": "model_post", "name": "新岗", "is_active": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint("post", "GET", lambda w: reverse("posts:post", args=[w.post.pk]), ((WB, VIEW),)),
    Endpoint(
        "shift add",
        "POST",
        lambda w: reverse("posts:post", args=[w.post.pk]),
        ((WB, MANAGE),),
        body=lambda w: {
            "person": w.person.pk,
            "weekdays": [1, 3],
            "starts": "09:00",
            "ends": "11:00",
            "started_on": today(),
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "post edit form", "GET", lambda w: reverse("posts:post-edit", args=[w.post.pk]), ((WB, MANAGE),)
    ),
    Endpoint(
        "post edit",
        "POST",
        lambda w: reverse("posts:post-edit", args=[w.post.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"kind": "in_service_post", "name": "改名岗", "field": "legal", "is_active": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "shift end",
        "POST",
        lambda w: reverse("posts:shift-end", args=[w.shift.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"ended_on": today()},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "duty record",
        "POST",
        lambda w: reverse("posts:duty-record", args=[w.serve_shift.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"next": reverse("posts:on-duty")},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "duty withdraw",
        "POST",
        lambda w: reverse("posts:duty-withdraw", args=[w.duty.pk]),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
    ),
    Endpoint("lists", "GET", lambda w: reverse("posts:lists"), ((WB, VIEW),)),
    Endpoint("list", "GET", lambda w: reverse("posts:list", args=[w.community.pk]), ((WB, VIEW),)),
    Endpoint("version", "GET", lambda w: reverse("posts:version", args=[w.version.pk]), ((WB, VIEW),)),
    Endpoint(
        "list edit form", "GET", lambda w: reverse("posts:list-edit", args=[w.community.pk]), ((WB, MANAGE),)
    ),
    Endpoint(
        "list edit",
        "POST",
        lambda w: reverse("posts:list-edit", args=[w.community.pk]),
        ((WB, MANAGE),),
        body=lambda w: {
            "items-TOTAL_FORMS": 1,
            "items-INITIAL_FORMS": 0,
            "items-0-matter": "居民议事",
            "items-0-responsible_post": "书记",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("needs", "GET", lambda w: reverse("posts:needs"), ((WB, VIEW),)),
    Endpoint(
        "need add",
        "POST",
        lambda w: reverse("posts:needs"),
        ((WB, MANAGE),),
        body=lambda w: {"community": w.community.pk, "title": "助老", "wanted": 2},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "need close",
        "POST",
        lambda w: reverse("posts:need-close", args=[w.need_to_close.pk]),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
    ),
    Endpoint("rules", "GET", lambda w: reverse("posts:rules"), ((WB, VIEW),)),
    Endpoint("queue", "GET", lambda w: reverse("posts:queue"), ((WB, MANAGE),)),
    Endpoint("report", "GET", lambda w: reverse("posts:report", args=[w.report.pk]), ((WB, VIEW), (WB, EMP))),
    Endpoint(
        "report comment",
        "POST",
        lambda w: reverse("posts:report", args=[w.report.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"year": 2026, "quarter": 4, "text": "表现积极"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "report decide",
        "POST",
        lambda w: reverse("posts:report-decide", args=[w.pending_report.pk]),
        ((WB, MANAGE),),
        body=decision,
        writes=True,
        ok=302,
    ),
    Endpoint(
        "claim decide",
        "POST",
        lambda w: reverse("posts:claim-decide", args=[w.pending_claim.pk]),
        ((WB, MANAGE),),
        body=decision,
        writes=True,
        ok=302,
    ),
    Endpoint(
        "service decide",
        "POST",
        lambda w: reverse("posts:service-decide", args=[w.pending_service.pk]),
        ((WB, MANAGE),),
        body=decision,
        writes=True,
        ok=302,
    ),
    Endpoint("employer", "GET", lambda w: reverse("posts:employer"), ((WB, EMP),)),
    Endpoint("feedback", "GET", lambda w: reverse("posts:feedback"), ((WB, EMP),)),
    Endpoint("feedback xlsx", "GET", lambda w: reverse("posts:feedback") + "?format=xlsx", ((WB, EMP),)),
    Endpoint("app home", "GET", lambda w: reverse("posts:app-home"), ()),
    Endpoint("app report form", "GET", lambda w: reverse("posts:app-report"), ()),
    Endpoint(
        "app report again",  # already reported: the form answers with the error, nothing written
        "POST",
        lambda w: reverse("posts:app-report"),
        (),
        body=lambda w: {"community": w.community.pk, "employer": w.unit.pk},
    ),
    Endpoint("app receipt", "GET", lambda w: reverse("posts:app-receipt"), ()),
    Endpoint(
        "app claim",
        "POST",
        lambda w: reverse("posts:app-claim"),
        (),
        body=lambda w: {"need": w.need.pk},
        writes=True,
        ok=302,
    ),
    Endpoint("app services", "GET", lambda w: reverse("posts:app-services"), ()),
    Endpoint("app service form", "GET", lambda w: reverse("posts:app-service-new"), ()),
    Endpoint(
        "app service log",
        "POST",
        lambda w: reverse("posts:app-service-new"),
        (),
        body=lambda w: {"on": today(), "hours": "1.5", "what": "清理小广告", "people_served": 0},
        writes=True,
        ok=302,
    ),
    Endpoint("app service", "GET", lambda w: reverse("posts:service", args=[w.own_service.pk]), ()),
    Endpoint("app points", "GET", lambda w: reverse("posts:app-points"), ()),
    Endpoint("app list", "GET", lambda w: reverse("posts:app-list"), ()),
    Endpoint("api posts", "GET", lambda w: f"{API}/posts", (), api=True),
    Endpoint("api on duty", "GET", lambda w: f"{API}/on-duty", (), api=True),
    Endpoint("api list", "GET", lambda w: f"{API}/lists/{w.community.pk}", ((VIEW,),), api=True),
    Endpoint("api my list", "GET", lambda w: f"{API}/my/list", (), api=True),
    Endpoint("api queue", "GET", lambda w: f"{API}/queue", ((MANAGE,),), api=True),
    Endpoint(
        "api report decision",
        "POST",
        lambda w: f"{API}/reports/{w.pending_report_api.pk}/decision",
        ((MANAGE,),),
        body=lambda w: {"confirm": False, "reason": "不在本社区"},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api claim decision",
        "POST",
        lambda w: f"{API}/claims/{w.pending_claim_api.pk}/decision",
        ((MANAGE,),),
        body=lambda w: {"confirm": True},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api service decision",
        "POST",
        lambda w: f"{API}/services/{w.pending_service_api.pk}/decision",
        ((MANAGE,),),
        body=lambda w: {"confirm": True},
        api=True,
        writes=True,
    ),
    Endpoint("api service", "GET", lambda w: f"{API}/services/{w.own_service.pk}", (), api=True),
    Endpoint("api me report", "GET", lambda w: f"{API}/me/report", (), api=True),
    Endpoint(
        "api me report again",
        "POST",
        lambda w: f"{API}/me/report",
        (),
        body=lambda w: {"community_id": w.community.pk},
        api=True,
        ok=400,
    ),
    Endpoint(
        "api claim",
        "POST",
        lambda w: f"{API}/me/claims",
        (),
        body=lambda w: {"post_id": w.post.pk},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api service log",
        "POST",
        lambda w: f"{API}/me/services",
        (),
        body=lambda w: {"on": today(), "hours": "2", "what": "政策宣讲"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint("api my services", "GET", lambda w: f"{API}/me/services", (), api=True),
    Endpoint("api my points", "GET", lambda w: f"{API}/me/points", (), api=True),
    Endpoint("api receipts", "GET", lambda w: f"{API}/employer/receipts", ((EMP,),), api=True),
    Endpoint("api unreported", "GET", lambda w: f"{API}/employer/unreported", ((EMP,),), api=True),
    Endpoint("api feedback", "GET", lambda w: f"{API}/employer/feedback", ((EMP,),), api=True),
]


@dataclass
class World:
    community: Any
    unit: Any
    person: Any
    post: Post
    shift: Shift
    serve_shift: Shift
    duty: DutyServed
    version: ListVersion
    need: Need
    need_to_close: Need
    report: Report
    own_service: ServiceRecord
    pending_report: Report
    pending_report_api: Report
    pending_claim: Claim
    pending_claim_api: Claim
    pending_service: ServiceRecord
    pending_service_api: ServiceRecord
    outside: dict[str, Any]


def make_world(tree: Any, user: Any) -> World:
    """The user is an in-service member of 东一社区 employed by 东一物业 (reported, confirmed);
    other members wait for decisions; 东二社区 holds the same records, out of scope."""
    person = member(tree.building, tree.unit, user=user)
    report = confirmed(person, tree.community, tree.unit)
    post = Post.objects.create(community=tree.community, kind=PostKind.MODEL, name="示范岗")
    shift = Shift.objects.create(
        post=post,
        person=person,
        weekday=0,
        starts=dt.time(8),
        ends=dt.time(12),
        started_on=dt.date(2026, 1, 1),
    )
    weekday = timezone.localdate().weekday()

    def today_line() -> Shift:
        return Shift.objects.create(
            post=post,
            person=person,
            weekday=weekday,
            starts=dt.time(0),
            ends=dt.time(23, 59),
            started_on=START,
        )

    served = today_line()
    duty = DutyServed.objects.create(
        post=post, shift=served, person=person, on=timezone.localdate(), recorded_by=user
    )
    version = ListVersion.objects.create(community=tree.community, number=1, published_by=user)
    ListItem.objects.create(version=version, position=1, matter="低保初审", responsible_post="民政专干")

    def other_report() -> Report:
        return confirmed(member(tree.grid, tree.unit), tree.community, tree.unit)

    def pending() -> Report:
        return Report.objects.create(
            person=member(tree.grid, tree.unit), community=tree.community, employer=tree.unit
        )

    other = node(tree.other_community, "unit", "东二公司", unit_type="enterprise")
    outside_report = confirmed(member(tree.other_grid, other), tree.other_community, other)
    outside_post = Post.objects.create(community=tree.other_community, kind=PostKind.MODEL, name="东二岗")
    outside_need = Need.objects.create(community=tree.other_community, title="东二需求")
    outside_shift = Shift.objects.create(
        post=outside_post,
        person=outside_report.person,
        weekday=weekday,
        starts=dt.time(8),
        ends=dt.time(9),
        started_on=START,
    )
    return World(
        community=tree.community,
        unit=tree.unit,
        person=person,
        post=post,
        shift=shift,
        serve_shift=today_line(),
        duty=duty,
        version=version,
        need=Need.objects.create(community=tree.community, title="陪伴老人", wanted=3),
        need_to_close=Need.objects.create(community=tree.community, title="旧需求"),
        report=report,
        own_service=service(report, timezone.localdate(), "1"),
        pending_report=pending(),
        pending_report_api=pending(),
        pending_claim=Claim.objects.create(report=other_report(), post=post),
        pending_claim_api=Claim.objects.create(report=other_report(), post=post),
        pending_service=service(other_report(), timezone.localdate(), "2", state=State.PENDING),
        pending_service_api=service(other_report(), timezone.localdate(), "2", state=State.PENDING),
        outside={
            "post": outside_post,
            "shift": outside_shift,
            "duty": DutyServed.objects.create(
                post=outside_post,
                shift=outside_shift,
                person=outside_shift.person,
                on=timezone.localdate(),
                recorded_by=user,
            ),
            "version": ListVersion.objects.create(
                community=tree.other_community, number=1, published_by=user
            ),
            "need": outside_need,
            "report": outside_report,
            "pending": Report.objects.create(
                person=member(tree.other_grid, other), community=tree.other_community, employer=other
            ),
            "claim": Claim.objects.create(report=outside_report, need=outside_need),
            "service": service(outside_report, timezone.localdate(), "1", state=State.PENDING),
        },
    )


def snapshot() -> tuple:
    return (
        tuple(Post.objects.order_by("pk").values_list("pk", "name", "is_active")),
        tuple(Shift.objects.order_by("pk").values_list("pk", "ended_on")),
        tuple(DutyServed.objects.order_by("pk").values_list("pk", "withdrawn_at")),
        ListVersion.objects.count(),
        tuple(Need.objects.order_by("pk").values_list("pk", "is_open")),
        tuple(Report.objects.order_by("pk").values_list("pk", "state")),
        tuple(Claim.objects.order_by("pk").values_list("pk", "state")),
        tuple(ServiceRecord.objects.order_by("pk").values_list("pk", "state")),
        QuarterComment.objects.count(),
        PointsRule.objects.count(),
    )


def signed_in(client: Any, tree: Any, role: str) -> World:
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    return make_world(tree, user)


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_a_community(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = endpoint_problems(client, world, role, ENDPOINTS, snapshot)
    assert wrong == [], "\n".join(wrong)


def _o(key: str) -> Any:
    return lambda w: w.outside[key].pk


OUTSIDE = [
    ("post", lambda w: reverse("posts:post", args=[_o("post")(w)]), "GET", None),
    ("post edit", lambda w: reverse("posts:post-edit", args=[_o("post")(w)]), "POST", {"name": "越界"}),
    (
        "shift end",
        lambda w: reverse("posts:shift-end", args=[_o("shift")(w)]),
        "POST",
        {"ended_on": "2026-11-01"},
    ),
    ("duty record", lambda w: reverse("posts:duty-record", args=[_o("shift")(w)]), "POST", None),
    ("duty withdraw", lambda w: reverse("posts:duty-withdraw", args=[_o("duty")(w)]), "POST", None),
    ("list", lambda w: reverse("posts:list", args=[w.outside["post"].community_id]), "GET", None),
    ("list edit", lambda w: reverse("posts:list-edit", args=[w.outside["post"].community_id]), "POST", {}),
    ("version", lambda w: reverse("posts:version", args=[_o("version")(w)]), "GET", None),
    ("need close", lambda w: reverse("posts:need-close", args=[_o("need")(w)]), "POST", None),
    ("report", lambda w: reverse("posts:report", args=[_o("report")(w)]), "GET", None),
    (
        "report decide",
        lambda w: reverse("posts:report-decide", args=[_o("pending")(w)]),
        "POST",
        {"decision": "confirm"},
    ),
    (
        "claim decide",
        lambda w: reverse("posts:claim-decide", args=[_o("claim")(w)]),
        "POST",
        {"decision": "confirm"},
    ),
    (
        "service decide",
        lambda w: reverse("posts:service-decide", args=[_o("service")(w)]),
        "POST",
        {"decision": "confirm"},
    ),
    ("service", lambda w: reverse("posts:service", args=[_o("service")(w)]), "GET", None),
    ("api list", lambda w: f"{API}/lists/{w.outside['post'].community_id}", "GET", None),
    ("api service", lambda w: f"{API}/services/{_o('service')(w)}", "GET", None),
]


@pytest.mark.parametrize("role", Role.values)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = outside_problems(client, world, OUTSIDE, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, tree):
    world = make_world(tree, UserFactory.create())
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login"))
