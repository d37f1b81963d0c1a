"""Every notice and event endpoint × every role: inside the role's subtree the capability table
decides (residents and members act on what is addressed to them), outside it the answer is 404,
and a refused write changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.casework.models import Case
from lianxin.core.roles import Cap, Role
from lianxin.events import registrations as regs
from lianxin.events.models import Event, EventFile, EventState, Group, Notice, Registration, TrainingHazard
from tests.events.conftest import at, make_event, make_notice, register
from tests.factories import PersonFactory, UserFactory, grant
from tests.matrix import Endpoint, endpoint_problems, outside_problems

WB, NM, EV, EM, US = (
    Cap.WORKBENCH,
    Cap.NOTICES_MANAGE,
    Cap.EVENTS_VIEW,
    Cap.EVENTS_MANAGE,
    Cap.EVENTS_UNIT_SIGNUP,
)


def audience(w: Any) -> list[dict[str, Any]]:
    return [{"node_id": w.community.pk, "group": "everyone"}]


def event_body(w: Any) -> dict[str, Any]:
    return {
        "node_id": w.community.pk,
        "kind": "public",
        "title": "新活动",
        "place": "广场",
        "starts_at": at(5).isoformat(),
        "ends_at": at(5, 11).isoformat(),
        "capacity": 20,
        "audience": audience(w),
    }


def page(name: str, *args: Any) -> Any:
    return lambda w: reverse(f"events:{name}", args=[getattr(w, a) for a in args])


ENDPOINTS = [
    Endpoint("notices", "GET", page("notices"), ((WB, NM),)),
    Endpoint("notice add form", "GET", page("notice-add"), ((WB, NM),)),
    Endpoint(
        "notice add",
        "POST",
        page("notice-add"),
        ((WB, NM),),
        body=lambda w: {
            "node": w.community.pk,
            "title": "新通知",
            "body": "<p>x</p>",
            "audience_nodes": [w.community.pk],
            "groups": ["everyone"],
        },
        writes=True,
        ok=302,
    ),
    Endpoint("notice", "GET", page("notice", "notice_pk"), ((WB, NM),)),
    Endpoint(
        "notice pin",
        "POST",
        page("notice", "notice_pk"),
        ((WB, NM),),
        body=lambda w: {"pinned": "1"},
        writes=True,
        ok=302,
    ),
    Endpoint("events", "GET", page("events"), ((WB, EV),)),
    Endpoint("event add form", "GET", page("event-add"), ((WB, EM),)),
    Endpoint(
        "event add",
        "POST",
        page("event-add"),
        ((WB, EM),),
        body=lambda w: {
            "node": w.community.pk,
            "kind": "party_day",
            "title": "党日",
            "place": "活动室",
            "day": (timezone.localdate() + dt.timedelta(days=4)).isoformat(),
            "starts": "09:00",
            "ends": "11:00",
            "capacity": 10,
            "audience_nodes": [w.community.pk],
            "groups": ["party_members"],
            "publish": "on",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("event", "GET", page("event", "event_pk"), ((WB, EV),)),
    Endpoint(
        "event publish",
        "POST",
        page("event", "draft_pk"),
        ((WB, EM),),
        body=lambda w: {"form": "publish"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "event summary",
        "POST",
        page("event", "past_pk"),
        ((WB, EM),),
        body=lambda w: {"form": "summary", "summary-summary": "圆满完成"},
        writes=True,
        ok=302,
    ),
    Endpoint("event door", "GET", page("event-door", "live_pk"), ((WB, EM),)),
    Endpoint("event scan form", "GET", page("event-scan", "live_pk"), ((WB, EM),)),
    Endpoint(
        "event scan",
        "POST",
        page("event-scan", "live_pk"),
        ((WB, EM),),
        body=lambda w: {"code": w.code_page},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "event export",
        "GET",
        lambda w: reverse("events:event-export", args=[w.event_pk, "signups"]),
        ((WB, EV),),
    ),
    Endpoint("unit events", "GET", page("unit-events"), ((WB, US),)),
    Endpoint("unit signup form", "GET", page("unit-signup", "unit_pk", "event_pk"), ((WB, US),)),
    Endpoint(
        "unit signup",
        "POST",
        page("unit-signup", "unit_pk", "event_pk"),
        ((WB, US),),
        body=lambda w: {"people": [w.staff_a.pk]},
        writes=True,
        ok=302,
    ),
    Endpoint("app notices", "GET", page("app-notices"), ()),
    Endpoint("app notice", "GET", page("app-notice", "notice_pk"), ()),
    Endpoint("app events", "GET", page("app-events"), ()),
    Endpoint("app event", "GET", page("app-event", "event_pk"), ()),
    Endpoint(
        "app sign up",
        "POST",
        page("app-event", "event_pk"),
        (),
        body=lambda w: {"form": "sign_up"},
        writes=True,
        ok=302,
    ),
    Endpoint("door check-in page", "GET", lambda w: reverse("events:door-check-in", args=[w.token_page]), ()),
    Endpoint(
        "door check-in",
        "POST",
        lambda w: reverse("events:door-check-in", args=[w.token_page]),
        (),
        writes=True,
        ok=302,
    ),
    Endpoint("hazard form", "GET", page("app-hazard", "training_pk"), ()),
    Endpoint(
        "hazard",
        "POST",
        page("app-hazard", "training_pk"),
        (),
        body=lambda w: {"kind": "wiring", "text": "电线老化"},
        writes=True,
        ok=302,
    ),
    Endpoint("api my notices", "GET", lambda w: "/api/v1/events/notices", (), api=True),
    Endpoint("api my notice", "GET", lambda w: f"/api/v1/events/notices/{w.notice_pk}", (), api=True),
    Endpoint(
        "api notice publish",
        "POST",
        lambda w: "/api/v1/events/notices",
        ((NM,),),
        body=lambda w: {"node_id": w.community.pk, "title": "接口通知", "body": "x", "audience": audience(w)},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api notice reads", "GET", lambda w: f"/api/v1/events/notices/{w.notice_pk}/reads", ((NM,),), api=True
    ),
    Endpoint(
        "api notice not read",
        "GET",
        lambda w: f"/api/v1/events/notices/{w.notice_pk}/not-read",
        ((NM,),),
        api=True,
    ),
    Endpoint("api my events", "GET", lambda w: "/api/v1/events/events/mine", (), api=True),
    Endpoint(
        "api sign up",
        "POST",
        lambda w: f"/api/v1/events/events/{w.event2_pk}/sign-up",
        (),
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api withdraw",
        "POST",
        lambda w: f"/api/v1/events/events/{w.event2_pk}/withdraw",
        (),
        api=True,
        writes=True,
    ),
    Endpoint(
        "api door check-in",
        "POST",
        lambda w: "/api/v1/events/check-in",
        (),
        body=lambda w: {"token": w.token_api},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api hazard",
        "POST",
        lambda w: f"/api/v1/events/events/{w.training_pk}/hazards",
        (),
        body=lambda w: {"kind": "exits", "text": "安全出口堵塞"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint("api events", "GET", lambda w: "/api/v1/events/events", (), api=True),
    Endpoint(
        "api event create",
        "POST",
        lambda w: "/api/v1/events/events",
        ((EM,),),
        body=event_body,
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint("api event", "GET", lambda w: f"/api/v1/events/events/{w.event_pk}", ((EV,),), api=True),
    Endpoint(
        "api event publish",
        "POST",
        lambda w: f"/api/v1/events/events/{w.draft2_pk}/publish",
        ((EM,),),
        api=True,
        writes=True,
    ),
    Endpoint(
        "api registrations",
        "GET",
        lambda w: f"/api/v1/events/events/{w.event_pk}/registrations",
        ((EV,),),
        api=True,
    ),
    Endpoint(
        "api scan",
        "POST",
        lambda w: f"/api/v1/events/events/{w.live_pk}/check-in",
        ((EM,),),
        body=lambda w: {"code": w.code_api},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api my registration",
        "GET",
        lambda w: f"/api/v1/events/events/{w.live_pk}/my-registration",
        (),
        api=True,
    ),
    Endpoint(
        "api attendance",
        "GET",
        lambda w: f"/api/v1/events/events/{w.event_pk}/attendance",
        ((EV,),),
        api=True,
    ),
    Endpoint(
        "api door code", "GET", lambda w: f"/api/v1/events/events/{w.live_pk}/door-code", ((EM,),), api=True
    ),
    Endpoint(
        "api cancel",
        "POST",
        lambda w: f"/api/v1/events/events/{w.cancel_pk}/cancel",
        ((EM,),),
        body=lambda w: {"reason": "天气原因"},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api summary",
        "POST",
        lambda w: f"/api/v1/events/events/{w.past_pk}/summary",
        ((EM,),),
        body=lambda w: {"summary": "接口总结"},
        api=True,
        writes=True,
    ),
    Endpoint(
        "api unit sign up",
        "POST",
        lambda w: f"/api/v1/events/events/{w.event_pk}/unit-sign-up",
        ((US,),),
        body=lambda w: {"unit_id": w.unit_pk, "person_ids": [w.staff_b.pk]},
        api=True,
        writes=True,
        ok=201,
    ),
]


@dataclass
class World:
    community: Any
    unit_pk: int
    staff_a: Any
    staff_b: Any
    notice_pk: int
    event_pk: int
    event2_pk: int
    draft_pk: int
    draft2_pk: int
    cancel_pk: int
    past_pk: int
    live_pk: int
    training_pk: int
    code_page: str
    code_api: str
    token_page: str
    token_api: str
    outside_notice: Notice
    outside_event: Event
    outside_draft: Event


def make_world(tree: Any, user: Any) -> World:
    organiser = UserFactory.create()
    person = PersonFactory.create(node=tree.building, user=user, is_party_member=True)
    everyone = [(tree.community, Group.EVERYONE)]
    soon = timezone.now() + dt.timedelta(minutes=10)
    live = make_event(tree.community, organiser, starts_at=soon, title="现场活动")
    live2 = make_event(tree.community, organiser, starts_at=soon, title="现场活动二")
    register(live, person)
    register(live2, person)
    training = make_event(tree.community, organiser, kind="training", is_safety=True, starts_at=at(-1))
    register(training, person, checked_in=True)
    outside_area = tree.other_community
    return World(
        community=tree.community,
        unit_pk=tree.unit.pk,
        staff_a=PersonFactory.create(node=tree.unit),
        staff_b=PersonFactory.create(node=tree.grid, employer=tree.unit),
        notice_pk=make_notice(tree.community, organiser, everyone).pk,
        event_pk=make_event(tree.community, organiser).pk,
        event2_pk=make_event(tree.community, organiser, title="第二场").pk,
        draft_pk=make_event(tree.community, organiser, state=EventState.DRAFT).pk,
        draft2_pk=make_event(tree.community, organiser, state=EventState.DRAFT).pk,
        cancel_pk=make_event(tree.community, organiser, title="将取消").pk,
        past_pk=make_event(tree.community, organiser, starts_at=at(-2)).pk,
        live_pk=live.pk,
        training_pk=training.pk,
        code_page=register(live, PersonFactory.create(node=tree.grid)).code,
        code_api=register(live, PersonFactory.create(node=tree.grid)).code,
        token_page=regs.door_token(event=live),
        token_api=regs.door_token(event=live2),
        outside_notice=make_notice(outside_area, organiser, [(outside_area, Group.EVERYONE)]),
        outside_event=make_event(outside_area, organiser),
        outside_draft=make_event(outside_area, organiser, state=EventState.DRAFT),
    )


def snapshot() -> tuple:
    return (
        tuple(Notice.objects.order_by("pk").values_list("pk", "is_pinned")),
        tuple(Event.objects.order_by("pk").values_list("pk", "state", "summary")),
        tuple(Registration.objects.order_by("pk").values_list("pk", "state", "checked_in_at")),
        TrainingHazard.objects.count(),
        Case.objects.count(),
        EventFile.objects.count(),
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


OUTSIDE = [
    ("notice", lambda w: reverse("events:notice", args=[w.outside_notice.pk]), "GET", None),
    ("notice pin", lambda w: reverse("events:notice", args=[w.outside_notice.pk]), "POST", {"pinned": "1"}),
    ("event", lambda w: reverse("events:event", args=[w.outside_event.pk]), "GET", None),
    (
        "event publish",
        lambda w: reverse("events:event", args=[w.outside_draft.pk]),
        "POST",
        {"form": "publish"},
    ),
    ("event door", lambda w: reverse("events:event-door", args=[w.outside_event.pk]), "GET", None),
    ("event scan", lambda w: reverse("events:event-scan", args=[w.outside_event.pk]), "POST", {"code": "X"}),
    ("export", lambda w: reverse("events:event-export", args=[w.outside_event.pk, "signups"]), "GET", None),
    (
        "unit signup",
        lambda w: reverse("events:unit-signup", args=[w.unit_pk, w.outside_event.pk]),
        "POST",
        {},
    ),
    ("app notice", lambda w: reverse("events:app-notice", args=[w.outside_notice.pk]), "GET", None),
    ("app event", lambda w: reverse("events:app-event", args=[w.outside_event.pk]), "GET", None),
    (
        "app sign up",
        lambda w: reverse("events:app-event", args=[w.outside_event.pk]),
        "POST",
        {"form": "sign_up"},
    ),
    ("api notice", lambda w: f"/api/v1/events/notices/{w.outside_notice.pk}", "GET", None),
    ("api reads", lambda w: f"/api/v1/events/notices/{w.outside_notice.pk}/reads", "GET", None),
    ("api event", lambda w: f"/api/v1/events/events/{w.outside_event.pk}", "GET", None),
    ("api sign up", lambda w: f"/api/v1/events/events/{w.outside_event.pk}/sign-up", "POST", None),
    ("api publish", lambda w: f"/api/v1/events/events/{w.outside_draft.pk}/publish", "POST", None),
]


@pytest.mark.parametrize(
    "role",
    [Role.SUBDISTRICT_STAFF, Role.COMMUNITY_WORKER, Role.UNIT_LIAISON, Role.PARTY_MEMBER, Role.RESIDENT],
)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):
    user = UserFactory.create()
    grant(user, role, tree.community if role != Role.UNIT_LIAISON else tree.unit)
    client.force_login(user)
    world = make_world(tree, user)
    assert outside_problems(client, world, OUTSIDE, snapshot) == []
