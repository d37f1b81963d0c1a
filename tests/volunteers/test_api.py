"""The API: bad input answers 4xx with code, message and errors; nothing half-written."""

from __future__ import annotations

import json

from lianxin.volunteers import checkin
from lianxin.volunteers.models import Activity, SignUp
from tests.volunteers.conftest import at, days, place_for

API = "/api/v1/volunteers"


def post(client, url: str, body: dict) -> dict:
    response = client.post(url, json.dumps(body), content_type="application/json")
    return {"status": response.status_code, **response.json()}


def test_a_bad_activity_is_refused_with_the_fields_errors(client, vw):
    client.force_login(vw.worker)
    answer = post(
        client,
        f"{API}/activities",
        {
            "team_id": vw.team.pk,
            "title": "",
            "place": "广场",
            "capacity": 0,
            "starts_at": at(days(3), 11).isoformat(),
            "ends_at": at(days(3), 9).isoformat(),
        },
    )
    assert answer["status"] == 400 and answer["code"] == "invalid"
    assert set(answer["errors"]) == {"title", "capacity", "ends_at"}
    assert Activity.objects.count() == 1


def test_check_in_refusals_over_the_api(client, vw):
    place_for(vw.activity, vw.volunteer)
    client.force_login(vw.volunteer_user)
    answer = post(client, f"{API}/activities/{vw.activity.pk}/check", {"code": "nonsense"})
    assert answer["status"] == 400 and "code" in answer["errors"]
    answer = post(
        client, f"{API}/activities/{vw.activity.pk}/check", {"code": checkin.activity_code(vw.activity, "in")}
    )
    assert answer["status"] == 400  # tomorrow's activity: not open yet
    assert SignUp.objects.get().checked_in_at is None


def test_sign_up_and_cancel_over_the_api(client, vw):
    client.force_login(vw.volunteer_user)
    made = post(client, f"{API}/activities/{vw.activity.pk}/signup", {})
    assert made["status"] == 201 and made["state"] == "confirmed"
    again = post(client, f"{API}/activities/{vw.activity.pk}/signup", {})
    assert again["status"] == 400
    cancelled = post(client, f"{API}/signups/{made['id']}/cancel", {})
    assert cancelled["state"] == "cancelled"
