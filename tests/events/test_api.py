"""The JSON API: errors are {code, message, errors}; lists are paged."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from lianxin.events.models import Group, Registration
from tests.events.conftest import make_event, make_notice, register
from tests.factories import PersonFactory


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_sign_up_twice_answers_400_and_keeps_one(client, w):
    event = make_event(w.tree.community, w.worker, capacity=1)
    client.force_login(w.member_user)
    first = post(client, f"/api/v1/events/events/{event.pk}/sign-up")
    assert first.status_code == 201 and first.json()["state"] == "registered"
    again = post(client, f"/api/v1/events/events/{event.pk}/sign-up")
    assert again.status_code == 400 and again.json()["code"] == "invalid"
    assert "event" in again.json()["errors"]
    assert Registration.objects.count() == 1


def test_scanning_another_events_code_is_refused_with_its_name(client, w):
    soon = timezone.now() + dt.timedelta(minutes=5)
    event = make_event(w.tree.community, w.worker, starts_at=soon)
    other = make_event(w.tree.community, w.worker, starts_at=soon, title="消防讲座")
    code = register(other, w.member).code
    client.force_login(w.worker)
    response = post(client, f"/api/v1/events/events/{event.pk}/check-in", {"code": code})
    assert response.status_code == 400
    assert "消防讲座" in response.json()["errors"]["code"][0]


def test_notice_publish_validates_the_audience(client, w):
    client.force_login(w.worker)
    body = {
        "node_id": w.tree.community.pk,
        "title": "t",
        "body": "x",
        "audience": [{"node_id": w.tree.grid.pk, "group": "aliens"}],
    }
    response = post(client, "/api/v1/events/notices", body)
    assert response.status_code == 400 and "audience" in response.json()["errors"]
    body["audience"] = [{"node_id": w.tree.other_community.pk, "group": "everyone"}]
    assert post(client, "/api/v1/events/notices", body).status_code == 404  # not in the worker's area


def test_not_read_is_paged_with_a_count(client, w):
    notice = make_notice(w.tree.community, w.worker, [(w.tree.grid, Group.EVERYONE)])
    PersonFactory.create_batch(5, node=w.tree.grid)
    client.force_login(w.worker)
    response = client.get(f"/api/v1/events/notices/{notice.pk}/not-read?limit=2")
    assert response.status_code == 200
    assert response.json()["count"] == 8  # the five, the member, the resident, the stranger
    assert len(response.json()["items"]) == 2
    client.force_login(w.resident_user)
    assert client.get(f"/api/v1/events/notices/{notice.pk}").status_code == 200
    client.force_login(w.worker)
    assert client.get(f"/api/v1/events/notices/{notice.pk}/reads").json() == {
        "audience": 8,
        "read": 1,
        "not_read": 7,
    }
