"""Hostile input through the resident's request form, the requests API and the volunteers API:
each either gets a clear 4xx or is stored as typed and shown escaped."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lianxin.casework.models import Case, Category
from lianxin.core.roles import Role
from lianxin.volunteers.models import Activity, Brand, Team
from tests.conftest import Tree
from tests.factories import PersonFactory, UserFactory, grant
from tests.fuzz.conftest import raised

SCRIPT = "<script>alert('x')</script>"
TEXTS = [
    SCRIPT,
    'a" onmouseover="alert(1)',
    "'; DROP TABLE casework_case; --",
    "😀 emoji and rare CJK 𠀀𪚥",
]
BODY = {"case_type": "complaint", "category": "safety-wiring", "address": "东一路1号"}


def form(**fields: Any) -> dict[str, Any]:
    """The intake form's fields (its category is chosen by id)."""
    category = Category.objects.get(code="safety-wiring")
    return {**BODY, "category": category.pk, **fields}


@pytest.fixture
def resident(tree: Tree, settings: Any) -> Client:
    settings.RATE_LIMITS = raised(settings.RATE_LIMITS)
    user = UserFactory.create()
    PersonFactory.create(node=tree.building, user=user)
    client = Client()
    client.force_login(user)
    return client


def post_json(client: Client, url: str, body: Any, key: str = "") -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body)
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data, content_type="application/json", headers=headers)


@pytest.mark.parametrize("text", TEXTS)
def test_the_form_stores_hostile_text_and_shows_it_escaped(resident: Client, text: str) -> None:
    response = resident.post(reverse("app-case-new"), form(text=text))
    assert response.status_code == 302
    case = Case.objects.get(text=text)
    page = resident.get(reverse("app-case", args=[case.pk])).content.decode()
    if "<" in text or '"' in text:
        assert text not in page
    if text == SCRIPT:
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    if "onmouseover" in text:
        assert "a&quot; onmouseover=&quot;alert(1)" in page
    if "𠀀" in text:
        assert "𠀀𪚥" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "x" * 2001},  # longer than the form allows
        {"text": "ok", "latitude": "1e400"},  # a huge number
        {"text": "ok", "latitude": "-99999999999999999999"},
        {"text": "ok", "case_type": SCRIPT},
    ],
)
def test_the_form_refuses_bad_fields_with_an_error(resident: Client, fields: dict[str, str]) -> None:
    response = resident.post(reverse("app-case-new"), form(**fields))
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Case.objects.exists()


def test_the_form_survives_a_10_mb_body_and_invalid_utf8(resident: Client) -> None:
    huge = resident.post(reverse("app-case-new"), form(text="x" * 10_000_000))
    assert huge.status_code == 200 and "is-invalid" in huge.content.decode()  # "at most 2000 characters"
    raw = resident.post(
        reverse("app-case-new"),
        b"text=\xff\xfe\xfa&case_type=complaint",
        content_type="application/x-www-form-urlencoded",
    )
    assert raw.status_code < 500
    assert not Case.objects.exists()


@pytest.mark.parametrize("text", TEXTS)
def test_the_api_stores_hostile_text_as_typed(resident: Client, text: str) -> None:
    response = post_json(resident, "/api/v1/cases", {**BODY, "text": text}, key=f"k-{text[:8]}")
    assert response.status_code == 201 and response.json()["text"] == text
    case = Case.objects.get(text=text)
    page = resident.get(reverse("app-case", args=[case.pk])).content.decode()
    assert SCRIPT not in page


@pytest.mark.parametrize(
    "body",
    [
        {**BODY, "text": "ok", "latitude": 10**400},
        {**BODY, "text": "ok", "latitude": -(10**30)},
        {**BODY, "text": "ok", "node_id": 2**70},
        {**BODY, "text": "ok", "node_id": -5},
        {**BODY, "text": "x" * 100_000},
        {**BODY, "text": "ok", "category": "'; DROP TABLE casework_case; --"},
        {**BODY, "text": "ok", "case_type": SCRIPT},
        b'{"case_type": "complaint", "text": "\xff\xfe"}',
        b"{" + b'"text": "' + b"x" * 10_000_000 + b'"}',
        [1, 2, 3],
    ],
)
def test_the_api_refuses_bad_bodies_with_a_4xx(resident: Client, body: Any) -> None:
    response = post_json(resident, "/api/v1/cases", body, key="k-bad")
    assert 400 <= response.status_code < 500, response.content[:300]
    assert not Case.objects.exists()


def test_huge_keys_ids_and_years_are_answered_without_error(resident: Client) -> None:
    response = post_json(resident, "/api/v1/cases", {**BODY, "text": "ok"}, key="k" * 10_000)
    assert response.status_code < 500
    assert resident.get(f"/api/v1/cases/{2**70}").status_code == 404
    assert resident.get("/api/v1/cases/-1").status_code == 404
    assert resident.get("/api/v1/meetings/reviews?year=85735").status_code == 422


@pytest.fixture
def organiser(tree: Tree, settings: Any) -> tuple[Client, Team]:
    settings.RATE_LIMITS = raised(settings.RATE_LIMITS)
    worker = UserFactory.create()
    grant(worker, Role.COMMUNITY_WORKER, tree.community)
    brand = Brand.objects.create(node=tree.east, name="志平工作平台")
    team = Team.objects.create(brand=brand, node=tree.community, name="东一社区志愿者服务队")
    client = Client()
    client.force_login(worker)
    return client, team


def activity(team: Team, **fields: Any) -> dict[str, Any]:
    starts = dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)
    return {
        "team_id": team.pk,
        "title": "清扫楼道",
        "place": "广场",
        "capacity": 10,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        **fields,
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"capacity": -3},
        {"capacity": 10**20},
        {"starts_at": "2030-02-30T09:00:00+08:00"},
        {"title": "x" * 100_000},
        {"team_id": 2**70},
    ],
)
def test_a_bad_activity_is_a_4xx(organiser: tuple[Client, Team], fields: dict[str, Any]) -> None:
    client, team = organiser
    response = post_json(client, "/api/v1/volunteers/activities", activity(team, **fields))
    assert 400 <= response.status_code < 500, response.content[:300]
    assert not Activity.objects.exists()


def test_a_hostile_activity_title_is_stored_as_typed(organiser: tuple[Client, Team]) -> None:
    client, team = organiser
    response = post_json(client, "/api/v1/volunteers/activities", activity(team, title=SCRIPT, place="𠀀𪚥"))
    assert response.status_code == 201 and response.json()["title"] == SCRIPT
    assert Activity.objects.get().place == "𠀀𪚥"


@pytest.mark.parametrize("year", [1900, 2200])
def test_a_far_date_is_stored_as_given(organiser: tuple[Client, Team], year: int) -> None:
    client, team = organiser
    starts = dt.datetime(year, 1, 1, 9, tzinfo=dt.UTC)
    body = activity(team, starts_at=starts.isoformat(), ends_at=(starts + dt.timedelta(hours=2)).isoformat())
    response = post_json(client, "/api/v1/volunteers/activities", body)
    assert response.status_code == 201
    assert Activity.objects.get().starts_at == starts


def test_a_huge_page_limit_or_offset_is_a_4xx(organiser: tuple[Client, Team]) -> None:
    client, _team = organiser
    for url in ("/api/v1/meetings", "/api/v1/volunteers/activities", "/api/v1/cases"):
        for param in ("limit", "offset"):
            assert 400 <= client.get(f"{url}?{param}={2**70}").status_code < 500
