"""Discovery, the service list and service definitions: public, in both formats."""

from __future__ import annotations

import pytest

from lianxin.casework.models import CaseType, Category, Priority
from tests.open311.conftest import BASE, as_json, as_xml, error_descriptions

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]


def test_discovery_json(api):
    body = as_json(api.get(BASE + "discovery.json"))
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    [endpoint] = body["endpoints"]
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "http://testserver/open311/v2/",
        "changeset": body["changeset"],
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    assert "confidential" in body["contact"] and "personal data" in body["contact"]


def test_discovery_xml(api):
    root = as_xml(api.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = root.find("endpoints") or []
    assert endpoint.tag == "endpoint"
    assert [child.tag for child in endpoint] == ["specification", "url", "changeset", "type", "formats"]
    assert [f.text for f in endpoint.find("formats") or []] == ["text/xml", "application/json"]
    assert all(f.tag == "format" for f in endpoint.find("formats") or [])


def test_discovery_speaks_chinese_by_default(client):
    body = as_json(client.get(BASE + "discovery.json"))
    assert client.get(BASE + "discovery.json")["Content-Language"] == "zh-hans"
    assert body["endpoints"][0]["type"] == "production"


def test_services_are_the_active_second_level_categories(api):
    Category.objects.filter(code="city-ads").update(is_active=False)
    body = as_json(api.get(BASE + "services.json"))
    codes = [service["service_code"] for service in body]
    expected = Category.objects.filter(is_active=True, parent__isnull=False).values_list("code", flat=True)
    assert sorted(codes) == sorted(expected) and "city-ads" not in codes and "city" not in codes
    ebike = next(service for service in body if service["service_code"] == "safety-ebike")
    assert list(ebike) == SERVICE_FIELDS
    category = Category.objects.select_related("parent").get(code="safety-ebike")
    assert category.parent is not None
    assert ebike["service_name"] == category.name
    assert ebike["group"] == category.parent.name
    assert ebike["metadata"] is True and ebike["type"] == "realtime"
    assert ebike["keywords"] == ", ".join(category.keywords.split())


def test_services_xml(api):
    root = as_xml(api.get(BASE + "services.xml"))
    assert root.tag == "services" and len(root) > 10
    assert all(child.tag == "service" for child in root)
    first = root[0]
    assert [child.tag for child in first] == SERVICE_FIELDS
    assert first.findtext("metadata") == "true" and first.findtext("type") == "realtime"


def test_service_definition_json(api):
    body = as_json(api.get(BASE + "services/safety-ebike.json"))
    assert body["service_code"] == "safety-ebike"
    case_type, priority = body["attributes"]
    assert list(case_type) == ATTRIBUTE_FIELDS
    assert (case_type["code"], case_type["datatype"], case_type["required"], case_type["order"]) == (
        "case_type",
        "singlevaluelist",
        True,
        1,
    )
    assert [value["key"] for value in case_type["values"]] == CaseType.values
    assert case_type["values"][0] == {"key": "consultation", "name": "Consultation"}
    assert (priority["code"], priority["required"], priority["order"]) == ("priority", False, 2)
    assert [value["key"] for value in priority["values"]] == Priority.values


def test_service_definition_xml(api):
    root = as_xml(api.get(BASE + "services/safety-ebike.xml"))
    assert root.tag == "service_definition"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    attributes = root.find("attributes")
    assert attributes is not None and [a.tag for a in attributes] == ["attribute", "attribute"]
    first = attributes[0]
    assert [child.tag for child in first] == ATTRIBUTE_FIELDS
    assert first.findtext("required") == "true" and first.findtext("datatype_description") == ""
    values = first.find("values")
    assert values is not None and {v.tag for v in values} == {"value"}
    assert [child.tag for child in values[0]] == ["key", "name"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404(api, fmt):
    response = api.get(BASE + f"services/no-such-thing.{fmt}")
    assert response.status_code == 404
    assert error_descriptions(response, fmt) == ["service_code: no such service: no-such-thing."]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_inactive_service_has_no_definition(api, fmt):
    Category.objects.filter(code="safety-ebike").update(is_active=False)
    assert api.get(BASE + f"services/safety-ebike.{fmt}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "discovery.json", "GET"),
        ("post", "services.xml", "GET"),
        ("put", "services/safety-ebike.json", "GET"),
        ("delete", "requests.json", "GET, POST"),
        ("patch", "requests/CD-20261128-0001.xml", "GET"),
        ("post", "tokens/abc.json", "GET"),
    ],
)
def test_a_wrong_method_is_405_in_the_error_format(api, method, path, allowed):
    response = getattr(api, method)(BASE + path)
    assert response.status_code == 405
    assert response["Allow"] == allowed
    [description] = error_descriptions(response, path.rsplit(".", 1)[1])
    assert allowed in description


def test_the_post_endpoint_is_the_only_one_without_csrf(db):
    from django.test import Client as HttpClient

    strict = HttpClient(enforce_csrf_checks=True)
    strict.cookies["django_language"] = "en"
    assert strict.post(BASE + "requests.json").status_code == 403  # no key: the interface's 403
    assert error_descriptions(strict.post(BASE + "requests.json")) == ["api_key: it was not provided."]
    assert strict.delete(BASE + "requests.json").status_code == 405
    # Elsewhere Django's CSRF check answers first, before the view could say 405.
    refused = strict.post(BASE + "services.json")
    assert refused.status_code == 403 and not refused["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("path", "fmt"), [("nothing.json", "json"), ("services.csv", "xml"), ("", "xml")])
def test_other_addresses_are_404_in_the_error_format(api, path, fmt):
    response = api.get(BASE + path)
    assert response.status_code == 404
    assert error_descriptions(response, fmt) == ["Not found."]
