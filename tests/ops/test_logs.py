"""Every log line is one JSON object carrying the request id, which the response echoes."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from lianxin.ops.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What the root logger writes through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def logged(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_sane_request_id_is_kept_and_on_every_line(client: Any, lines: io.StringIO) -> None:
    # No database (no `db` fixture): the health check logs why it failed, during the request.
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42:ab")
    assert response["X-Request-ID"] == "lb-7f3a.42:ab"
    records = logged(lines)
    assert {r["logger"] for r in records} >= {"lianxin.ops.health", "django.request"}
    assert {r["request_id"] for r in records} == {"lb-7f3a.42:ab"}
    failed = next(r for r in records if r["logger"] == "lianxin.ops.health")
    assert failed["level"] == "ERROR" and "Traceback" in failed["exception"] and failed["time"]
    served = next(r for r in records if r["logger"] == "django.request")
    assert (served["status_code"], served["path"]) == (503, "/healthz")


@pytest.mark.parametrize("sent", [None, "", "two words", "<script>", "x" * 200, "ä-unicode"])
def test_otherwise_a_new_id_is_made(client: Any, db: None, lines: io.StringIO, sent: str | None) -> None:
    headers = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}
    response = client.get("/no-such-page/", **headers)
    made = response["X-Request-ID"]
    assert len(made) == 32 and made != sent and int(made, 16) >= 0
    assert [r["request_id"] for r in logged(lines) if r["logger"] == "django.request"] == [made]


def test_two_requests_get_two_ids(client: Any, db: None) -> None:
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_lines_outside_a_request_say_so(lines: io.StringIO) -> None:
    logging.getLogger("lianxin.test").warning("到期检查 %s", "完成", extra={"cases": 3})
    (record,) = logged(lines)
    assert record == record | {"request_id": "-", "message": "到期检查 完成", "cases": 3, "level": "WARNING"}


def test_production_settings_log_json() -> None:
    config: Any = settings.LOGGING
    handler = config["handlers"]["console"]
    assert handler["formatter"] == "json" and handler["filters"] == ["request_id"]
