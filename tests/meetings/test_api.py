"""The meetings JSON API: schedule and hold a meeting, record a decision and its action, follow it
up; the review schedule."""

from __future__ import annotations

import json

from tests.meetings.conftest import at


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_meeting_through_the_api(client, tree, staff, cast, as_staff):
    response = post(
        client,
        "/api/v1/meetings",
        {
            "node_id": tree.east_committee.pk,
            "kind": "review",
            "title": "三月党建点评会",
            "starts_at": at("2026-03-20 15:00").isoformat(),
            "agenda": "通报\n点评",
        },
    )
    assert response.status_code == 201, response.json()
    meeting = response.json()
    assert meeting["agenda"] == ["通报", "点评"] and meeting["state"] == "planned"
    assert (
        post(client, f"/api/v1/meetings/{meeting['id']}/held", {"minutes": "纪要"}).json()["state"] == "held"
    )
    decision = post(client, f"/api/v1/meetings/{meeting['id']}/decisions", {"text": "开展消防排查"}).json()
    response = post(
        client,
        f"/api/v1/meetings/{meeting['id']}/decisions/{decision['number']}/actions",
        {
            "text": "排查飞线充电",
            "owner_node_id": tree.community.pk,
            "owner_person_id": cast.secretary.pk,
            "working_days": 5,
        },
    )
    assert response.status_code == 201, response.json()
    action = response.json()
    assert action["due_at"] == "2026-03-27T09:00:00Z" and action["overdue"]  # 17:00 in Beijing

    client.force_login(cast.secretary_user)
    [mine] = client.get("/api/v1/meetings/actions?mine=true").json()["items"]
    assert mine["id"] == action["id"]
    done = post(client, f"/api/v1/meetings/actions/{action['id']}/done", {"note": "已完成"}).json()
    assert done["state"] == "done" and not done["overdue"]

    client.force_login(staff)
    [row] = client.get("/api/v1/meetings/reviews?year=2026").json()
    assert row["node_id"] == tree.east_committee.pk
    assert [m["status"] for m in row["months"]][:3] == ["missing", "missing", "held"]
    bad = post(client, f"/api/v1/meetings/{meeting['id']}/decisions", {"text": ""})
    assert bad.status_code == 400 and "text" in bad.json()["errors"]
