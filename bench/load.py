"""Load test: residents on their phones, staff on the workbench and leaders on the dashboards.

Set up once (``bench/load_setup.py``: the environment file, the database, the residents),
then serve and run, each in its own shell:

    set -a; . var/load.env; set +a
    .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi 2> var/load-server.log

    .venv/bin/locust -f bench/load.py --headless -u 350 -r 4 -t 10m \\
        --host http://127.0.0.1:8000 --csv var/load --html var/load.html --only-summary

A step test, to find where throughput stops growing (``LOAD_STEPS`` replaces ``-u``, ``-r`` and
``-t``), then its table per user count:

    LOAD_STEPS=100,200,250,300,350,400,450 LOAD_STEP_SECONDS=100 .venv/bin/locust -f bench/load.py \\
        --headless --host http://127.0.0.1:8000 --csv var/load-steps --only-summary
    .venv/bin/python bench/load.py var/load-steps_stats_history.csv

``.venv/bin/python bench/load.py var/load_stats.csv`` prints a run's figures as the table in
``bench/README.md``.

The simulated users (the weight is each kind's share of the ``-u`` users):

- ``Resident`` (12): logs in once through the log-in form, then, with 3-10 s between steps,
  opens the phone home page, lists their own requests, opens one (and rates it once it is
  closed), reads the notices and the events, and now and then submits a new request: half
  through the phone form, half through ``POST /api/v1/cases`` with an ``Idempotency-Key``
  (one in ten of those is sent again, as a phone retrying after a lost answer, and must come
  back as the same request).
- ``Dispatcher`` (3): the subdistrict staff and the community worker. With 2-6 s between
  steps: lists the workbench queue (all open, or by state), opens a request and takes the
  dispatcher's next step on it (accept, dispatch to a handling unit, verify and close); looks
  at the overdue list and the workbench home.
- ``Handler`` (3): the unit liaison and the grid worker. Lists their unit's queue by state and
  takes the unit's next step (sign for, start work, reply; one dispatched request in twenty is
  sent back instead, and the dispatchers dispatch it again).
- ``Leader`` (1): the district and subdistrict leaders. With 5-15 s between steps: the
  dashboard of their area for this month, for last month, for an area one level down, the
  records behind one figure (the drill-down list) and the overdue list.

So the requests residents submit go round the whole workflow while the test runs. Two
simulated users never step the same request at the same time (they claim it first), so a
conflict is a failure, as is any answer that is not 2xx or 3xx, a page that sends the user
to the log-in, and a form that comes back with errors instead of redirecting (a rating is
checked on the page it redirects to).

Run locust as one process (no ``--processes``): the claims are kept in this process; one
process is a few per cent of a core at these rates. ``LOAD_USERS`` names the file the set-up
wrote (default ``var/load_users.json``); ``LOAD_THINK`` scales every think time (default 1).
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
import random
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from locust import FastHttpUser, LoadTestShape, between, task

ROOT = Path(__file__).resolve().parent.parent
USERS: dict[str, Any] = json.loads(
    Path(os.environ.get("LOAD_USERS", ROOT / "var" / "load_users.json")).read_text(encoding="utf-8")
)
THINK = float(os.environ.get("LOAD_THINK", "1"))
RNG = random.Random()  # noqa: S311 (what simulated users pick; nothing secret)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEP_FORM = re.compile(r'action="/workbench/cases/(\d+)/(\w+)/"')
QUEUE_CASE = re.compile(r'href="/workbench/cases/(\d+)/"')
MY_CASE = re.compile(r'href="/app/cases/(\d+)/"')
RATE_FORM = re.compile(r'action="/app/cases/(\d+)/rate/"')
NOTICE = re.compile(r'href="/app/notices/(\d+)/"')
EVENT = re.compile(r'href="/app/events/(\d+)/"')
PERIOD = re.compile(r'class="btn btn-sm btn-(?:outline-)?primary" href="\?node=(\d+)&amp;period=([\w-]+)"')
CHILD = re.compile(r'class="me-2" href="\?node=(\d+)&amp;period=([\w-]+)"')
FIGURE = re.compile(r'href="(/workbench/figures/[\w.-]+/\?node=\d+&amp;period=[\w-]+)" data-figure=')
ERROR_ALERT = re.compile(r'class="alert alert-danger[^"]*"[^>]*>(?:\s*<div>)?\s*([^<]+)')
FIELD_ERROR = re.compile(r'class="invalid-feedback[^"]*"[^>]*>\s*([^<]+)')

# What residents write, with the category a resident would pick (codes of the seeded categories).
REQUESTS = [
    ("complaint", "safety-ebike", "楼道里有人给电动车充电，电线从窗户拉下来，存在火灾隐患。"),
    ("help", "welfare-pension", "家里老人腿脚不便，想问社区能不能安排上门助餐。"),
    ("consultation", "policy-general", "咨询一下医保异地备案需要带哪些材料。"),
    ("complaint", "city-garbage", "小区东门垃圾桶已经满了两天，气味很大，希望尽快清运。"),
    ("report", "city-vendors", "路口早市摊位占了盲道，推婴儿车过不去。"),
    ("help", "facility-lights", "单元门口的路灯坏了一周，晚上回家看不清台阶。"),
    ("complaint", "property-elevator", "电梯这周停了三次，楼上老人下不了楼。"),
    ("suggestion", "property-parking", "建议在小区西侧划一块电动车集中停放区。"),
    ("service", "policy-papers", "需要开一份居住证明给孩子办入学，请问怎么办理。"),
    ("help", "facility-water", "顶楼水压太低，早晚高峰基本没水。"),
    ("complaint", "dispute-noise", "楼下饭店排风机夜里一直响，影响休息。"),
    ("report", "safety-fire", "消防通道被几辆私家车长期占用。"),
]
REPLY = "已安排工作人员到现场处理完毕，感谢您的反映，欢迎继续监督。"
RETURN_NOTE = "不属本单位职责范围，请重新派遣。"
RETURNED = 0.05  # share of dispatched requests a unit sends back (退单)

# Requests some simulated user is stepping right now (locust runs its users in one process).
CLAIMED: set[int] = set()
# Requests a unit has sent back (退单). The unit can no longer see them, so a session of it that
# read its queue just before may open one and get a 404: such opens are counted apart.
SENT_BACK: set[int] = set()
_NEXT = {kind: itertools.count() for kind in ("residents", "dispatchers", "handlers", "leaders")}


def account(kind: str) -> str:
    """The next log-in of this kind, in turn (residents: one each while there are enough)."""
    names = USERS[kind]
    return str(names[next(_NEXT[kind]) % len(names)])


def think(low: float, high: float) -> Any:
    return between(low * THINK, high * THINK)


@contextmanager
def claim(ids: list[int]) -> Iterator[int | None]:
    """One of ``ids`` that no other simulated user is working on, held until the block ends."""
    free = [pk for pk in ids if pk not in CLAIMED]
    pk = RNG.choice(free) if free else None
    if pk is not None:
        CLAIMED.add(pk)
    try:
        yield pk
    finally:
        if pk is not None:
            CLAIMED.discard(pk)


def problem(text: str) -> str:
    """The first error shown on a page, for the failure message."""
    for pattern in (ERROR_ALERT, FIELD_ERROR):
        found = pattern.search(text)
        if found:
            return html.unescape(found.group(1).strip())[:200]
    return ""


class Lianxin(FastHttpUser):
    abstract = True
    kind = ""
    username = ""

    def on_start(self) -> None:
        self.username = account(self.kind)
        self.log_in()

    # -- helpers ----------------------------------------------------------------------------

    def check_failed(self, name: str, message: str) -> None:
        """A failure that is no answer's status: counted like one, under ``name``."""
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            exception=AssertionError(message),
            context={},
        )

    def csrf_cookie(self) -> str:
        return next((c.value or "" for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def page(self, path: str, name: str | None = None) -> str:
        """GET a page; anything but a 200 (a redirect to the log-in, say) is a failure."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())
                return ""
            return response.text or ""

    def post_form(self, path: str, data: dict[str, Any], name: str, page: str) -> str:
        """POST a form taken from ``page``; success is a redirect (a form with errors is a failure).
        Returns where it redirected to."""
        token = CSRF_INPUT.search(page)
        if token is None:
            if page:  # (an empty page is a failure already counted)
                self.check_failed(name, "the page has no form to post")
            return ""
        data = {"csrfmiddlewaretoken": token.group(1), **data}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            where = (response.headers.get("Location", "") if response.headers else "") or ""
            if response.status_code != 302 or where.startswith("/login/"):
                detail = problem(response.text or "")
                response.failure(f"{response.status_code} {where} {detail}".strip())
                return ""
            return where

    def log_in(self) -> None:
        form = self.page("/login/", name="/login/ (form)")
        password = USERS["password"]
        where = self.post_form("/login/", {"username": self.username, "password": password}, "/login/", form)
        if not where:
            return
        # "/" sends staff to the workbench and everyone else to the phone home page.
        with self.client.get(where, name="/", allow_redirects=False, catch_response=True) as response:
            landing = (response.headers.get("Location", "") if response.headers else "") or ""
            if response.status_code != 302 or landing.startswith("/login/"):
                response.failure(f"{response.status_code} {landing}".strip())
                return
        self.page(landing)


# -- residents ---------------------------------------------------------------------------------


class Resident(Lianxin):
    weight = 12
    kind = "residents"
    wait_time = think(3, 10)

    def on_start(self) -> None:
        self.my_cases: list[int] = []
        self.categories: dict[str, tuple[int, str]] = {}
        self.leaves: list[tuple[int, str]] = []
        super().on_start()
        self.load_categories()

    def load_categories(self) -> None:
        """What the phone keeps after its first start: the categories (id and code)."""
        with self.client.get(
            "/api/v1/cases/categories", name="/api/v1/cases/categories", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(str(r.status_code))
                return
            leaves = [row for row in r.json() if row["parent_code"]]
        self.categories = {row["code"]: (row["id"], row["code"]) for row in leaves}
        self.leaves = [(row["id"], row["code"]) for row in leaves]

    def category(self, code: str) -> tuple[int, str] | None:
        return self.categories.get(code) or (RNG.choice(self.leaves) if self.leaves else None)

    @task(5)
    def home(self) -> None:
        self.page("/app/")

    @task(4)
    def list_mine(self) -> None:
        text = self.page("/app/cases/")
        if text:
            self.my_cases = [int(pk) for pk in MY_CASE.findall(text)]

    @task(4)
    def open_mine(self) -> None:
        if not self.my_cases:
            self.list_mine()
        with claim(self.my_cases) as pk:
            if pk is None:
                return
            text = self.page(f"/app/cases/{pk}/", name="/app/cases/[id]/")
            if text and RATE_FORM.search(text):
                self.rate(pk, text)

    def rate(self, pk: int, page: str) -> None:
        rating = RNG.choices(["satisfied", "basically_satisfied", "dissatisfied"], [85, 10, 5])[0]
        token = CSRF_INPUT.search(page)
        if token is None:
            return
        data = {"csrfmiddlewaretoken": token.group(1), "rate-rating": rating}
        path, name = f"/app/cases/{pk}/rate/", "/app/cases/[id]/rate/"
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code} {problem(response.text or '')}")
                return
            # The rating answers with a redirect either way; the page it leads to says how it went.
            after = self.client.get(f"/app/cases/{pk}/", name="/app/cases/[id]/", allow_redirects=False)
            message = problem(after.text or "") if after.status_code == 200 else str(after.status_code)
            if message:
                response.failure(message)

    @task(3)
    def notices(self) -> None:
        text = self.page("/app/notices/")
        ids = NOTICE.findall(text)
        if ids:
            self.page(f"/app/notices/{RNG.choice(ids)}/", name="/app/notices/[id]/")

    @task(3)
    def events(self) -> None:
        text = self.page("/app/events/")
        ids = EVENT.findall(text)
        if ids:
            self.page(f"/app/events/{RNG.choice(ids)}/", name="/app/events/[id]/")

    @task(1)
    def submit(self) -> None:
        """A new request: from the phone page or from the app through the API, half each."""
        if RNG.random() < 0.5:
            self.submit_form()
        else:
            self.submit_api()

    def submit_form(self) -> None:
        form = self.page("/app/cases/new/")
        if not form:
            return
        case_type, code, text = RNG.choice(REQUESTS)
        category = self.category(code)
        if category is None:  # (the categories could not be read: a failure already counted)
            return
        data = {"case_type": case_type, "category": category[0], "text": text, "address": ""}
        where = self.post_form("/app/cases/new/", data, "/app/cases/new/", form)
        found = MY_CASE.search(f'href="{where}"')
        if found:
            self.my_cases.insert(0, int(found.group(1)))
            self.page(where, name="/app/cases/[id]/")

    def submit_api(self) -> None:
        case_type, code, text = RNG.choice(REQUESTS)
        category = self.category(code)
        if category is None:
            return
        body = {"case_type": case_type, "category": category[1], "text": text}
        headers = {"Idempotency-Key": str(uuid.uuid4()), "X-CSRFToken": self.csrf_cookie()}
        first = self.send_case(body, headers, expect=201)
        if first is not None and RNG.random() < 0.1:
            again = self.send_case(body, headers, expect=200, name="/api/v1/cases (retry)")
            if again is not None and again != first:
                self.check_failed("/api/v1/cases (retry)", f"the retry made request {again}, not {first}")

    def send_case(
        self, body: dict[str, Any], headers: dict[str, str], expect: int, name: str = ""
    ) -> int | None:
        path = "/api/v1/cases"
        with self.client.post(
            path, json=body, headers=headers, name=name or path, catch_response=True
        ) as response:
            if response.status_code == 0 and expect == 201:
                # The answer was lost on the way (a kept-alive connection closed as a server
                # process was replaced): the app sends the same request again with its key, and
                # must get the request the first try made, or a new one if it never arrived.
                # Counted on a line of its own, not as an error.
                response.request_meta["name"] = f"{path} (answer lost)"
                response.success()
                lost = True
            elif response.status_code != expect:
                response.failure(f"{response.status_code} {(response.text or '')[:200]}")
                return None
            else:
                lost = False
                pk = int(response.json()["id"])
        if lost:
            with self.client.post(
                path, json=body, headers=headers, name=f"{path} (after a lost answer)", catch_response=True
            ) as response:
                if response.status_code not in (200, 201):
                    response.failure(f"{response.status_code} {(response.text or '')[:200]}")
                    return None
                pk = int(response.json()["id"])
        if pk not in self.my_cases:
            self.my_cases.insert(0, pk)
        return pk


# -- staff -----------------------------------------------------------------------------------


class Staff(Lianxin):
    abstract = True
    # state filter of the queue → the steps this kind of staff takes from there, in order
    work: dict[str, tuple[str, ...]] = {}
    extra: dict[str, Any] = {}
    mine = ""

    def queue(self, state: str) -> list[int]:
        query = f"?state={state}{self.mine}"
        text = self.page(f"/workbench/cases/{query}", name=f"/workbench/cases/?state={state}{self.mine}")
        return [int(pk) for pk in QUEUE_CASE.findall(text)]

    def data_for(self, action: str, page: str) -> dict[str, Any]:
        return {}

    def choose(self, state: str, offered: set[str]) -> str | None:
        return next((a for a in self.work[state] if a in offered), None)

    @task(6)
    def step(self) -> None:
        state = RNG.choice(list(self.work))
        ids = self.queue(state)
        with claim(ids) as pk:
            if pk is None:
                return
            text = self.open_case(pk)
            offered = {action for case_pk, action in STEP_FORM.findall(text) if int(case_pk) == pk}
            action = self.choose(state, offered)
            if action is None:
                return
            if action == "return":
                SENT_BACK.add(pk)  # before the answer: other sessions may open it at once
            path = f"/workbench/cases/{pk}/{action}/"
            where = self.post_form(
                path, self.data_for(action, text), f"/workbench/cases/[id]/{action}/", text
            )
            # A unit that has sent a request back can no longer see it: the answer leads to its
            # queue, which the next step reads anyway.
            if where and action != "return":
                self.page(where, name="/workbench/cases/[id]/")

    def open_case(self, pk: int) -> str:
        if pk not in SENT_BACK:
            return self.page(f"/workbench/cases/{pk}/", name="/workbench/cases/[id]/")
        path, name = f"/workbench/cases/{pk}/", "/workbench/cases/[id]/ (once sent back)"
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code == 200:
                return r.text or ""
            if r.status_code == 404:
                r.success()
            else:
                r.failure(str(r.status_code))
            return ""

    @task(2)
    def browse(self) -> None:
        ids = self.queue("open")
        if ids:
            self.open_case(RNG.choice(ids))

    @task(1)
    def workbench(self) -> None:
        self.page("/workbench/")


class Dispatcher(Staff):
    weight = 3
    kind = "dispatchers"
    wait_time = think(2, 6)
    work = {
        "submitted": ("accept",),
        "accepted": ("dispatch",),
        "returned": ("dispatch",),
        "replied": ("close",),
    }

    def data_for(self, action: str, page: str) -> dict[str, Any]:
        if action == "dispatch":
            offered = set(re.findall(r'<option value="(\d+)"', page))
            units = [pk for pk in USERS["dispatch_to"] if str(pk) in offered]
            return {"dispatch-unit": RNG.choice(units) if units else ""}
        return {}

    @task(1)
    def supervision(self) -> None:
        self.page("/workbench/cases/supervision/")


class Handler(Staff):
    weight = 3
    kind = "handlers"
    wait_time = think(2, 6)
    mine = "&mine=1"
    work = {
        "dispatched": ("acknowledge",),
        "acknowledged": ("start", "reply"),
        "in_progress": ("reply",),
    }

    def choose(self, state: str, offered: set[str]) -> str | None:
        if "return" in offered and RNG.random() < RETURNED:
            return "return"
        return super().choose(state, offered)

    def data_for(self, action: str, page: str) -> dict[str, Any]:
        if action == "return":
            return {"return-note": RETURN_NOTE}
        return {"reply-reply": REPLY} if action == "reply" else {}


# -- leaders ---------------------------------------------------------------------------------


class Leader(Lianxin):
    weight = 1
    kind = "leaders"
    wait_time = think(5, 15)

    def on_start(self) -> None:
        super().on_start()
        self.board = ""
        self.dashboard()

    @task(3)
    def dashboard(self) -> None:
        self.board = self.page("/workbench/figures/") or self.board

    @task(2)
    def last_month(self) -> None:
        periods = PERIOD.findall(self.board)
        if len(periods) > 1:
            node, token = periods[1]  # the period buttons: this month, last month, …
            self.page(
                f"/workbench/figures/?node={node}&period={token}", name="/workbench/figures/?period=[p]"
            )

    @task(2)
    def go_down(self) -> None:
        children = CHILD.findall(self.board)
        if children:
            node, token = RNG.choice(children)
            self.page(
                f"/workbench/figures/?node={node}&period={token}", name="/workbench/figures/?node=[child]"
            )

    @task(2)
    def records(self) -> None:
        links = FIGURE.findall(self.board)
        if links:
            link = html.unescape(RNG.choice(links))
            self.page(link, name="/workbench/figures/[figure]/ (records)")

    @task(1)
    def overdue(self) -> None:
        self.page("/workbench/cases/supervision/")


# -- a step test, to find where throughput stops growing -------------------------------------

if os.environ.get("LOAD_STEPS"):

    class Steps(LoadTestShape):
        """``LOAD_STEPS=50,100,150`` users in turn, ``LOAD_STEP_SECONDS`` (default 120) each,
        spawned 2 a second; replaces ``-u``, ``-r`` and ``-t``."""

        users = [int(count) for count in os.environ["LOAD_STEPS"].split(",")]
        seconds = int(os.environ.get("LOAD_STEP_SECONDS", "120"))

        def tick(self) -> tuple[int, float] | None:
            step = int(self.get_run_time() // self.seconds)
            return (self.users[step], 2) if step < len(self.users) else None


def steps_table(history: Path, settle: float = 30) -> str:
    """Per user count of a ``--csv`` run's ``_stats_history.csv``: requests a second, failures,
    and the median of locust's recent p50 and p95 (skipping the first ``settle`` seconds, and
    the user counts passed through while spawning)."""
    rows = [row for row in csv.DictReader(history.open(encoding="utf-8")) if row["Name"] == "Aggregated"]
    plateaus: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        plateaus.setdefault(int(row["User Count"]), []).append(row)
    lines = ["| users | seconds | requests/s | failures | p50 ms | p95 ms |", "|---|---|---|---|---|---|"]
    for users, group in plateaus.items():
        start = int(group[0]["Timestamp"])
        if int(group[-1]["Timestamp"]) - start < settle + 10:
            continue
        kept = [row for row in group if int(row["Timestamp"]) - start >= settle] or group
        first, last = kept[0], kept[-1]
        seconds = max(1, int(last["Timestamp"]) - int(first["Timestamp"]))
        done = int(last["Total Request Count"]) - int(first["Total Request Count"])
        failed = int(last["Total Failure Count"]) - int(first["Total Failure Count"])

        def median(column: str, rows: list[dict[str, str]] = kept) -> str:
            values = sorted(float(row[column]) for row in rows if row[column] not in ("", "N/A"))
            return f"{values[len(values) // 2]:.0f}" if values else "—"

        rate = done / seconds
        lines.append(f"| {users} | {seconds} | {rate:.1f} | {failed} | {median('50%')} | {median('95%')} |")
    return "\n".join(lines)


def results_table(stats: Path) -> str:
    """A ``--csv`` run's ``_stats.csv`` as the Markdown table of bench/README.md."""
    lines = [
        "| request | requests/s | p50 ms | p95 ms | p99 ms | max ms | requests | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in csv.DictReader(stats.open(encoding="utf-8")):
        name = f"`{row['Type']} {row['Name']}`" if row["Type"] else "**total**"
        cells = [f"{float(row['Requests/s']):.2f}", row["50%"], row["95%"], row["99%"]]
        cells += [f"{float(row['Max Response Time']):.0f}", row["Request Count"], row["Failure Count"]]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    # .venv/bin/python bench/load.py var/load_stats.csv (or var/load-steps_stats_history.csv)
    path = Path(sys.argv[1])
    print(steps_table(path) if path.name.endswith("_stats_history.csv") else results_table(path))
