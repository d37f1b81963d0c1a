"""GET requests and GET requests/{id}: scoped to the client's service account, newest first,
status mapped to open/closed with the internal state in status_notes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lianxin.casework.models import Case
from lianxin.casework.services import Step, case_transition
from lianxin.casework.workflow import State
from lianxin.open311.services import client_revoke
from lianxin.people.models import User
from tests.open311.conftest import BASE, as_json, as_xml, bring_to, error_descriptions, new_case

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def listed(api, key: str, **params) -> list[dict]:
    response = api.get(BASE + "requests.json", {"api_key": key, **params})
    assert response.status_code == 200, response.content
    return as_json(response)


def test_requests_json_shows_the_fields_of_the_spec(api, world):
    case = new_case(world.reporter, address="东一路1号", latitude="34.750000", longitude="113.700000")
    [found] = listed(api, world.key)
    assert list(found) == REQUEST_FIELDS
    assert found["service_request_id"] == case.number
    assert (found["status"], found["status_notes"]) == ("open", "Submitted")
    assert (found["service_code"], found["service_name"]) == ("safety-ebike", case.category.name)
    assert found["description"] == case.text
    assert found["address"] == "东一路1号"
    assert (found["lat"], found["long"]) == (34.75, 113.7)
    assert found["agency_responsible"] is None and found["media_url"] is None
    assert found["requested_datetime"] == timezone.localtime(case.submitted_at).isoformat(timespec="seconds")
    assert found["requested_datetime"].endswith("+08:00")
    assert found["expected_datetime"] == timezone.localtime(case.accept_due).isoformat(timespec="seconds")


def test_requests_xml_has_the_element_names_of_the_spec(api, world):
    case = new_case(world.reporter)
    root = as_xml(api.get(BASE + "requests.xml", {"api_key": world.key}))
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "open"
    assert request.findtext("media_url") == "" and request.findtext("lat") == ""


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_one_request(api, world, fmt):
    case = new_case(world.reporter)
    response = api.get(BASE + f"requests/{case.number}.{fmt}", {"api_key": world.key})
    assert response.status_code == 200
    if fmt == "json":
        [found] = as_json(response)
        assert found["service_request_id"] == case.number and list(found) == REQUEST_FIELDS
    else:
        root = as_xml(response)
        assert root.tag == "service_requests" and [r.tag for r in root] == ["request"]
        assert root[0].findtext("service_request_id") == case.number


def test_status_mapping_and_notes(api, world):
    submitted = new_case(world.reporter, text="一")
    accepted = bring_to(world, new_case(world.reporter, text="二"), State.ACCEPTED)
    declined = bring_to(world, new_case(world.reporter, text="三"), State.DECLINED, note="属人社部门职责")
    replied = bring_to(world, new_case(world.reporter, text="四"), State.REPLIED, reply="已安排维修")
    closed = bring_to(world, new_case(world.reporter, text="五"), State.CLOSED, reply="路灯已修复")
    duplicate = new_case(world.reporter, text="六")
    duplicate = case_transition(
        actor=world.dispatcher, case=duplicate, action="merge", step=Step(original=submitted)
    )
    found = {r["service_request_id"]: r for r in listed(api, world.key)}
    assert {number: (r["status"], r["status_notes"]) for number, r in found.items()} == {
        submitted.number: ("open", "Submitted"),
        accepted.number: ("open", "Accepted"),
        declined.number: ("closed", "Not accepted: 属人社部门职责"),
        replied.number: ("open", "Replied, awaiting check: 已安排维修"),
        closed.number: ("closed", "Closed: 路灯已修复"),
        duplicate.number: ("closed", f"Not accepted: Merged into the earlier request {submitted.number}."),
    }
    assert found[replied.number]["agency_responsible"] == world.tree.unit.name
    assert found[accepted.number]["expected_datetime"] == timezone.localtime(accepted.due_at).isoformat(
        timespec="seconds"
    )
    assert found[declined.number]["expected_datetime"] is None
    assert found[closed.number]["updated_datetime"] == timezone.localtime(
        Case.objects.get(pk=closed.pk).updated_at
    ).isoformat(timespec="seconds")

    open_ones = {r["service_request_id"] for r in listed(api, world.key, status="open")}
    closed_ones = {r["service_request_id"] for r in listed(api, world.key, status="closed")}
    assert open_ones == {submitted.number, accepted.number, replied.number}
    assert closed_ones == {declined.number, closed.number, duplicate.number}
    assert len(listed(api, world.key, status="open,closed")) == 6


def test_status_notes_in_chinese_by_default(client, world):
    case = new_case(world.reporter)
    [found] = as_json(client.get(BASE + "requests.json", {"api_key": world.key}))
    assert found["service_request_id"] == case.number
    assert found["status_notes"] == "待受理"


def test_confidential_requests_are_never_shown(api, world):
    shown = new_case(world.reporter, text="公开")
    secret = new_case(world.reporter, text="保密", is_confidential=True)
    assert [r["service_request_id"] for r in listed(api, world.key)] == [shown.number]
    assert listed(api, world.key, service_request_id=f"{shown.number},{secret.number}") == [
        listed(api, world.key)[0]
    ]
    for fmt in ("json", "xml"):
        response = api.get(BASE + f"requests/{secret.number}.{fmt}", {"api_key": world.key})
        assert response.status_code == 404
        assert error_descriptions(response, fmt) == ["Not found."]


def test_a_client_sees_only_its_own_area(api, world):
    mine = new_case(world.reporter)
    theirs = new_case(world.other_reporter)
    assert [r["service_request_id"] for r in listed(api, world.key)] == [mine.number]
    assert [r["service_request_id"] for r in listed(api, world.other_key)] == [theirs.number]
    both = f"{mine.number},{theirs.number}"
    assert [r["service_request_id"] for r in listed(api, world.key, service_request_id=both)] == [mine.number]
    for fmt in ("json", "xml"):
        response = api.get(BASE + f"requests/{theirs.number}.{fmt}", {"api_key": world.key})
        assert response.status_code == 404
        assert error_descriptions(response, fmt) == ["Not found."]
        assert api.get(BASE + f"requests/CD-00000000-0000.{fmt}", {"api_key": world.key}).status_code == 404


def test_newest_first_and_pages(api, world):
    cases = [new_case(world.reporter, text=f"第{i}件") for i in range(5)]
    numbers = [case.number for case in reversed(cases)]
    assert [r["service_request_id"] for r in listed(api, world.key)] == numbers
    assert [r["service_request_id"] for r in listed(api, world.key, page_size=2)] == numbers[:2]
    assert [r["service_request_id"] for r in listed(api, world.key, page_size=2, page=3)] == numbers[4:]
    assert listed(api, world.key, page_size=2, page=4) == []


def test_the_last_90_days_by_default_and_date_ranges(api, world):
    old = new_case(world.reporter, text="旧")
    long_ago = timezone.now() - dt.timedelta(days=100)
    Case.objects.filter(pk=old.pk).update(submitted_at=long_ago)
    recent = new_case(world.reporter, text="新")
    assert [r["service_request_id"] for r in listed(api, world.key)] == [recent.number]
    start = (long_ago - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (long_ago + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    assert [r["service_request_id"] for r in listed(api, world.key, start_date=start, end_date=end)] == [
        old.number
    ]
    assert [r["service_request_id"] for r in listed(api, world.key, start_date=start)] == [old.number]
    day = timezone.localdate(long_ago).isoformat()
    assert [r["service_request_id"] for r in listed(api, world.key, end_date=day)] == []
    # An unencoded "+" arrives as a space; it is read as the offset it was.
    plus = (long_ago - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S") + " 00:00"
    assert [r["service_request_id"] for r in listed(api, world.key, start_date=plus)] == [old.number]
    # service_request_id overrides every other argument, dates included.
    assert [r["service_request_id"] for r in listed(api, world.key, service_request_id=old.number)] == [
        old.number
    ]


def test_filter_by_service_code(api, world):
    ebike = new_case(world.reporter)
    from lianxin.casework.models import Category

    lights = new_case(world.reporter, category=Category.objects.get(code="facility-lights"))
    found = listed(api, world.key, service_code="facility-lights")
    assert [r["service_request_id"] for r in found] == [lights.number]
    both = listed(api, world.key, service_code="facility-lights,safety-ebike")
    assert {r["service_request_id"] for r in both} == {lights.number, ebike.number}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("params", "wanted"),
    [
        ({"start_date": "2026-13-01T00:00:00Z"}, ["start_date: give a W3C date-time with its time zone"]),
        ({"end_date": "2026-11-01T00:00:00"}, ["end_date: give a W3C date-time with its time zone"]),
        ({"start_date": "yesterday"}, ["start_date: give a W3C date-time"]),
        (
            {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-06-01T00:00:00+08:00"},
            ["start_date and end_date may not span more than 90 days."],
        ),
        (
            {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"},
            ["start_date: it comes after end_date."],
        ),
        ({"page": "0"}, ["page: give a whole number from 1 to"]),
        ({"page": "two"}, ["page: give a whole number from 1 to"]),
        ({"page_size": "1001"}, ["page_size: give a whole number from 1 to 1000."]),
        ({"page_size": "-5"}, ["page_size: give a whole number from 1 to 1000."]),
        ({"status": "pending"}, ["status: use open, closed or both"]),
        ({"service_code": "safety-ebike,nope"}, ["service_code: no such service: nope."]),
        ({"page": "x", "status": "x"}, ["status: use", "page: give"]),
    ],
)
def test_bad_arguments_are_400(api, world, fmt, params, wanted):
    response = api.get(BASE + f"requests.{fmt}", {"api_key": world.key, **params})
    assert response.status_code == 400
    descriptions = error_descriptions(response, fmt)
    assert len(descriptions) == len(wanted)
    assert all(any(d.startswith(w) for d in descriptions) for w in wanted), descriptions


def test_empty_arguments_count_as_not_given(api, world):
    case = new_case(world.reporter)
    found = listed(
        api, world.key, start_date="", end_date="", status="", page="", page_size="", service_code=""
    )
    assert [r["service_request_id"] for r in found] == [case.number]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_is_needed(api, world, fmt):
    case = new_case(world.reporter)
    paths = [f"requests.{fmt}", f"requests/{case.number}.{fmt}"]
    for path in paths:
        missing = api.get(BASE + path)
        assert missing.status_code == 403
        assert error_descriptions(missing, fmt) == ["api_key: it was not provided."]
        unknown = api.get(BASE + path, {"api_key": "not-a-key"})
        assert unknown.status_code == 403
        assert error_descriptions(unknown, fmt) == ["api_key: it is not valid, or it was revoked."]
    client_revoke(actor=None, client=world.client)
    for path in paths:
        revoked = api.get(BASE + path, {"api_key": world.key})
        assert revoked.status_code == 403
        assert error_descriptions(revoked, fmt) == ["api_key: it is not valid, or it was revoked."]


def test_a_deactivated_service_account_stops_the_key(api, world):
    User.objects.filter(pk=world.account.pk).update(is_active=False)
    assert api.get(BASE + "requests.json", {"api_key": world.key}).status_code == 403


def test_a_photo_is_served_through_a_signed_link_for_a_day(api, world):
    case = new_case(world.reporter, photo=True)
    [found] = listed(api, world.key)
    link = found["media_url"]
    assert link.startswith("http://testserver/open311/v2/photos/")
    photo = api.get(link)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert api.get(link[:-3] + "xyz").status_code == 404  # tampered
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, minutes=1)):
        assert api.get(link).status_code == 404  # expired
    Case.objects.filter(pk=case.pk).update(is_confidential=True)
    assert api.get(link).status_code == 404


def test_query_count_is_pinned_and_flat(api, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(BASE + "requests.json", {"api_key": world.key})
        assert response.status_code == 200
        return len(queries.captured_queries)

    new_case(world.reporter, photo=True)
    few = count()
    for i in range(6):
        case = new_case(world.reporter, text=f"批量{i}", photo=i % 2 == 0)
        bring_to(world, case, [State.DECLINED, State.REPLIED, State.SUBMITTED][i % 3])
    merged = new_case(world.reporter, text="重复")
    case_transition(actor=world.dispatcher, case=merged, action="merge", step=Step(original=case))
    many = count()
    assert len(listed(api, world.key)) == 8
    # key and service account, its grants, the page of cases, their photos, their closing steps
    assert few == many == 5
