"""The OpenAPI description and its browser, served from our own static files."""

from __future__ import annotations

from typing import Any


def test_docs_need_a_log_in_and_load_nothing_from_a_cdn(client: Any, worker: Any) -> None:
    assert client.get("/api/docs").status_code == 302
    client.force_login(worker)
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_openapi_lists_the_endpoints(client: Any, worker: Any) -> None:
    client.force_login(worker)
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/me", "/api/v1/orgs/nodes", "/api/v1/orgs/nodes/{node_id}", "/api/v1/people"} <= set(
        paths
    )
    assert "/api/v1/people/{person_id}/reveal" in paths
