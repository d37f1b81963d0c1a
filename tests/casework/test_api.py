"""The requests API: idempotent create, steps with their error codes, who sees what."""

from __future__ import annotations

import json
from typing import Any

from lianxin.casework.models import Case
from tests.casework.conftest import new_case
from tests.factories import PersonFactory, UserFactory


def post(client: Any, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


BODY = {"case_type": "complaint", "category": "safety-wiring", "text": "楼道电线老化", "address": "东一路1号"}


def test_a_retried_create_with_the_same_key_makes_one_case(client: Any, tree: Any, cast: Any) -> None:
    client.force_login(cast.reporter)
    first = post(client, "/api/v1/cases", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(client, "/api/v1/cases", BODY, HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Case.objects.filter(text="楼道电线老化").count() == 1
    assert first.json()["events"][0]["action"] == "submit"
    other = post(client, "/api/v1/cases", {**BODY, "text": "别的事"}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert post(client, "/api/v1/cases", BODY).status_code == 422  # the header is required


def test_bad_input_is_a_400_with_fields_and_changes_nothing(client: Any, tree: Any, cast: Any) -> None:
    client.force_login(cast.reporter)
    before = Case.objects.count()
    response = post(client, "/api/v1/cases", {**BODY, "text": " "}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 400 and "text" in response.json()["errors"]
    response = post(client, "/api/v1/cases", {**BODY, "category": "nope"}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert response.status_code == 400 and "category" in response.json()["errors"]
    assert Case.objects.count() == before


def test_steps_answer_403_404_and_409_as_documented(client: Any, tree: Any, cast: Any) -> None:
    case = new_case(tree, cast)
    client.force_login(cast.dispatcher)
    assert post(client, f"/api/v1/cases/{case.pk}/steps/accept", {}).json()["state"] == "accepted"
    conflict = post(client, f"/api/v1/cases/{case.pk}/steps/accept", {})
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"
    missing = post(client, f"/api/v1/cases/{case.pk}/steps/dispatch", {})
    assert missing.status_code == 400 and "unit" in missing.json()["errors"]
    client.force_login(cast.supervisor)
    refused = post(client, f"/api/v1/cases/{case.pk}/steps/close", {})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    client.force_login(cast.outsider)
    hidden = post(client, f"/api/v1/cases/{case.pk}/steps/close", {})
    assert hidden.status_code == 404 and Case.objects.get(pk=case.pk).state == "accepted"


def test_a_resident_never_sees_another_residents_case(client: Any, tree: Any, cast: Any) -> None:
    case = new_case(tree, cast)
    neighbour = UserFactory.create()
    PersonFactory.create(node=tree.building, user=neighbour)
    client.force_login(neighbour)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client.get("/api/v1/cases").json()["items"] == []
    client.force_login(cast.reporter)
    assert [c["number"] for c in client.get("/api/v1/cases?mine=true").json()["items"]] == [case.number]
    assert len(client.get("/api/v1/cases/categories").json()) > 20


def test_a_retry_is_answered_past_the_intake_limit(client: Any, tree: Any, cast: Any, settings: Any) -> None:
    settings.RATE_LIMITS = {"intake": {**settings.RATE_LIMITS["intake"], "limit": 1}}
    client.force_login(cast.reporter)
    first = post(client, "/api/v1/cases", BODY, HTTP_IDEMPOTENCY_KEY="k-9")
    assert first.status_code == 201
    refused = post(client, "/api/v1/cases", {**BODY, "text": "另一件事"}, HTTP_IDEMPOTENCY_KEY="k-10")
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    again = post(client, "/api/v1/cases", BODY, HTTP_IDEMPOTENCY_KEY="k-9")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
