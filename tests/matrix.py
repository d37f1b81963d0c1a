"""What the role-matrix tests of every app share: an endpoint and how to call it, and the
check that records outside the role's subtree answer 404 and change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lianxin.core.roles import CAPABILITIES


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    url: Any  # (world) -> str
    needs: tuple[tuple[str, ...], ...]  # any one of these sets of capabilities; () = anyone signed in
    body: Any = None  # (world) -> dict
    api: bool = False
    writes: bool = False
    ok: int = 200

    def call(self, client: Any, world: Any) -> Any:
        url = self.url(world)
        if self.method == "GET":
            return client.get(url)
        data = self.body(world) if self.body else {}
        if self.api:
            return client.post(url, json.dumps(data), content_type="application/json")
        return client.post(url, data)

    def allowed(self, role: str) -> bool:
        return not self.needs or any(all(cap in CAPABILITIES[role] for cap in caps) for caps in self.needs)


Outside = tuple[str, Callable[[Any], str], str, dict[str, Any] | None]  # name, url, method, body


def outside_problems(
    client: Any, world: Any, outside: Sequence[Outside], snapshot: Callable[[], Any]
) -> list[str]:
    """Each request aimed at a record outside the subtree: anything but a 404, or any change."""
    wrong = []
    for name, url, method, body in outside:
        before = snapshot()
        response = client.get(url(world)) if method == "GET" else client.post(url(world), body or {})
        if response.status_code != 404:
            wrong.append(f"{name}: got {response.status_code}")
        if snapshot() != before:
            wrong.append(f"{name}: changed data")
    return wrong


def endpoint_problems(
    client: Any, world: Any, role: str, endpoints: Sequence[Endpoint], snapshot: Callable[[], Any]
) -> list[str]:
    """Each endpoint called as ``role``: the wrong status, a refused call that changed data or
    answered the API without a not_found body, or an allowed write that changed nothing."""
    wrong = []
    for endpoint in endpoints:
        before = snapshot()
        response = endpoint.call(client, world)
        allowed = endpoint.allowed(role)
        want = endpoint.ok if allowed else 404
        if response.status_code != want:
            wrong.append(f"{endpoint.name}: got {response.status_code}, want {want}")
        if not allowed and snapshot() != before:
            wrong.append(f"{endpoint.name}: a refused call changed data")
        if not allowed and endpoint.api and response.json().get("code") != "not_found":
            wrong.append(f"{endpoint.name}: refused API body {response.json()}")
        if allowed and endpoint.writes and snapshot() == before:
            wrong.append(f"{endpoint.name}: an allowed write changed nothing")
    return wrong
