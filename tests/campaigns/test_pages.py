"""Every page renders for those who may see it, in both languages; list pages run a fixed
number of queries; the spreadsheets hold what the pages show."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lianxin.campaigns.models import CommandPost, Task
from lianxin.campaigns.services.tasks import TaskInput, task_create


def pages(b):
    w = b.world
    c = w.campaign.pk
    return [
        reverse("campaigns:list"),
        reverse("campaigns:new"),
        reverse("campaigns:mine"),
        reverse("campaigns:board", args=[c]),
        reverse("campaigns:board", args=[c]) + "?month=2026-05",
        reverse("campaigns:edit", args=[c]),
        reverse("campaigns:setup", args=[c]),
        reverse("campaigns:post-new", args=[c]),
        reverse("campaigns:post-edit", args=[c, w.post_a.pk]),
        reverse("campaigns:post", args=[w.post_a.pk]),
        reverse("campaigns:tasks", args=[c]),
        reverse("campaigns:tasks", args=[c]) + f"?post={w.post_b.pk}",
        reverse("campaigns:task-new", args=[c]),
        reverse("campaigns:task", args=[b.root.pk]),
        reverse("campaigns:task", args=[b.leaf_a.pk]),
        reverse("campaigns:subtask-new", args=[b.root.pk]),
        reverse("campaigns:task-edit", args=[b.leaf_a.pk]),
        reverse("campaigns:metric-edit", args=[c, w.people.pk]),
        reverse("campaigns:figures", args=[c]),
        reverse("campaigns:figures", args=[c]) + "?start=2026-06-01&end=2026-06-30",
        reverse("campaigns:meetings", args=[c]),
        reverse("campaigns:meeting", args=[b.meeting.pk]),
        reverse("campaigns:scores", args=[c]),
        reverse("campaigns:scores", args=[c]) + "?month=2026-05",
        reverse("campaigns:criterion-edit", args=[c, w.order.pk]),
        reverse("campaigns:flags", args=[c]) + "?month=2026-05",
        reverse("campaigns:flags", args=[c]) + "?month=2026-06",
        reverse("campaigns:quarter", args=[c]),
        reverse("campaigns:findings", args=[c]),
        reverse("campaigns:findings", args=[c]) + "?show=all",
        reverse("campaigns:finding", args=[b.finding_a.pk]),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_workbench_page_renders_for_staff(client, busy, language):
    client.cookies["django_language"] = language
    client.force_login(busy.world.staff)
    for url in pages(busy):
        response = client.get(url)
        assert response.status_code == 200, url


def test_phone_pages_render_for_the_inspector(client, busy):
    w = busy.world
    client.force_login(w.inspector)
    for url in [
        reverse("campaigns:inspect"),
        reverse("campaigns:inspect-campaign", args=[w.campaign.pk]),
        reverse("campaigns:inspect-campaign", args=[w.campaign.pk]) + "?month=2026-05",
        reverse("campaigns:inspect-score", args=[w.campaign.pk, "post", w.post_a.pk]),
        reverse("campaigns:inspect-score", args=[w.campaign.pk, "village", w.village.pk]),
        reverse("campaigns:inspect-finding", args=[w.campaign.pk]),
        reverse("campaigns:inspect-recheck", args=[busy.finding_a.pk]),
        reverse("campaigns:board", args=[w.campaign.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_board_shows_figures_ranking_flags_and_history(client, busy):
    w = busy.world
    client.force_login(w.leader)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("campaigns:board", args=[w.campaign.pk]) + "?month=2026-06").content.decode()
    assert f'data-metric="{w.people.pk}">420<' in page  # 120 + 300
    assert f'data-key="post-{w.post_b.pk}" data-rank="1"' in page  # June: B 88 before A 85
    assert "Provisional, by the scores so far" in page
    assert 'id="coverage" data-full="1"' in page
    may = client.get(reverse("campaigns:board", args=[w.campaign.pk]) + "?month=2026-05").content.decode()
    assert "Awarded" in may and 'data-slot="red-post"' in may


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# session, user, grants, (command posts of the user), the rows, the navigation's unread count …
PINNED = {
    "campaigns:list": 7,
    "campaigns:tasks": 9,
    "campaigns:findings": 9,
    "campaigns:mine": 6,
}


@pytest.mark.parametrize("name", list(PINNED))
def test_list_pages_run_a_fixed_number_of_queries(client, busy, name):
    w = busy.world
    client.force_login(w.staff)
    url = reverse(name, args=[w.campaign.pk] if name in ("campaigns:tasks", "campaigns:findings") else [])
    few = count(client, url)
    for i in range(6):
        post = CommandPost.objects.create(campaign=w.campaign, name=f"新指挥部{i}", sort=10 + i)
        task_create(
            actor=w.staff, campaign=w.campaign, data=TaskInput(title=f"新任务{i}", working_days=5, post=post)
        )
        task_create(
            actor=w.staff,
            campaign=w.campaign,
            data=TaskInput(title=f"子任务{i}", working_days=3, responsible_person=w.a_person),
            parent=busy.root,
        )
    from tests.campaigns.test_inspections import found

    for _ in range(3):
        found(w)
    many = count(client, url)
    assert few == many == PINNED[name]


def test_board_query_count_does_not_grow(client, busy):
    w = busy.world
    client.force_login(w.leader)
    url = reverse("campaigns:board", args=[w.campaign.pk])
    few = count(client, url)
    for i in range(5):
        task_create(
            actor=w.staff,
            campaign=w.campaign,
            data=TaskInput(title=f"新任务{i}", working_days=5, post=w.post_b),
        )
    assert count(client, url) == few <= 30


def book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_excel_exports_hold_tasks_figures_and_scores(client, busy):
    w = busy.world
    client.force_login(w.leader)
    tasks = book(client.get(reverse("campaigns:tasks-xlsx", args=[w.campaign.pk])))
    rows = list(tasks.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + Task.objects.count()
    assert any(row[0] and row[0].strip() == "清理垃圾" and row[10] == 60 for row in rows)

    figures = book(client.get(reverse("campaigns:figures-xlsx", args=[w.campaign.pk])))
    totals = list(figures.worksheets[0].iter_rows(values_only=True))
    assert totals[-1][1] == 420 and totals[1][0] == "第一指挥部"
    assert figures.worksheets[1].max_row == 1 + 3  # three reports

    scores = book(client.get(reverse("campaigns:scores-xlsx", args=[w.campaign.pk]) + "?month=2026-05"))
    monthly = list(scores.worksheets[0].iter_rows(values_only=True))
    assert monthly[1][0] == 1 and monthly[1][2] == "第一指挥部" and monthly[1][3] == 95
    assert scores.worksheets[1].max_row == 1 + 4 * 2  # four sheets of two lines
    assert len(scores.worksheets) == 3


def test_formulas_are_written_as_text(client, busy):
    w = busy.world
    task_create(actor=w.staff, campaign=w.campaign, data=TaskInput(title='=HYPERLINK("x")', working_days=3))
    client.force_login(w.staff)
    tasks = book(client.get(reverse("campaigns:tasks-xlsx", args=[w.campaign.pk])))
    cell = next(c for row in tasks.worksheets[0].iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"
