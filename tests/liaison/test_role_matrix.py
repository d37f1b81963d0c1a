"""Every studio endpoint × every role: inside the role's subtree the capability table decides (a
representative acts on their own duty), outside it the answer is 404, and a refused write
changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lianxin.casework.models import Case
from lianxin.core.roles import Cap, Role
from lianxin.liaison.models import Concern, Contact, Link, Representative, Session, Studio
from tests.factories import PersonFactory, UserFactory, grant
from tests.liaison.conftest import at, link_to, session_on
from tests.matrix import Endpoint, endpoint_problems, outside_problems

WB, VIEW, MANAGE, SERVE = Cap.WORKBENCH, Cap.LIAISON_VIEW, Cap.LIAISON_MANAGE, Cap.LIAISON_SERVE


def today() -> str:
    return timezone.localdate().isoformat()


ENDPOINTS = [
    Endpoint("studios", "GET", lambda w: reverse("liaison:studios"), ((WB, VIEW),)),
    Endpoint("studio", "GET", lambda w: reverse("liaison:studio", args=[w.studio.pk]), ((WB, VIEW),)),
    Endpoint("studio add form", "GET", lambda w: reverse("liaison:studio-add"), ((WB, MANAGE),)),
    Endpoint(
        "studio add",
        "POST",
        lambda w: reverse("liaison:studio-add"),
        ((WB, MANAGE),),
        body=lambda w: {
            "node": w.community.pk,
            "name": "新工作室",
            "stale_after_days": 30,
            "is_active": "on",
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "studio edit form",
        "GET",
        lambda w: reverse("liaison:studio-edit", args=[w.studio.pk]),
        ((WB, MANAGE),),
    ),
    Endpoint(
        "studio edit",
        "POST",
        lambda w: reverse("liaison:studio-edit", args=[w.studio.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"name": "改名工作室", "stale_after_days": 20, "is_active": "on"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "rep add form", "GET", lambda w: reverse("liaison:rep-add", args=[w.studio.pk]), ((WB, MANAGE),)
    ),
    Endpoint(
        "rep add",
        "POST",
        lambda w: reverse("liaison:rep-add", args=[w.studio.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"person": w.candidate_rep.pk, "started_on": today()},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "representative", "GET", lambda w: reverse("liaison:representative", args=[w.rep.pk]), ((WB, VIEW),)
    ),
    Endpoint(
        "link add",
        "POST",
        lambda w: reverse("liaison:representative", args=[w.rep.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"form": "link", "link-person": w.neighbour.pk, "link-started_on": today()},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "link end",
        "POST",
        lambda w: reverse("liaison:link-end", args=[w.link_to_end.pk]),
        ((WB, MANAGE),),
        body=lambda w: {"end-ended_on": today()},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "session add form",
        "GET",
        lambda w: reverse("liaison:session-add", args=[w.studio.pk]),
        ((WB, MANAGE),),
    ),
    Endpoint(
        "session add",
        "POST",
        lambda w: reverse("liaison:session-add", args=[w.studio.pk]),
        ((WB, MANAGE),),
        body=lambda w: {
            "kind": "studio",
            "day": today(),
            "starts": "14:00",
            "ends": "16:00",
            "hosts": [w.rep.pk],
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "session", "GET", lambda w: reverse("liaison:session", args=[w.session.pk]), ((WB, VIEW), (WB, SERVE))
    ),
    Endpoint(
        "session concern",
        "POST",
        lambda w: reverse("liaison:session", args=[w.session.pk]),
        ((WB, MANAGE), (WB, SERVE)),
        body=lambda w: {"form": "concern", "concern-name": "来访者", "concern-text": "反映问题"},
        writes=True,
        ok=302,
    ),
    Endpoint("app sessions", "GET", lambda w: reverse("liaison:app-sessions"), ()),
    Endpoint("rep home", "GET", lambda w: reverse("liaison:rep-home"), ((SERVE,),)),
    Endpoint("rep session form", "GET", lambda w: reverse("liaison:rep-session-new"), ((SERVE,),)),
    Endpoint(
        "rep session log",
        "POST",
        lambda w: reverse("liaison:rep-session-new"),
        ((SERVE,),),
        body=lambda w: {
            "kind": "mobile",
            "day": today(),
            "starts": "09:00",
            "ends": "10:00",
            "place": w.grid.pk,
            "hosts": [w.rep.pk],
        },
        writes=True,
        ok=302,
    ),
    Endpoint(
        "rep session",
        "GET",
        lambda w: reverse("liaison:rep-session", args=[w.session.pk]),
        ((VIEW,), (SERVE,)),
    ),
    Endpoint(
        "rep session held",
        "POST",
        lambda w: reverse("liaison:rep-session", args=[w.session.pk]),
        ((MANAGE,), (SERVE,)),
        body=lambda w: {"form": "hold", "hold-visitors": 9, "hold-summary": "接待"},
        writes=True,
        ok=302,
    ),
    Endpoint("rep link", "GET", lambda w: reverse("liaison:rep-link", args=[w.link.pk]), ((VIEW,), (SERVE,))),
    Endpoint(
        "rep contact",
        "POST",
        lambda w: reverse("liaison:rep-link", args=[w.link.pk]),
        ((MANAGE,), (SERVE,)),
        body=lambda w: {"on": today(), "method": "phone", "note": "电话问候"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "rep concern",
        "GET",
        lambda w: reverse("liaison:rep-concern", args=[w.concern.pk]),
        ((VIEW,), (SERVE,)),
    ),
    Endpoint(
        "concern to case",
        "POST",
        lambda w: reverse("liaison:rep-concern", args=[w.concern.pk]),
        ((SERVE,),),
        body=lambda w: {
            "form": "case",
            "case-case_type": "help",
            "case-category": w.category.pk,
            "case-text": "路灯不亮",
            "case-priority": "normal",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("api studios", "GET", lambda w: "/api/v1/liaison/studios", (), api=True),
    Endpoint("api studio", "GET", lambda w: f"/api/v1/liaison/studios/{w.studio.pk}", ((VIEW,),), api=True),
    Endpoint(
        "api sessions",
        "GET",
        lambda w: f"/api/v1/liaison/studios/{w.studio.pk}/sessions",
        ((VIEW,),),
        api=True,
    ),
    Endpoint(
        "api session",
        "GET",
        lambda w: f"/api/v1/liaison/sessions/{w.session.pk}",
        ((VIEW,), (SERVE,)),
        api=True,
    ),
    Endpoint("api upcoming", "GET", lambda w: "/api/v1/liaison/sessions/upcoming", (), api=True),
    Endpoint("api me", "GET", lambda w: "/api/v1/liaison/me", (), api=True),
    Endpoint(
        "api session add",
        "POST",
        lambda w: f"/api/v1/liaison/studios/{w.studio.pk}/sessions",
        ((MANAGE,), (SERVE,)),
        body=lambda w: {
            "kind": "studio",
            "starts_at": at(timezone.localdate() + dt.timedelta(days=3), 9).isoformat(),
            "ends_at": at(timezone.localdate() + dt.timedelta(days=3), 11).isoformat(),
            "hosts": [w.rep.pk],
        },
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api concern",
        "POST",
        lambda w: f"/api/v1/liaison/sessions/{w.session.pk}/concerns",
        ((MANAGE,), (SERVE,)),
        body=lambda w: {"name": "来访者", "text": "反映问题"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api link add",
        "POST",
        lambda w: f"/api/v1/liaison/representatives/{w.rep.pk}/links",
        ((MANAGE,),),
        body=lambda w: {"person_id": w.other_neighbour.pk},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api contact",
        "POST",
        lambda w: f"/api/v1/liaison/links/{w.link.pk}/contacts",
        ((MANAGE,), (SERVE,)),
        body=lambda w: {"on": today(), "method": "phone"},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api concern case",
        "POST",
        lambda w: f"/api/v1/liaison/concerns/{w.other_concern.pk}/case",
        ((SERVE,),),
        body=lambda w: {"case_type": "help", "category": "facility-lights"},
        api=True,
        writes=True,
        ok=201,
    ),
]


@dataclass
class World:
    community: Any
    grid: Any
    category: Any
    studio: Studio
    rep: Representative  # the user under test, on duty here (only the role decides what that allows)
    link: Link
    link_to_end: Link
    session: Session
    concern: Concern
    other_concern: Concern
    neighbour: Any
    other_neighbour: Any
    candidate_rep: Any
    outside_studio: Studio
    outside_rep: Representative
    outside_link: Link
    outside_session: Session
    outside_concern: Concern


def make_world(tree: Any, user: Any) -> World:
    from lianxin.casework.models import Category

    person = PersonFactory.create(node=tree.building, user=user, is_party_rep=True, is_party_member=True)
    studio = Studio.objects.create(node=tree.community, name="东一工作室")
    rep = Representative.objects.create(studio=studio, person=person, started_on=dt.date(2026, 1, 1))
    day = timezone.localdate()
    session = session_on(studio, day, starts_at=at(day, 0), ends_at=at(day, 1))
    link = link_to(rep, PersonFactory.create(node=tree.grid, name="结对居民"))

    def concern() -> Concern:
        return Concern.objects.create(
            representative=rep, session=session, name="居民", text="路灯", recorded_by=user
        )

    outside = Studio.objects.create(node=tree.other_community, name="东二工作室")
    outside_rep = Representative.objects.create(
        studio=outside,
        person=PersonFactory.create(node=tree.other_grid, is_party_rep=True),
        started_on=dt.date(2026, 1, 1),
    )
    outside_session = session_on(outside, day, starts_at=at(day, 0), ends_at=at(day, 1))
    return World(
        community=tree.community,
        grid=tree.grid,
        category=Category.objects.get(code="facility-lights"),
        studio=studio,
        rep=rep,
        link=link,
        link_to_end=link_to(rep, PersonFactory.create(node=tree.grid, name="将结束")),
        session=session,
        concern=concern(),
        other_concern=concern(),
        neighbour=PersonFactory.create(node=tree.building, name="邻居", is_party_member=True),
        other_neighbour=PersonFactory.create(node=tree.building, name="邻居二"),
        candidate_rep=PersonFactory.create(node=tree.grid, name="新代表", is_party_rep=True),
        outside_studio=outside,
        outside_rep=outside_rep,
        outside_link=link_to(outside_rep, PersonFactory.create(node=tree.other_grid)),
        outside_session=outside_session,
        outside_concern=Concern.objects.create(
            representative=outside_rep, session=outside_session, name="外", text="外", recorded_by=user
        ),
    )


def snapshot() -> tuple:
    return (
        tuple(Studio.objects.order_by("pk").values_list("pk", "name", "stale_after_days")),
        tuple(Representative.objects.order_by("pk").values_list("pk", "ended_on")),
        tuple(Link.objects.order_by("pk").values_list("pk", "ended_on")),
        tuple(Session.objects.order_by("pk").values_list("pk", "state", "visitors")),
        tuple(Concern.objects.order_by("pk").values_list("pk", "case_id", "answer")),
        Contact.objects.count(),
        Case.objects.count(),
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
    ("studio", lambda w: reverse("liaison:studio", args=[w.outside_studio.pk]), "GET", None),
    (
        "studio edit",
        lambda w: reverse("liaison:studio-edit", args=[w.outside_studio.pk]),
        "POST",
        {"name": "越界"},
    ),
    ("rep add", lambda w: reverse("liaison:rep-add", args=[w.outside_studio.pk]), "POST", {}),
    ("session add", lambda w: reverse("liaison:session-add", args=[w.outside_studio.pk]), "POST", {}),
    ("representative", lambda w: reverse("liaison:representative", args=[w.outside_rep.pk]), "GET", None),
    (
        "link add",
        lambda w: reverse("liaison:representative", args=[w.outside_rep.pk]),
        "POST",
        {"form": "link", "link-person": 1},
    ),
    (
        "link end",
        lambda w: reverse("liaison:link-end", args=[w.outside_link.pk]),
        "POST",
        {"end-ended_on": "2026-11-01"},
    ),
    ("session", lambda w: reverse("liaison:session", args=[w.outside_session.pk]), "GET", None),
    (
        "session concern",
        lambda w: reverse("liaison:session", args=[w.outside_session.pk]),
        "POST",
        {"form": "concern", "concern-name": "越界", "concern-text": "越界"},
    ),
    ("rep session", lambda w: reverse("liaison:rep-session", args=[w.outside_session.pk]), "GET", None),
    (
        "rep link",
        lambda w: reverse("liaison:rep-link", args=[w.outside_link.pk]),
        "POST",
        {"on": "2026-11-01", "method": "phone"},
    ),
    (
        "rep concern",
        lambda w: reverse("liaison:rep-concern", args=[w.outside_concern.pk]),
        "POST",
        {"form": "answer", "answer-answer": "越界"},
    ),
    ("api studio", lambda w: f"/api/v1/liaison/studios/{w.outside_studio.pk}", "GET", None),
    ("api session", lambda w: f"/api/v1/liaison/sessions/{w.outside_session.pk}", "GET", None),
    ("api concern", lambda w: f"/api/v1/liaison/concerns/{w.outside_concern.pk}", "GET", None),
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
