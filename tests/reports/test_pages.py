"""The dashboard, its large-screen mode, drill-down lists, ledgers and the figures API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.core.models import AuditLog
from lianxin.core.roles import CAPABILITIES, Cap, Role
from tests.casework.test_measures import NOW, known_set, make
from tests.factories import UserFactory, grant

NOV = "period=2026-11"


def logged_in(client: Any, role: str, node: Any) -> Any:
    user = UserFactory.create()
    grant(user, role, node)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", Role.values)
def test_who_may_open_the_dashboard_its_lists_ledgers_and_api(client: Any, tree: Any, role: str) -> None:
    logged_in(client, role, tree.community)
    caps = CAPABILITIES[role]
    sees = Cap.WORKBENCH in caps and Cap.FIGURES_VIEW in caps and Cap.CASES_VIEW in caps
    node = f"node={tree.community.pk}&{NOV}"
    urls = [
        f"{reverse('reports:dashboard')}?{node}",
        f"{reverse('reports:screen')}?{node}",
        f"{reverse('reports:records', args=['cases.submitted'])}?{node}",
        f"{reverse('reports:records', args=['cases.response_rate'])}?{node}",
        f"{reverse('reports:ledger', args=['cases.submitted'])}?{node}",
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if sees else 404), url
    api = client.get(f"/api/v1/figures?node={tree.community.pk}&{NOV}")
    assert api.status_code == (200 if Cap.FIGURES_VIEW in caps and Cap.CASES_VIEW in caps else 404)
    # Outside the role's subtree: 404 for everyone.
    outside = f"node={tree.west.pk}&{NOV}"
    assert client.get(f"{reverse('reports:dashboard')}?{outside}").status_code == 404
    assert client.get(f"{reverse('reports:records', args=['cases.submitted'])}?{outside}").status_code == 404
    assert client.get(f"/api/v1/figures?node={tree.west.pk}&{NOV}").status_code == 404


def test_a_leader_clicks_a_figure_and_sees_as_many_records(client: Any, tree: Any) -> None:
    known_set(tree)
    logged_in(client, Role.SUBDISTRICT_LEADER, tree.east)
    board = client.get(f"{reverse('reports:dashboard')}?node={tree.east.pk}&{NOV}").content.decode()
    assert "民意诉求" in board and "东一社区" in board  # section title; the ranking's areas
    records_url = f"{reverse('reports:records', args=['cases.accepted'])}?node={tree.east.pk}&amp;{NOV}"
    assert records_url in board
    page = client.get(f"{reverse('reports:records', args=['cases.accepted'])}?node={tree.east.pk}&{NOV}")
    html = page.content.decode()
    assert html.count("data-record") == 7 and "7 条记录" in html
    rate = client.get(
        f"{reverse('reports:records', args=['cases.satisfaction_rate'])}?node={tree.east.pk}&{NOV}"
    )
    assert "66.7%" in rate.content.decode()


def test_the_ledger_is_an_excel_file_headed_with_who_what_when_where(client: Any, tree: Any) -> None:
    known_set(tree)
    leader = logged_in(client, Role.SUBDISTRICT_LEADER, tree.east)
    response = client.get(f"{reverse('reports:ledger', args=['cases.submitted'])}?node={tree.east.pk}&{NOV}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = {row[0]: row[1] for row in rows[:6]}
    assert header["台账"] == "收到诉求" and header["所属区域"] == "城东路街道" and header["条数"] == 9
    assert header["导出人"] == leader.display_name
    assert len(rows) == 6 + 1 + 1 + 9  # header, a blank line, the column titles, nine cases
    assert AuditLog.objects.filter(action="reports.ledger.export", actor=leader).exists()


def test_a_bad_period_says_so_and_shows_this_month(client: Any, tree: Any) -> None:
    logged_in(client, Role.SUBDISTRICT_LEADER, tree.east)
    page = client.get(f"{reverse('reports:dashboard')}?node={tree.east.pk}&period=2026-13")
    assert page.status_code == 200 and "不是有效日期" in page.content.decode()
    api = client.get(f"/api/v1/figures?node={tree.east.pk}&period=2026-13")
    assert api.status_code == 400 and api.json()["errors"]["period"]


def test_the_api_gives_every_figure_with_its_records_link(client: Any, tree: Any) -> None:
    known_set(tree)
    logged_in(client, Role.SUBDISTRICT_LEADER, tree.east)
    body = client.get(f"/api/v1/figures?node={tree.east.pk}&{NOV}").json()
    figures = {f["key"]: f for f in body["figures"]}
    assert body["period_start"] == "2026-11-01" and figures["cases.submitted"]["value"] == 9
    assert (
        figures["cases.satisfaction_rate"]["value"] == "66.7"
        and figures["cases.satisfaction_rate"]["is_rate"]
    )
    assert figures["cases.submitted"]["records_url"].startswith("/workbench/figures/cases.submitted/?node=")


def test_the_dashboard_runs_a_fixed_number_of_queries(client: Any, tree: Any) -> None:
    logged_in(client, Role.SUBDISTRICT_LEADER, tree.east)
    url = f"{reverse('reports:dashboard')}?node={tree.east.pk}&{NOV}"

    def count() -> int:
        from django.core.cache import cache

        cache.clear()  # uncached, each time
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(15):
        make(tree.other_grid, submitted_at=NOW)
    assert count() == few <= 60  # a query or two per group of figures, whatever the data
