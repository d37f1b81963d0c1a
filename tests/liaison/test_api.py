"""The studio's JSON API: a representative logs a session that took place, records a concern and
turns it into a request; errors are the project's machine-readable bodies."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from lianxin.casework.models import Case
from tests.liaison.conftest import at, link_to


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_representative_works_through_the_api(client, tree, sw):
    link_to(sw.rep, sw.resident)
    client.force_login(sw.rep_user)
    [duty] = client.get("/api/v1/liaison/me").json()
    assert duty["studio"]["name"] == "东一社区党代表工作室" and duty["links"][0]["person_name"] == "王居民"

    day = timezone.localdate() - dt.timedelta(days=1)
    response = post(
        client,
        f"/api/v1/liaison/studios/{sw.studio.pk}/sessions",
        {
            "kind": "mobile",
            "starts_at": at(day, 9).isoformat(),
            "ends_at": at(day, 11).isoformat(),
            "hosts": [sw.rep.pk],
            "place_id": tree.building.pk,
            "visitors": 4,
            "summary": "楼下接待",
        },
    )
    assert response.status_code == 201, response.json()
    session = response.json()
    assert (session["state"], session["hosts"], session["visitors"]) == ("held", ["李代表"], 4)

    response = post(
        client,
        f"/api/v1/liaison/sessions/{session['id']}/concerns",
        {"name": "王居民", "text": "楼道灯不亮", "phone": "13912345678"},
    )
    assert response.status_code == 201
    concern = response.json()
    assert "phone" not in json.dumps(concern)

    response = post(
        client, f"/api/v1/liaison/concerns/{concern['id']}/case", {"case_type": "help", "category": "nope"}
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert "category" in response.json()["errors"]
    response = post(
        client,
        f"/api/v1/liaison/concerns/{concern['id']}/case",
        {"case_type": "help", "category": "facility-lights"},
    )
    assert response.status_code == 201
    progress = response.json()["case"]
    case = Case.objects.get()
    assert progress["number"] == case.number and progress["state"] == "submitted"
    assert case.reporter == sw.resident
    # The representative's contact with their linked resident was noted.
    assert client.get("/api/v1/liaison/me").json()[0]["links"][0]["last_contact"] == day.isoformat()


def test_the_studio_api_flags_gaps_and_quiet_links(client, tree, sw, as_staff):
    link_to(sw.rep, sw.resident, dt.date(2026, 1, 1))
    body = client.get(f"/api/v1/liaison/studios/{sw.studio.pk}").json()
    [rep] = body["representatives"]
    assert rep["too_few_links"] and rep["links"][0]["stale"]
    assert any(week["gap"] for week in body["weeks"])
    bad = post(client, f"/api/v1/liaison/studios/{sw.studio.pk}/sessions", {"kind": "studio"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"
