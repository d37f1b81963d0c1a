"""The JSON API: a member reports, claims and logs a service; the community decides; bad input
answers 400 with the fields' errors and writes nothing."""

from __future__ import annotations

import json

from django.utils import timezone

from lianxin.posts.models import Report, ServiceRecord, State
from tests.posts.conftest import confirmed

API = "/api/v1/posts"


def post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_member_reports_and_the_community_confirms_over_the_api(client, pw, worker):
    client.force_login(pw.member_user)
    created = post(client, f"{API}/me/report", {"community_id": pw.community.pk})
    assert created.status_code == 201 and created.json()["state"] == "pending"
    client.force_login(worker)
    queue = client.get(f"{API}/queue").json()
    assert [r["person_name"] for r in queue["reports"]] == ["张在职"]
    report_id = created.json()["id"]
    bad = post(client, f"{API}/reports/{report_id}/decision", {"confirm": False})
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    ok = post(client, f"{API}/reports/{report_id}/decision", {"confirm": True})
    assert ok.status_code == 200 and ok.json()["number"].startswith("BD")
    client.force_login(pw.liaison)
    assert [r["id"] for r in client.get(f"{API}/employer/receipts").json()] == [report_id]
    client.force_login(pw.other_liaison)
    assert client.get(f"{API}/employer/receipts").json() == []


def test_bad_service_input_answers_400_and_writes_nothing(client, pw):
    confirmed(pw.member, pw.community, pw.unit)
    client.force_login(pw.member_user)
    response = post(client, f"{API}/me/services", {"on": "2099-01-01", "hours": "0", "what": ""})
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid"
    assert {"on", "hours", "what"} <= set(body["errors"])
    assert not ServiceRecord.objects.exists()
    today = timezone.localdate().isoformat()
    logged = post(client, f"{API}/me/services", {"on": today, "hours": "2", "what": "宣讲"})
    assert logged.status_code == 201 and logged.json()["state"] == State.PENDING
    assert [s["what"] for s in client.get(f"{API}/me/services").json()] == ["宣讲"]


def test_a_resident_who_is_not_a_party_member_cannot_report(client, tree):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory.create()
    PersonFactory.create(node=tree.building, user=user)
    client.force_login(user)
    response = post(client, f"{API}/me/report", {"community_id": tree.community.pk})
    assert response.status_code == 404 and not Report.objects.exists()
