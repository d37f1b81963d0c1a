"""Every volunteer endpoint × every role granted on 东一社区: the capability table decides for
staff pages and the staff API; a volunteer's own pages need only a log-in with a person; records
outside the subtree — and other volunteers' records — answer 404; a refused call changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lianxin.core.roles import Cap, Role
from lianxin.volunteers.models import (
    Activity,
    Brand,
    Certificate,
    Correction,
    Membership,
    RecordEntry,
    SignUp,
    Team,
)
from tests.factories import UserFactory, grant
from tests.matrix import Endpoint, endpoint_problems, outside_problems
from tests.volunteers.conftest import YEAR_START, at, days
from tests.volunteers.matrix_world import World, make_world

WB, VIEW, MANAGE = Cap.WORKBENCH, Cap.VOLUNTEERS_VIEW, Cap.VOLUNTEERS_MANAGE
API = "/api/v1/volunteers"


def wb(name: str, *args: Any) -> Any:
    return lambda w: reverse(f"volunteers:{name}", args=[a(w) if callable(a) else a for a in args])


def pk(attr: str) -> Any:
    return lambda w: getattr(w, attr).pk


ENDPOINTS = [
    Endpoint("home", "GET", wb("home"), ((WB, VIEW),)),
    Endpoint(
        "brand add",
        "POST",
        wb("home"),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"form": "brand", "brand-node": w.community.pk, "brand-name": "老党员说事会"},
    ),
    Endpoint("brand", "GET", wb("brand", pk("brand")), ((WB, VIEW),)),
    Endpoint(
        "team add",
        "POST",
        wb("brand", pk("brand")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"form": "team", "team-name": "新队", "team-node": w.community.pk},
    ),
    Endpoint("team", "GET", wb("team", pk("team")), ((WB, VIEW),)),
    Endpoint(
        "member add",
        "POST",
        wb("team", pk("team")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"form": "member", "member-person": w.candidate.pk},
    ),
    Endpoint(
        "activity add",
        "POST",
        wb("team", pk("team")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {
            "form": "activity",
            "activity-title": "清扫楼道",
            "activity-place": "1号楼",
            "activity-starts_at": f"{days(5)}T09:00",
            "activity-ends_at": f"{days(5)}T11:00",
            "activity-capacity": 10,
        },
    ),
    Endpoint(
        "membership decide",
        "POST",
        wb("membership", pk("request")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"action": "approve"},
    ),
    Endpoint("activity", "GET", wb("activity", pk("past")), ((WB, VIEW),)),
    Endpoint(
        "served",
        "POST",
        wb("activity", pk("past")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"form": "served", "served-count": 25},
    ),
    Endpoint(
        "accept code",
        "POST",
        wb("activity", pk("running_page")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"form": "code", "code-code": w.person_code_page, "code-direction": "in"},
    ),
    Endpoint("qr", "GET", wb("activity-qr", pk("running_page")), ((WB, MANAGE),)),
    Endpoint(
        "hours",
        "POST",
        wb("signup-hours", pk("hours_page")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {},
    ),
    Endpoint("people", "GET", wb("people"), ((WB, VIEW),)),
    Endpoint("person", "GET", wb("person", pk("other")), ((WB, VIEW),)),
    Endpoint(
        "entry add",
        "POST",
        wb("person", pk("other")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {
            "form": "entry",
            "entry-kind": "training",
            "entry-title": "急救培训",
            "entry-on": str(days(-1)),
        },
    ),
    Endpoint("corrections", "GET", wb("corrections"), ((WB, VIEW),)),
    Endpoint(
        "correction decide",
        "POST",
        wb("correction", pk("correction_page")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"action": "approve"},
    ),
    Endpoint("certificates", "GET", wb("certificates"), ((WB, VIEW),)),
    Endpoint(
        "certificate issue",
        "POST",
        wb("certificates"),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {
            "form": "certificate",
            "certificate-person": w.other.pk,
            "certificate-issuer": w.community.pk,
            "certificate-period_from": str(YEAR_START),
            "certificate-period_to": str(days(0)),
        },
    ),
    Endpoint("certificate pdf", "GET", wb("certificate-pdf", pk("certificate")), ((WB, VIEW),)),
    Endpoint(
        "certificate revoke",
        "POST",
        wb("certificate-revoke", pk("certificate")),
        ((WB, MANAGE),),
        writes=True,
        ok=302,
        body=lambda w: {"reason": "重复"},
    ),
    # the volunteer's own pages
    Endpoint("app home", "GET", wb("app-home"), ()),
    Endpoint("app activity", "GET", wb("app-activity", pk("future_page")), ()),
    Endpoint(
        "app sign up",
        "POST",
        wb("app-activity", pk("future_page")),
        (),
        writes=True,
        ok=302,
        body=lambda w: {"action": "sign_up"},
    ),
    Endpoint(
        "app cancel",
        "POST",
        wb("app-activity", lambda w: w.my_cancel_page.activity_id),
        (),
        writes=True,
        ok=302,
        body=lambda w: {"action": "cancel", "signup": w.my_cancel_page.pk},
    ),
    Endpoint(
        "app check page",
        "GET",
        lambda w: reverse("volunteers:app-check", args=[w.running_page.pk, w.code_page]),
        (),
    ),
    Endpoint(
        "app check",
        "POST",
        lambda w: reverse("volunteers:app-check", args=[w.running_page.pk, w.code_page]),
        (),
        writes=True,
    ),
    Endpoint("app join", "POST", wb("app-join", pk("team_page_join")), (), writes=True, ok=302),
    Endpoint("app code", "GET", wb("app-code"), ()),
    Endpoint("app record", "GET", wb("app-record"), ()),
    Endpoint("app correct form", "GET", wb("app-correct", pk("my_service_page")), ()),
    Endpoint(
        "app correct",
        "POST",
        wb("app-correct", pk("my_service_page")),
        (),
        writes=True,
        ok=302,
        body=lambda w: {"new_hours": "1.5", "reason": "早退"},
    ),
    Endpoint("app certificate", "GET", wb("app-certificate", pk("my_certificate")), ()),
    # the API
    Endpoint("api brands", "GET", lambda w: f"{API}/brands", (), api=True),
    Endpoint("api teams", "GET", lambda w: f"{API}/teams", (), api=True),
    Endpoint("api team", "GET", lambda w: f"{API}/teams/{w.team.pk}", ((VIEW,),), api=True),
    Endpoint("api activities", "GET", lambda w: f"{API}/activities", (), api=True),
    Endpoint("api activity", "GET", lambda w: f"{API}/activities/{w.past.pk}", ((VIEW,),), api=True),
    Endpoint(
        "api activity add",
        "POST",
        lambda w: f"{API}/activities",
        ((MANAGE,),),
        api=True,
        writes=True,
        ok=201,
        body=lambda w: {
            "team_id": w.team.pk,
            "title": "义诊",
            "place": "广场",
            "capacity": 5,
            "starts_at": at(days(6)).isoformat(),
            "ends_at": at(days(6), 11).isoformat(),
        },
    ),
    Endpoint(
        "api codes", "GET", lambda w: f"{API}/activities/{w.running_api.pk}/codes", ((MANAGE,),), api=True
    ),
    Endpoint(
        "api check person",
        "POST",
        lambda w: f"{API}/activities/{w.running_api.pk}/check-person",
        ((MANAGE,),),
        api=True,
        writes=True,
        body=lambda w: {"code": w.person_code_api, "direction": "in"},
    ),
    Endpoint(
        "api hours",
        "POST",
        lambda w: f"{API}/signups/{w.hours_api.pk}/hours",
        ((MANAGE,),),
        api=True,
        writes=True,
        body=lambda w: {},
    ),
    Endpoint(
        "api served",
        "POST",
        lambda w: f"{API}/activities/{w.past.pk}/served",
        ((MANAGE,),),
        api=True,
        writes=True,
        body=lambda w: {"count": 40, "person_ids": [w.other.pk]},
    ),
    Endpoint("api corrections", "GET", lambda w: f"{API}/corrections", (), api=True),
    Endpoint(
        "api correction decide",
        "POST",
        lambda w: f"{API}/corrections/{w.correction_api.pk}/decide",
        ((MANAGE,),),
        api=True,
        writes=True,
        body=lambda w: {"approve": False, "note": "无误"},
    ),
    Endpoint("api certificates", "GET", lambda w: f"{API}/certificates", (), api=True),
    Endpoint(
        "api certificate issue",
        "POST",
        lambda w: f"{API}/certificates",
        ((MANAGE,),),
        api=True,
        writes=True,
        ok=201,
        body=lambda w: {
            "person_id": w.other.pk,
            "issuer_id": w.community.pk,
            "period_from": str(YEAR_START),
            "period_to": str(days(0)),
        },
    ),
    Endpoint("api my activities", "GET", lambda w: f"{API}/my/activities", (), api=True),
    Endpoint("api my signups", "GET", lambda w: f"{API}/my/signups", (), api=True),
    Endpoint("api my record", "GET", lambda w: f"{API}/my/record", (), api=True),
    Endpoint(
        "api join",
        "POST",
        lambda w: f"{API}/teams/{w.team_api_join.pk}/join",
        (),
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api sign up",
        "POST",
        lambda w: f"{API}/activities/{w.future_api.pk}/signup",
        (),
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api cancel",
        "POST",
        lambda w: f"{API}/signups/{w.my_cancel_api.pk}/cancel",
        (),
        api=True,
        writes=True,
    ),
    Endpoint(
        "api check",
        "POST",
        lambda w: f"{API}/activities/{w.running_api.pk}/check",
        (),
        api=True,
        writes=True,
        body=lambda w: {"code": w.code_api},
    ),
    Endpoint(
        "api correct",
        "POST",
        lambda w: f"{API}/signups/{w.my_service_api.pk}/corrections",
        (),
        api=True,
        writes=True,
        ok=201,
        body=lambda w: {"new_hours": "1.5", "reason": "早退"},
    ),
]


def snapshot() -> tuple:
    return (
        tuple(Brand.objects.order_by("pk").values_list("pk", "name")),
        tuple(Team.objects.order_by("pk").values_list("pk", "name")),
        tuple(Membership.objects.order_by("pk").values_list("pk", "state")),
        tuple(Activity.objects.order_by("pk").values_list("pk", "state", "served_count")),
        tuple(
            SignUp.objects.order_by("pk").values_list(
                "pk", "state", "checked_in_at", "checked_out_at", "hours_final"
            )
        ),
        tuple(Correction.objects.order_by("pk").values_list("pk", "state")),
        tuple(Certificate.objects.order_by("pk").values_list("pk", "revoked_at")),
        RecordEntry.objects.count(),
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
    ("team", wb("team", pk("outside_team")), "GET", None),
    ("member add", wb("team", pk("outside_team")), "POST", {"form": "member", "member-person": 1}),
    ("membership", wb("membership", pk("outside_request")), "POST", {"action": "approve"}),
    ("activity", wb("activity", pk("outside_activity")), "GET", None),
    ("served", wb("activity", pk("outside_activity")), "POST", {"form": "served", "served-count": 5}),
    ("qr", wb("activity-qr", pk("outside_activity")), "GET", None),
    ("hours", wb("signup-hours", pk("outside_signup")), "POST", {}),
    ("person", wb("person", pk("outside_person")), "GET", None),
    ("correction", wb("correction", pk("outside_correction")), "POST", {"action": "approve"}),
    ("certificate pdf", wb("certificate-pdf", pk("outside_certificate")), "GET", None),
    ("certificate revoke", wb("certificate-revoke", pk("outside_certificate")), "POST", {"reason": "越界"}),
    ("app activity", wb("app-activity", pk("outside_activity")), "GET", None),
    ("app sign up", wb("app-activity", pk("outside_activity")), "POST", {"action": "sign_up"}),
    (
        "app correct others",
        wb("app-correct", pk("outside_signup")),
        "POST",
        {"new_hours": "1", "reason": "x"},
    ),
    ("app others certificate", wb("app-certificate", pk("certificate")), "GET", None),
    ("app others certificate outside", wb("app-certificate", pk("outside_certificate")), "GET", None),
    ("api team", lambda w: f"{API}/teams/{w.outside_team.pk}", "GET", None),
    ("api activity", lambda w: f"{API}/activities/{w.outside_activity.pk}", "GET", None),
    ("api codes", lambda w: f"{API}/activities/{w.outside_activity.pk}/codes", "GET", None),
    ("api cancel others", lambda w: f"{API}/signups/{w.outside_signup.pk}/cancel", "POST", None),
]


@pytest.mark.parametrize("role", Role.values)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = outside_problems(client, world, OUTSIDE, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_a_volunteer_sees_only_their_own_records(client, tree):
    world = signed_in(client, tree, Role.VOLUNTEER)
    others = [
        wb("app-correct", pk("hours_page")),
        wb("app-certificate", pk("certificate")),
        lambda w: f"{API}/signups/{w.hours_page.pk}/cancel",
    ]
    assert [client.get(url(world)).status_code for url in others[:2]] == [404, 404]
    assert client.post(others[2](world), "{}", content_type="application/json").status_code == 404
    record = client.get(f"{API}/my/record").json()
    assert record["name"] == "我" and {s["id"] for s in record["services"]} == {
        world.my_service_page.pk,
        world.my_service_api.pk,
    }


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, tree):
    world = make_world(tree, UserFactory.create())
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login")), endpoint.name
    assert client.get(reverse("volunteers:verify", args=[world.certificate.code])).status_code == 200
