"""The JSON API: contracts with progress, the social worker's log, the buyer's confirmation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from lianxin.socialwork.models import LogState, ServiceLog
from tests.factories import PersonFactory
from tests.socialwork.conftest import log_on

pytestmark = pytest.mark.django_db
API = "/api/v1/social-work"


def post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


def test_staff_read_contracts_with_progress(client, tree, sw, as_staff, django_assert_max_num_queries):
    log_on(sw.cases, sw.social_worker, timezone.localdate() - dt.timedelta(days=1), quantity=15)
    with django_assert_max_num_queries(6):
        listed = client.get(f"{API}/contracts").json()
    assert [c["number"] for c in listed] == ["SW-2026-001"]
    detail = client.get(f"{API}/contracts/{sw.contract.pk}").json()
    cases = next(d for d in detail["deliverables"] if d["name"] == "个案服务")
    assert (cases["done"], cases["target"], cases["percent"], cases["lagging"]) == (15, 30, 50, False)
    assert sum(cases["quarters_done"]) == 15
    assert detail["lagging"] == 2 and detail["state"] == "in_force"


def test_a_social_worker_logs_and_reads_their_logs(client, tree, sw):
    PersonFactory.create(node=tree.building, name="孙奶奶", phone="13700001111")
    client.force_login(sw.social_worker)
    body = {
        "on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "hours": "1.5",
        "content": "入户探访",
        "quantity": 1,
        "people_served": 1,
        "person_phone": "13700001111",
    }
    made = post(client, f"{API}/deliverables/{sw.cases.pk}/logs", body)
    assert made.status_code == 201
    assert made.json()["state"] == "pending" and made.json()["person_served"] == "孙**"
    bad = post(client, f"{API}/deliverables/{sw.cases.pk}/logs", body | {"quantity": 0, "hours": "0"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and set(bad.json()["errors"]) == {"quantity", "hours"}
    mine = client.get(f"{API}/logs/mine").json()
    assert mine["count"] == 1 and mine["items"][0]["content"] == "入户探访"


def test_another_organisations_social_worker_gets_404_and_writes_nothing(client, sw):
    client.force_login(sw.other_worker)
    body = {"on": timezone.localdate().isoformat(), "hours": "1", "content": "越界", "quantity": 1}
    response = post(client, f"{API}/deliverables/{sw.cases.pk}/logs", body)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{API}/contracts/{sw.contract.pk}").status_code == 404
    assert not ServiceLog.objects.exists()


def test_staff_confirm_and_return_over_the_api(client, sw, as_staff):
    day = timezone.localdate() - dt.timedelta(days=1)
    first, second = (log_on(sw.groups, sw.social_worker, day, state=LogState.PENDING) for _ in range(2))
    assert post(client, f"{API}/logs/{first.pk}/confirm", {}).json()["state"] == "confirmed"
    again = post(client, f"{API}/logs/{first.pk}/confirm", {})
    assert again.status_code == 400
    assert post(client, f"{API}/logs/{second.pk}/return", {"reason": ""}).status_code == 400
    returned = post(client, f"{API}/logs/{second.pk}/return", {"reason": "缺少照片"}).json()
    assert (returned["state"], returned["return_reason"]) == ("returned", "缺少照片")
    logs = client.get(f"{API}/contracts/{sw.contract.pk}/logs").json()
    assert logs["count"] == 2
