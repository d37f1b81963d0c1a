"""The JSON API: the same answers as the pages, machine-readable errors, in the OpenAPI spec."""

from __future__ import annotations

import json

from lianxin.campaigns.models import FigureReport, ScoreSheet


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_reads(client, busy):
    w = busy.world
    client.force_login(w.leader)
    base = f"/api/v1/campaigns/{w.campaign.pk}"
    [campaign] = client.get("/api/v1/campaigns").json()
    assert campaign["whole"] and [p["name"] for p in campaign["posts"]] == ["第一指挥部", "第二指挥部"]
    assert client.get(f"{base}/coverage").json() == {
        "grids": 4,
        "covered": 4,
        "full": True,
        "gaps": [],
        "overlaps": {},
    }
    tasks = {t["title"]: t for t in client.get(f"{base}/tasks").json()}
    assert tasks["环境整治"]["progress"] == 30.0 and tasks["环境整治"]["status"] == "doing"
    figures = {f["name"]: f for f in client.get(f"{base}/figures?start=2026-06-01").json()}
    assert float(figures["组织人力"]["total"]) == 120
    may = client.get(f"{base}/months/2026-05").json()
    assert may["awarded"] and may["posts"][0]["name"] == "第一指挥部" and may["posts"][0]["rank"] == 1
    june = client.get(f"{base}/months/2026-06").json()
    assert not june["awarded"] and {f["flag"] for f in june["flags"]} == {"red", "black"}
    assert len(client.get(f"{base}/flags").json()) == 4
    quarter = client.get(f"{base}/quarters/2026/2").json()
    assert quarter["posts"][0]["rank"] == 1
    assert client.get(f"{base}/months/not-a-month").status_code == 404
    assert client.get(f"{base}/quarters/2026/5").status_code == 404


def test_bad_input_is_400_with_the_fields_errors_and_changes_nothing(client, busy):
    w = busy.world
    client.force_login(w.inspector)
    response = post(
        client,
        f"/api/v1/campaigns/{w.campaign.pk}/months/2026-06/sheets",
        {"subject": "post", "id": w.post_a.pk, "scores": {str(w.order.pk): 130}},
    )
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid"
    assert set(body["errors"]) == {f"score_{w.order.pk}", f"score_{w.tidy.pk}"}
    assert ScoreSheet.objects.count() == 8

    client.force_login(w.a_leader)
    response = post(
        client,
        f"/api/v1/campaigns/posts/{w.post_a.pk}/figures",
        {"span": "week", "starts_on": "2026-06-03", "values": {str(w.people.pk): 5}},
    )
    assert response.status_code == 400 and "starts_on" in response.json()["errors"]
    response = post(
        client,
        f"/api/v1/campaigns/posts/{w.post_a.pk}/figures",
        {"starts_on": "2026-06-09", "values": {"99999": 5}},
    )
    assert response.status_code == 400 and "values" in response.json()["errors"]
    response = post(client, f"/api/v1/campaigns/posts/{w.post_a.pk}/figures", {"values": {}})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"
    assert FigureReport.objects.count() == 3


def test_a_member_reports_through_the_api(client, busy):
    w = busy.world
    client.force_login(w.a_leader)
    response = post(
        client,
        f"/api/v1/campaigns/posts/{w.post_a.pk}/figures",
        {"span": "day", "starts_on": "2026-06-09", "values": {str(w.people.pk): 40, str(w.waste.pk): 8}},
    )
    assert response.status_code == 200 and response.json() == {"written": 2}


def test_the_openapi_spec_lists_the_campaign_endpoints(client, busy):
    client.force_login(busy.world.leader)
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}/coverage",
        "/api/v1/campaigns/{campaign_id}/months/{month}/sheets",
        "/api/v1/campaigns/findings/{finding_id}/reinspections",
    ):
        assert path in paths, path
