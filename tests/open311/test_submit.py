"""POST requests: a case taken in through the client's channel as its service account, safe to
retry; and GET tokens/{token}."""

from __future__ import annotations

import pytest
from django.db import connection

from lianxin.casework.models import Case
from lianxin.core.models import AuditLog
from lianxin.open311.models import Submission
from lianxin.open311.services import client_revoke
from lianxin.orgs.models import OrgNode
from tests.factories import PersonFactory
from tests.open311.conftest import BASE, REPORTER_PHONE, as_json, as_xml, error_descriptions, new_case

PHONE = "13955556666"


def fields(world, **changes) -> dict[str, str]:
    return {
        "api_key": world.key,
        "service_code": "facility-lights",
        "address_string": "东一路1号",
        "description": "楼前路灯不亮，晚上出行不便",
        "phone": PHONE,
        "attribute[case_type]": "help",
        "device_id": "device-1",
        "account_id": "account-1",
        "email": "someone@example.org",
        "first_name": "三",
        "last_name": "张",
    } | changes


def post(api, world, fmt="json", **changes):
    return api.post(BASE + f"requests.{fmt}", fields(world, **changes))


def test_post_creates_a_case_through_the_clients_channel(api, world):
    response = post(api, world, media_url="https://example.org/p/1.jpg", **{"attribute[priority]": "high"})
    assert response.status_code == 201
    [created] = as_json(response)
    assert list(created) == ["service_request_id", "token", "service_notice"]
    case = Case.objects.select_related("category", "node").get(number=created["service_request_id"])
    assert case.channel == "hotline"
    assert (case.category.code, case.case_type, case.priority) == ("facility-lights", "help", "high")
    assert case.text == "楼前路灯不亮，晚上出行不便"
    assert case.node == world.tree.building and case.community == world.tree.community
    assert case.is_anonymous and case.reporter is None and case.reporter_user is None
    assert case.callback_phone == PHONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT callback_phone FROM casework_case WHERE id = %s", [case.pk])
        stored = cursor.fetchone()[0]
    assert PHONE not in stored  # encrypted at rest
    submission = Submission.objects.get(case=case)
    assert submission.client == world.client and submission.token == created["token"]
    assert (submission.device_id, submission.account_id) == ("device-1", "account-1")
    assert submission.media_url == "https://example.org/p/1.jpg"
    assert created["service_notice"].startswith("Received. It will be accepted or declined by ")
    assert case.events.get().actor == world.account
    assert AuditLog.objects.filter(action="open311.request.submit", object_id=str(case.pk)).exists()
    # The link the client sent is the request's media, as long as it has no photo of its own.
    [shown] = as_json(api.get(BASE + f"requests/{case.number}.json", {"api_key": world.key}))
    assert shown["media_url"] == "https://example.org/p/1.jpg"


def test_post_xml(api, world):
    response = post(api, world, fmt="xml")
    assert response.status_code == 201
    root = as_xml(response)
    assert root.tag == "service_requests" and [r.tag for r in root] == ["request"]
    assert [child.tag for child in root[0]] == ["service_request_id", "token", "service_notice"]
    assert Case.objects.filter(number=root[0].findtext("service_request_id")).exists()


def test_a_retried_post_does_not_make_a_second_case(api, world):
    first = as_json(post(api, world))[0]
    again = post(api, world)
    assert again.status_code == 200
    assert as_json(again)[0]["service_request_id"] == first["service_request_id"]
    assert as_json(again)[0]["token"] == first["token"]
    assert Case.objects.count() == 1 and Submission.objects.count() == 1
    # Another device, another account or another text is another request.
    post(api, world, device_id="device-2")
    post(api, world, account_id="account-2")
    post(api, world, description="另一盏路灯不亮")
    assert Case.objects.count() == 4
    # The same fields from another client are that client's own request.
    other = api.post(BASE + "requests.json", fields(world, api_key=world.other_key, address_string=""))
    assert other.status_code == 400  # 东一路1号 is outside 东二社区


def test_coordinates_and_address_id(api, world):
    boundary = {
        "type": "Polygon",
        "coordinates": [
            [[113.69, 34.74], [113.71, 34.74], [113.71, 34.76], [113.69, 34.76], [113.69, 34.74]]
        ],
    }
    OrgNode.objects.filter(pk=world.tree.grid.pk).update(boundary=boundary)
    by_point = as_json(post(api, world, address_string="", lat="34.7512346", long="113.7"))[0]
    case = Case.objects.get(number=by_point["service_request_id"])
    assert case.node == world.tree.grid
    assert (str(case.latitude), str(case.longitude)) == ("34.751235", "113.700000")
    [shown] = as_json(api.get(BASE + f"requests/{case.number}.json", {"api_key": world.key}))
    assert (shown["lat"], shown["long"]) == (34.751235, 113.7)

    by_id = as_json(post(api, world, address_string="", address_id=world.tree.building.code))[0]
    case = Case.objects.get(number=by_id["service_request_id"])
    assert case.node == world.tree.building and case.address == "东一路1号"


def test_the_phone_of_a_resident_of_the_area_makes_the_request_theirs(api, world):
    response = post(api, world, phone=REPORTER_PHONE)
    assert response.status_code == 201
    case = Case.objects.get(number=as_json(response)[0]["service_request_id"])
    assert not case.is_anonymous and case.reporter == world.reporter.person
    assert case.reporter_user == world.reporter and case.callback_phone == REPORTER_PHONE


def test_an_unknown_outside_or_shared_phone_leaves_the_request_anonymous(api, world):
    PersonFactory.create(node=world.tree.other_grid, phone="13966667777")  # 东二社区: not the client's
    PersonFactory.create_batch(2, node=world.tree.grid, phone="13988889999")  # which one? neither
    for phone in ("13966667777", "13988889999", "13900000000"):
        response = post(api, world, phone=phone)
        case = Case.objects.get(number=as_json(response)[0]["service_request_id"])
        assert case.is_anonymous and case.reporter is None and case.callback_phone == phone


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_missing_fields_are_400_one_entry_each(api, world, fmt):
    response = api.post(
        BASE + f"requests.{fmt}",
        {"api_key": world.key, "service_code": "facility-lights", "email": "x@example.org"},
    )
    assert response.status_code == 400
    assert error_descriptions(response, fmt) == [
        "attribute[case_type]: required; one of the values in the service definition.",
        "description: say what the request is about.",
        "A location is required: lat and long, address_string or address_id.",
        "phone: a number to call the resident back is required.",
    ]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("changes", "wanted"),
    [
        ({"service_code": ""}, "service_code: it was not provided."),
        ({"attribute[case_type]": "gossip"}, "attribute[case_type]: required; one of the values"),
        ({"attribute[priority]": "asap"}, "attribute[priority]: one of the values"),
        ({"lat": "34.75"}, "lat and long: send both, or neither."),
        ({"lat": "north", "long": "113.7"}, "lat and long: give decimal degrees (WGS84)."),
        ({"lat": "95", "long": "113.7"}, "lat and long: give decimal degrees (WGS84)."),
        ({"address_id": "no-such-place"}, "address_id: no such place in the area this api_key serves."),
        ({"media_url": "javascript:alert(1)"}, "media_url: give an http or https address"),
        ({"phone": "12345"}, "phone: Enter a valid phone number"),
        ({"description": "长" * 2001}, "description: Keep it under 2,000 characters."),
        ({"address_string": "月球背面"}, "address_string: the place was not found"),
        ({"address_string": "东" * 201}, "address_string: at most 200 characters."),
        ({"device_id": "d" * 101}, "device_id and account_id: at most 100 characters each."),
    ],
)
def test_bad_fields_are_400(api, world, changes, wanted):
    response = post(api, world, **changes)
    assert response.status_code == 400
    [description] = error_descriptions(response)
    assert description.startswith(wanted), description
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_404(api, world, fmt):
    response = post(api, world, fmt=fmt, service_code="no-such-service")
    assert response.status_code == 404
    assert error_descriptions(response, fmt) == ["service_code: no such service: no-such-service."]


def test_a_place_outside_the_clients_area_is_400(api, world):
    response = api.post(BASE + "requests.json", fields(world, api_key=world.other_key))
    assert response.status_code == 400
    assert error_descriptions(response) == ["The place lies outside the area this api_key may report for."]
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_needs_a_valid_key(api, world, fmt):
    missing = post(api, world, fmt=fmt, api_key="")
    assert missing.status_code == 403
    assert error_descriptions(missing, fmt) == ["api_key: it was not provided."]
    wrong = post(api, world, fmt=fmt, api_key="wrong")
    assert wrong.status_code == 403
    client_revoke(actor=None, client=world.client)
    revoked = post(api, world, fmt=fmt)
    assert revoked.status_code == 403
    assert error_descriptions(revoked, fmt) == ["api_key: it is not valid, or it was revoked."]
    assert not Case.objects.exists()


def test_the_key_may_come_in_the_query_string(api, world):
    body = fields(world)
    key = body.pop("api_key")
    assert api.post(BASE + f"requests.json?api_key={key}", body).status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_token(api, world, fmt):
    created = as_json(post(api, world))[0]
    response = api.get(BASE + f"tokens/{created['token']}.{fmt}", {"api_key": world.key})
    assert response.status_code == 200
    if fmt == "json":
        assert as_json(response) == [
            {"service_request_id": created["service_request_id"], "token": created["token"]}
        ]
    else:
        root = as_xml(response)
        assert root.tag == "service_requests" and [r.tag for r in root] == ["request"]
        assert [child.tag for child in root[0]] == ["service_request_id", "token"]
        assert root[0].findtext("token") == created["token"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_token_errors(api, world, fmt):
    created = as_json(post(api, world))[0]
    path = BASE + f"tokens/{created['token']}.{fmt}"
    assert api.get(path).status_code == 403
    assert api.get(path, {"api_key": "wrong"}).status_code == 403
    other = api.get(path, {"api_key": world.other_key})  # another client's token
    assert other.status_code == 404 and error_descriptions(other, fmt) == ["Not found."]
    unknown = api.get(BASE + f"tokens/nope.{fmt}", {"api_key": world.key})
    assert unknown.status_code == 404
    Case.objects.filter(number=created["service_request_id"]).update(is_confidential=True)
    assert api.get(path, {"api_key": world.key}).status_code == 404


def test_a_submitted_request_is_then_listed(api, world):
    created = as_json(post(api, world))[0]
    new_case(world.reporter)
    numbers = [
        r["service_request_id"] for r in as_json(api.get(BASE + "requests.json", {"api_key": world.key}))
    ]
    assert created["service_request_id"] in numbers and len(numbers) == 2
