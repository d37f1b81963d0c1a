"""Schemathesis over the whole OpenAPI, in-process through WSGI, for three roles: no operation
answers 5xx or a body that breaks its declared schema. Examples are few and derandomised, so
the run is short and repeatable."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from ninja import Schema
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from lianxin.core.api import api  # noqa: F401  (every router and its schemas loaded)
from tests.fuzz.conftest import Login, raised, sharing_the_test_connection

MAX_EXAMPLES = 5


def load_schema(login: Login) -> Any:
    """The schema as the app serves it (to a logged-in user), bound to the WSGI application."""
    client = Client()
    client.force_login(login.user)
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = application
    return schema


def fuzz(operation: Any, login: Login) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers=login.headers, cookies=login.cookies)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    run()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["resident", "worker", "staff"])
def test_every_operation_answers_within_its_schema(role: str, roles: dict[str, Login], settings: Any) -> None:
    settings.RATE_LIMITS = raised(settings.RATE_LIMITS)
    login = roles[role]
    schema = load_schema(login)
    failures: list[str] = []
    count = 0
    with sharing_the_test_connection():
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            count += 1
            try:
                fuzz(operation, login)
            except (Exception, BaseExceptionGroup) as exc:  # collect every failing operation
                failures.append(f"{label}: {str(exc)[:600]}")
    assert count > 20
    assert not failures, "\n\n".join(failures)


def test_no_two_api_schemas_share_a_name() -> None:
    """django-ninja names an OpenAPI component after its class: two classes of one name make one
    component, and one of the two operations then documents the other's shape."""
    seen: dict[str, list[str]] = {}
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("lianxin."):
            seen.setdefault(cls.__name__, []).append(cls.__module__)
    assert {name: mods for name, mods in seen.items() if len(mods) > 1} == {}
