"""Casework benchmarks on a district's year of requests, each beside the same work in raw SQL.

    DEBUG=1 DATABASE_URL=sqlite:///var/bench_cases.sqlite3 .venv/bin/python bench/cases.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_bench_cases \
        .venv/bin/python bench/cases.py

Build the data first with ``bench/cases_gen.py`` (same DATABASE_URL). Options: ``--runs N``
(timed runs of each read after one warm-up, default 40; a read stops after 60 s, but not before
5 runs), ``--seconds S`` (of intake load after a 3 s warm-up, default 20), ``--clients C``
(concurrent client connections, default 8), ``--workers W`` and ``--threads T`` (gunicorn,
default 4 sync workers), ``--only reads|intake``.

What it times:
- ``GET /workbench/cases/`` as the liaison of a busy handling unit (its open queue, first page),
  in process with Django's test client; beside it the queryset alone (count + page), and the
  SQL that Django generated for those two queries run with ``cursor.execute``;
- ``case_measures`` for the district and the last full month, beside its SQL;
- ``GET /open311/v2/requests.json?page_size=500`` with a service account's api_key, beside the
  SQL it generated for the requests (skipped, with a message, where the endpoint is missing);
- case intake, ``POST /api/v1/cases`` with an ``Idempotency-Key``, from concurrent clients
  (threads, one ``http.client`` connection and one resident's session each) against gunicorn
  serving the application with DEBUG off, beside ``bench/intake_raw.py`` (the same writes with
  bare psycopg) under the same gunicorn settings (PostgreSQL only). The cases it creates stay.

The in-process reads run with DEBUG switched off after start-up (no query log, no template
debugging), as in production. Prints Markdown tables: median, p95 and max in milliseconds; for
intake also the CPU each request cost the server processes, the database backends and the client
(from /proc, so Linux only), and the throughput that CPU would allow on idle cores, which does
not depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # lets the settings load without production keys
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402
from django.utils import timezone  # noqa: E402

from lianxin.casework import selectors  # noqa: E402
from lianxin.casework.measures import case_measures  # noqa: E402
from lianxin.casework.models import Case, Category  # noqa: E402
from lianxin.casework.workflow import OPEN_STATES  # noqa: E402
from lianxin.orgs.models import NodeKind, OrgNode  # noqa: E402
from lianxin.people.models import User  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DISTRICT_CODE = "bc"  # as bench/cases_gen.py builds it
DISTRICT_LEADER = "bc-district-leader"
QUEUE_UNIT = "bc-s1-sz"
QUEUE_TARGET_MS, QUEUE_RAW_FACTOR = 25.0, 2.0
MEASURES_TARGET_MS = 200.0
INTAKE_TARGET_RPS, INTAKE_TARGET_SHARE = 300.0, 0.5

settings.DEBUG = False  # time what production runs (set before the first query or template)


# --- timing -------------------------------------------------------------------------------------


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)  # milliseconds

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times, n=100, method="inclusive")[94]

    @property
    def max(self) -> float:
        return max(self.times)


MIN_RUNS, BUDGET_SECONDS = 5, 60.0  # a slow read stops after its budget (but not before 5 runs)


def timed(fn: Callable[[], object], runs: int) -> Timing:
    """Wall time of ``runs`` calls after one warm-up call (fewer if they pass the budget)."""
    fn()
    timing = Timing()
    budget_ends = time.perf_counter() + BUDGET_SECONDS
    for n in range(runs):
        if n >= MIN_RUNS and time.perf_counter() > budget_ends:
            break
        started = time.perf_counter()
        fn()
        timing.times.append((time.perf_counter() - started) * 1000)
    return timing


def case_sql(fn: Callable[[], object], marker: str = '"casework_case"') -> tuple[list[str], int]:
    """The SQL that ``fn`` sent which reads ``marker``, ready to run again; and how many
    statements ``fn`` sent in all."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    return [q["sql"] for q in captured.captured_queries if marker in q["sql"]], len(captured.captured_queries)


def run_sql(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


@dataclass
class Row:
    label: str
    django: Timing
    raw: Timing | None
    target: str
    met: bool | None

    def line(self) -> str:
        d = self.django
        if self.raw is not None:
            r = self.raw
            raw = f"{r.median:.1f} | {r.p95:.1f} | {d.median / r.median:.1f}×"
        else:
            raw = "— | — | —"
        verdict = {True: "yes", False: "**no**", None: ""}[self.met]
        timing = f"{len(d.times)} | {d.median:.1f} | {d.p95:.1f} | {d.max:.1f}"
        return f"| {self.label} | {timing} | {raw} | {self.target} | {verdict} |"


READS_HEADER = (
    "| read | runs | median ms | p95 ms | max ms | raw SQL median | raw SQL p95 | ÷ raw | target | met |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


# --- reads --------------------------------------------------------------------------------------


def queue_rows(runs: int) -> list[Row]:
    unit = OrgNode.objects.get(code=QUEUE_UNIT)
    liaison = User.objects.get(username=f"{QUEUE_UNIT}-liaison")
    client = Client()
    client.force_login(liaison)

    def page() -> None:
        response = client.get("/workbench/cases/")
        assert response.status_code == 200, response.status_code

    def orm() -> None:
        cases = selectors.case_list(actor=liaison).exclude(reporter_user=liaison)
        cases = cases.filter(state__in=OPEN_STATES).order_by("due_at", "accept_due", "id")
        found = Paginator(cases, 25).get_page(None)
        assert len(found.object_list) == 25 and found.paginator.count > 25

    statements, total = case_sql(page)
    open_cases = Case.objects.filter(unit=unit, state__in=OPEN_STATES).count()
    print(
        f"queue: {unit.name}, {open_cases:,} open cases; the page sends {total} statements, "
        f"{len(statements)} on cases:",
        *(f"    {sql[:400]}" for sql in statements),
        sep="\n",
    )
    whole = timed(page, runs)
    raw = timed(lambda: run_sql(statements), runs)
    met = whole.p95 <= QUEUE_TARGET_MS and whole.median <= QUEUE_RAW_FACTOR * raw.median
    return [
        Row(
            "`GET /workbench/cases/` (unit liaison, open queue, page 1)",
            whole,
            raw,
            f"p95 ≤ {QUEUE_TARGET_MS:.0f} ms, ≤ {QUEUE_RAW_FACTOR:.0f}× raw",
            met,
        ),
        Row("the queue's queryset alone (count + 25 rows)", timed(orm, runs), raw, "", None),
    ]


def last_full_month(now: dt.datetime) -> tuple[dt.date, dt.date]:
    first_of_this = timezone.localdate(now).replace(day=1)
    until = first_of_this - dt.timedelta(days=1)
    return until.replace(day=1), until


def measures_row(runs: int) -> Row:
    leader = User.objects.get(username=DISTRICT_LEADER)
    district = OrgNode.objects.get(code=DISTRICT_CODE)
    now = timezone.now()
    since, until = last_full_month(now)

    def measures() -> None:
        result = case_measures(actor=leader, node=district, since=since, until=until, now=now)
        assert result.submitted > 0

    statements, _total = case_sql(measures)
    print(f"measures: {district.name}, {since} to {until}:", *(f"    {sql}" for sql in statements), sep="\n")
    timing = timed(measures, runs)
    raw = timed(lambda: run_sql(statements), runs)
    return Row(
        f"`case_measures` (district, {since:%Y-%m})",
        timing,
        raw,
        f"≤ {MEASURES_TARGET_MS:.0f} ms",
        timing.p95 <= MEASURES_TARGET_MS,
    )


def open311_row(runs: int) -> Row | None:
    """Open311 requests list with a service account's key; None (with a message) if missing."""
    url = "/open311/v2/requests.json"
    try:
        resolve(url)
    except Resolver404:
        print(f"open311: {url} does not resolve yet; skipped")
        return None
    key = open311_key()
    if key is None:
        return None
    client = Client()
    query = {"page_size": "500", "api_key": key}

    def requests_list() -> None:
        response = client.get(url, query)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        assert len(response.json()) == 500

    statements, total = case_sql(requests_list)
    print(
        f"open311: the list sends {total} statements, {len(statements)} on cases:",
        *(f"    {sql[:400]}" for sql in statements),
        sep="\n",
    )
    timing = timed(requests_list, runs)
    raw = timed(lambda: run_sql(statements), runs)
    return Row(f"`GET {url}?page_size=500` (district service account)", timing, raw, "", None)


def open311_key() -> str | None:
    """A fresh api_key of a client acting as a district-wide service account (an inspector:
    intake and view on the district), made through the app's own service."""
    try:
        from lianxin.core.models import RoleGrant
        from lianxin.core.roles import Role
        from lianxin.open311.services import client_create

        district = OrgNode.objects.get(code=DISTRICT_CODE)
        account, _created = User.objects.get_or_create(username="bc-open311", defaults={"password": "!"})
        RoleGrant.objects.get_or_create(
            user=account, role=Role.INSPECTOR, node=district, defaults={"valid_from": dt.date(2000, 1, 1)}
        )
        _client, key = client_create(actor=None, name="基准测试", user=account)
    except Exception as exc:  # the app is being built: say why and go on with the rest
        print(f"open311: no service account could be made ({type(exc).__name__}: {exc}); skipped")
        return None
    return key


# --- intake under load --------------------------------------------------------------------------


def process_cpu() -> dict[int, tuple[int, str, float]]:
    """Every process's (parent, command line, CPU seconds so far), from /proc (Linux)."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found[int(entry.name)] = (int(stat[1]), command, (int(stat[11]) + int(stat[12])) / tick)
    return found


def cpu_used(
    before: dict[int, tuple[int, str, float]], after: dict[int, tuple[int, str, float]], root: int
) -> tuple[float, float]:
    """CPU seconds spent between the snapshots by ``root`` and its children (the server), and by
    the PostgreSQL backends of this database."""
    database = f" {connection.settings_dict['NAME']} "
    server = db = 0.0
    for pid, (parent, command, seconds) in after.items():
        spent = seconds - (before[pid][2] if pid in before else 0.0)
        if pid == root or parent == root:
            server += spent
        elif command.startswith("postgres: ") and database in command:
            db += spent
    return server, db


@dataclass
class Load:
    label: str
    clients: int
    seconds: float
    latency: Timing
    statuses: Counter[int]
    errors: list[str]
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)  # seconds: server, database, client

    @property
    def done(self) -> int:
        return self.statuses.get(201, 0)

    @property
    def rate(self) -> float:
        return self.done / self.seconds

    def line(self) -> str:
        t = self.latency
        bad = sum(n for status, n in self.statuses.items() if status != 201)
        server, db, client = (1000 * c / max(self.done, 1) for c in self.cpu)
        bound = (os.cpu_count() or 1) * 1000 / (server + db + client) if server + db + client else 0.0
        return (
            f"| {self.label} | {self.clients} | {self.rate:.0f} | {t.median:.1f} | {t.p95:.1f} | {t.max:.1f} "
            f"| {bad} | {server:.1f} + {db:.1f} + {client:.1f} | {bound:.0f} |"
        )


INTAKE_HEADER = (
    "| intake | clients | req/s | median ms | p95 ms | max ms | not 201 "
    "| CPU ms per request: server + db + client | req/s that CPU allows on idle cores |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], workers: int, threads: int, *extra: str
) -> Iterator[tuple[int, int]]:
    """A gunicorn serving ``app``: (port, pid of its master); stopped and waited for on the way out."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--worker-class={'gthread' if threads > 1 else 'sync'}",
        "--backlog=2048",
        "--log-level=warning",
        "--graceful-timeout=10",
        *extra,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env})  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn for {app} stopped at start-up")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@dataclass
class Caller:
    """One client connection: a resident's session and CSRF cookie."""

    user: User
    cookie: str
    csrf: str


def callers(count: int) -> list[Caller]:
    found = []
    for user in User.objects.filter(username__startswith="bc-r").order_by("username")[:count]:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)  # 32 characters, as Django's CSRF cookie
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        found.append(Caller(user, cookie, csrf))
    return found


def request_body(
    rng: random.Random, grids: list[tuple[float, float, float, float]], codes: list[str]
) -> bytes:
    west, south, east, north = rng.choice(grids)
    pad = 0.0002
    return json.dumps(
        {
            "case_type": "complaint",
            "category": rng.choice(codes),
            "text": "小区门口垃圾堆放多日无人清理，气味很大，请尽快处理。",
            "latitude": round(rng.uniform(south + pad, north - pad), 6),
            "longitude": round(rng.uniform(west + pad, east - pad), 6),
        }
    ).encode()


def drive(server: tuple[int, int], people: list[Caller], seconds: float, label: str) -> Load:
    """Every caller posts new cases as fast as answers come back, for ``seconds``; with the CPU
    that the server, the database and this client spent."""
    port, server_pid = server
    grids = []
    for boundary in OrgNode.objects.filter(
        code__startswith=f"{DISTRICT_CODE}-", kind=NodeKind.GRID, boundary__isnull=False
    ).values_list("boundary", flat=True):
        assert boundary is not None
        ring = boundary["coordinates"][0]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        grids.append((min(xs), min(ys), max(xs), max(ys)))
    codes = list(Category.objects.filter(parent__isnull=False, is_active=True).values_list("code", flat=True))
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(caller: Caller, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311  (test data)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            body = request_body(rng, grids, codes)
            headers = {
                "Content-Type": "application/json",
                "Cookie": caller.cookie,
                "X-CSRFToken": caller.csrf,
                "Idempotency-Key": str(uuid.uuid4()),
            }
            started = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/cases", body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, content = 0, repr(exc).encode()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] += 1
                if status != 201 and len(errors) < 3:
                    errors.append(f"{status}: {content[:300]!r}")
        conn.close()

    before, client_cpu = process_cpu(), time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c, n)) for n, c in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    server_cpu, db_cpu = cpu_used(before, process_cpu(), server_pid)
    cpu = (server_cpu, db_cpu, time.process_time() - client_cpu)
    return Load(label, len(people), elapsed, Timing(latencies), statuses, errors, cpu)


def intake(args: argparse.Namespace) -> list[Load]:
    people = callers(args.clients)
    server_env = {
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions made above are signed with it
        # The development keys the data was written with (phones decrypt), not for production.
        "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
    }
    shape = f"{args.workers} workers × {args.threads} threads"
    loads = []
    with gunicorn("config.wsgi:application", server_env, args.workers, args.threads) as server:
        drive(server, people, 3, "warm-up")
        loads.append(drive(server, people, args.seconds, f"Django `POST /api/v1/cases` ({shape})"))
    if connection.vendor == "postgresql":
        raw_env = {"INTAKE_USER_ID": str(people[0].user.pk)}
        with gunicorn(
            "intake_raw:application", raw_env, args.workers, args.threads, "--pythonpath=bench"
        ) as port:
            drive(port, people, 3, "warm-up")
            loads.append(drive(port, people, args.seconds, f"bare psycopg handler ({shape})"))
    for load in loads:
        for error in load.errors:
            print(f"{load.label}: {error}")
    return loads


# --- main ---------------------------------------------------------------------------------------


def load_average() -> str:
    """The machine's load (other work on it skews the figures)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Casework benchmarks (see the top of this file).")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", choices=["reads", "intake"])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not OrgNode.objects.filter(code=DISTRICT_CODE).exists():
        raise SystemExit("no benchmark data: run bench/cases_gen.py with the same DATABASE_URL first")
    print(
        f"database: {connection.vendor}; {Case.objects.count():,} cases; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; {load_average()}",
        flush=True,
    )
    rows: list[Row] = []
    if args.only in (None, "reads"):
        rows += queue_rows(args.runs)
        rows.append(measures_row(args.runs))
        found = open311_row(args.runs)
        if found is not None:
            rows.append(found)
    loads = intake(args) if args.only in (None, "intake") else []
    print(f"\nfinished; {load_average()}")
    if rows:
        print(f"\n{READS_HEADER}", *(row.line() for row in rows), sep="\n")
    if loads:
        print(f"\n{INTAKE_HEADER}", *(load.line() for load in loads), sep="\n")
        django_rate = loads[0].rate
        verdict = f"{django_rate:.0f} req/s (target ≥ {INTAKE_TARGET_RPS:.0f}): "
        verdict += "met" if django_rate >= INTAKE_TARGET_RPS else "missed"
        if len(loads) > 1:
            share = django_rate / loads[1].rate
            verdict += f"; {share:.0%} of the bare handler (target ≥ {INTAKE_TARGET_SHARE:.0%}): "
            verdict += "met" if share >= INTAKE_TARGET_SHARE else "missed"
        print(f"\nintake: {verdict}")


if __name__ == "__main__":
    main()
