"""Bare case intake: the writes of ``POST /api/v1/cases`` with nothing but psycopg, as a floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_bench_cases INTAKE_USER_ID=1 \\
        .venv/bin/gunicorn --chdir bench --workers 4 intake_raw:application

``bench/cases.py`` starts it under the same server settings as the Django application and sends
it the same requests. Per request, in one transaction, it does what the service writes for a
case: the day's number counter (one upsert), the case row and its "submit" event row. It skips
everything else the application does: the session and log-in, scope and validation, the
working-hour clock (the accept-by time is simply two hours on), the idempotency-key row, the
audit row and reading the case back for the answer. The grid is found in memory from the
boundaries read at start-up. PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

DATABASE_URL = os.environ.get("DATABASE_URL", "")
USER_ID = int(os.environ.get("INTAKE_USER_ID", "0")) or None
LOCAL = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai

_local = threading.local()
_grids: list[tuple[int, int, str, list[list[float]]]] = []  # (grid id, community id, prefix, ring)
_categories: dict[str, int] = {}
_loaded = threading.Lock()

INSERT_CASE = """
INSERT INTO casework_case (
    created_at, updated_at, number, channel, case_type, category_id, priority, text, address,
    latitude, longitude, node_id, grid_id, community_id, reporter_user_id, is_anonymous,
    is_confidential, callback_phone, state, submitted_at, accept_due, reply, is_supervised, rating,
    reopened, returns, reworks
) VALUES (
    %(now)s, %(now)s, %(number)s, 'app', %(case_type)s, %(category)s, 'normal', %(text)s, %(address)s,
    %(latitude)s, %(longitude)s, %(grid)s, %(grid)s, %(community)s, %(user)s, false,
    false, '', 'submitted', %(now)s, %(accept_due)s, '', false, '',
    false, 0, 0
) RETURNING id
"""
NEXT_NUMBER = """
INSERT INTO casework_casenumbercounter (prefix, day, last) VALUES (%s, %s, 1)
ON CONFLICT (prefix, day) DO UPDATE SET last = casework_casenumbercounter.last + 1
RETURNING last
"""
INSERT_EVENT = """
INSERT INTO casework_caseevent (case_id, at, actor_id, action, from_state, to_state, note, detail)
VALUES (%s, %s, %s, 'submit', '', 'submitted', '', '{}')
"""


def _connection() -> psycopg.Connection[Any]:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = psycopg.connect(DATABASE_URL)
        _local.conn = conn
    return conn


def _load(conn: psycopg.Connection[Any]) -> None:
    """Grid boundaries (with their community and number prefix) and category codes, once."""
    with _loaded:
        if _grids:
            return
        rows = conn.execute(
            """SELECT g.id, c.id, upper(split_part(s.code, '-', -1)), g.boundary
            FROM orgs_orgnode g
            JOIN orgs_orgnode c ON c.path = substr(g.path, 1, length(g.path) - 4)
            JOIN orgs_orgnode s ON s.path = substr(g.path, 1, 8) AND s.kind = 'subdistrict'
            WHERE g.kind = 'grid' AND g.boundary IS NOT NULL AND g.is_active"""
        ).fetchall()
        _grids.extend(
            (grid, community, prefix[:8], boundary["coordinates"][0])
            for grid, community, prefix, boundary in rows
        )
        _categories.update(conn.execute("SELECT code, id FROM casework_category WHERE is_active").fetchall())
        conn.commit()


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i][:2], ring[j][:2]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _answer(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ["REQUEST_METHOD"] != "POST":
        return _answer(start_response, "405 Method Not Allowed", {"code": "method"})
    if not environ.get("HTTP_IDEMPOTENCY_KEY"):
        return _answer(start_response, "422 Unprocessable Entity", {"code": "invalid_request"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    payload = json.loads(environ["wsgi.input"].read(length))
    conn = _connection()
    _load(conn)
    lat, lon = float(payload["latitude"]), float(payload["longitude"])
    grid = next((g for g in _grids if _inside(lon, lat, g[3])), None)
    category = _categories.get(payload.get("category", ""))
    if grid is None or category is None:
        return _answer(start_response, "400 Bad Request", {"code": "invalid"})
    now = dt.datetime.now(dt.UTC)
    day = now.astimezone(LOCAL).date()
    with conn.transaction(), conn.cursor() as cursor:
        last = cursor.execute(NEXT_NUMBER, (grid[2], day)).fetchone()
        assert last is not None
        number = f"{grid[2]}-{day:%Y%m%d}-{last[0]:04d}"
        row = cursor.execute(
            INSERT_CASE,
            {
                "now": now,
                "number": number,
                "case_type": payload["case_type"],
                "category": category,
                "text": payload["text"].strip(),
                "address": payload.get("address", "").strip(),
                "latitude": payload["latitude"],
                "longitude": payload["longitude"],
                "grid": grid[0],
                "community": grid[1],
                "user": USER_ID,
                "accept_due": now + dt.timedelta(hours=2),
            },
        ).fetchone()
        assert row is not None
        cursor.execute(INSERT_EVENT, (row[0], now, USER_ID))
    return _answer(start_response, "201 Created", {"id": row[0], "number": number, "state": "submitted"})
