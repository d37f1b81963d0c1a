"""Dashboard and briefing timings at district scale, on the data of ``bench/cases_gen.py``.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianxin_bench_cases ALLOWED_HOSTS=testserver \
        .venv/bin/python bench/dashboard.py [--runs 15]
    DEBUG=1 DATABASE_URL=sqlite:///var/bench_cases.sqlite3 ALLOWED_HOSTS=testserver \
        .venv/bin/python bench/dashboard.py

Every run starts from an empty cache, so the figures are computed from the records each time
(the "uncached" figures the targets are about); one more line shows a cached page for contrast.
Prints a Markdown table: median, p95 and max in milliseconds after one warm-up run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from lianxin.casework import daily  # noqa: E402
from lianxin.casework.models import Case  # noqa: E402
from lianxin.orgs.models import OrgNode  # noqa: E402
from lianxin.people.models import User  # noqa: E402
from lianxin.reports import selectors  # noqa: E402
from lianxin.reports.briefings import compose  # noqa: E402
from lianxin.reports.periods import Period, parse  # noqa: E402
from lianxin.reports.registry import registry  # noqa: E402

DASHBOARD_MS = 200.0
BRIEFING_MS = 1000.0


def timed(fn: Callable[[], object], runs: int, cold: bool = True) -> list[float]:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def row(label: str, times: list[float], target: float | None) -> str:
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    met = "—" if target is None else ("yes" if p95 <= target else "no")
    goal = "—" if target is None else f"≤ {target:.0f} ms"
    return f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} | {goal} | {met} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    district = OrgNode.objects.get(code="bc")
    subdistrict = OrgNode.objects.get(code="bc-s1")
    district_leader = User.objects.get(username="bc-district-leader")
    leader = User.objects.get(username="bc-s1-leader")
    today = timezone.localdate()
    last_month = parse(f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}", today=today)
    year = Period(today - dt.timedelta(days=365), today)

    def board(actor: User, node: OrgNode, period: Period) -> Callable[[], object]:
        return lambda: selectors.dashboard(actor=actor, node=node, period=period)

    def briefing() -> object:
        figures = selectors.visible_figures(actor=leader, node=subdistrict)
        return compose(node=subdistrict, period=year, values=selectors.values(figures, subdistrict, year))

    client = Client()
    client.force_login(district_leader)
    page_url = f"/workbench/figures/?node={district.pk}&period={last_month.token}"

    def page() -> None:
        assert client.get(page_url).status_code == 200

    submitted = registry.figures["cases.submitted"]
    print(f"Requests in the last year: {selectors.value(submitted, district, year):,}\n")
    print("| read | median ms | p95 ms | max ms | target | met |")
    print("|---|---|---|---|---|---|")
    lines = [
        ("dashboard, district, last month", board(district_leader, district, last_month), True, DASHBOARD_MS),
        ("dashboard, subdistrict, last month", board(leader, subdistrict, last_month), True, DASHBOARD_MS),
        ("dashboard, district, last 12 months", board(district_leader, district, year), True, DASHBOARD_MS),
        ("`GET` dashboard page, district, last month", page, True, DASHBOARD_MS),
        ("`GET` dashboard page, district, last month, cached", page, False, None),
        ("briefing draft, subdistrict, last 12 months", briefing, True, BRIEFING_MS),
    ]
    for label, fn, cold, target in lines:
        print(row(label + ("" if not cold else " (uncached)"), timed(fn, runs, cold), target))

    # What keeping the day and month rows adds to every write: one request's cell counted again
    # (as a submission or a step does), rolled back afterwards.
    recent = list(Case.objects.order_by("-submitted_at")[: runs + 1])
    with transaction.atomic():
        cells = iter([daily.cell_of(case) for case in recent])
        print(
            row(
                "keeping a request's day and month rows (per write)",
                timed(lambda: daily.refresh([next(cells)]), runs, False),
                None,
            )
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
