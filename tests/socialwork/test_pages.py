"""The workbench and phone pages as their users see them: lists with progress and lag flags
(query counts pinned), forms that show the field's error, confirmation, and the Excel export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.socialwork.models import Contract, ContractState, LogState, ServiceLog
from tests.socialwork.conftest import log_on, make_contract

pytestmark = pytest.mark.django_db


def _many(tree, sw, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        contract = make_contract(tree.community, sw.org, number=f"M-{i}")
        for deliverable in contract.deliverables.all():
            log_on(deliverable, sw.social_worker, timezone.localdate() - dt.timedelta(days=3))
            log_on(
                deliverable,
                sw.social_worker,
                timezone.localdate() - dt.timedelta(days=2),
                state=LogState.PENDING,
            )


def test_the_contract_list_shows_progress_and_flags_lagging_deliverables(
    client, tree, sw, as_staff, django_assert_max_num_queries
):
    log_on(sw.cases, sw.social_worker, timezone.localdate() - dt.timedelta(days=3), quantity=15)
    _many(tree, sw, 3)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("socialwork:contracts"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("data-contract=") == 4
    # Half the term is gone: 15 of 30 cases is on time; the groups and people served lag.
    assert f'data-contract="{sw.contract.pk}"' in html and 'data-lagging="2"' in html


def test_the_contract_page_has_the_progress_table_chart_data_and_latest_logs(
    client, tree, sw, as_staff, django_assert_max_num_queries
):
    for i in range(5):
        log_on(sw.groups, sw.social_worker, timezone.localdate() - dt.timedelta(days=i + 1), people=10)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("socialwork:contract", args=[sw.contract.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="sw-chart-data"' in html and "socialwork/contract-chart.js" in html
    assert "<script>" not in html.replace('<script id="sw-chart-data" type="application/json">', "")
    assert html.count("data-log=") == 5
    pending = log_on(sw.cases, sw.social_worker, timezone.localdate(), state=LogState.PENDING)
    done = client.post(
        reverse("socialwork:log-review", args=[pending.pk]), {"action": "confirm", "next": "contract"}
    )
    assert done["Location"] == reverse("socialwork:contract", args=[sw.contract.pk])
    pending.refresh_from_db()
    assert pending.state == LogState.CONFIRMED
    assert sum(page.context["chart"]["services"]) == 5 and sum(page.context["chart"]["people"]) == 50


def test_staff_draft_a_contract_and_see_the_fields_errors(client, tree, sw, as_staff):
    today = timezone.localdate()
    bad = {
        "buyer": tree.community.pk,
        "organisation": sw.org.pk,
        "title": "东一社区社工服务",
        "number": "D-1",
        "starts_on": today.isoformat(),
        "ends_on": (today - dt.timedelta(days=1)).isoformat(),
        "amount": "-5",
    }
    page = client.post(reverse("socialwork:contract-add"), bad)
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"ends_on", "amount"}
    assert not Contract.objects.filter(number="D-1").exists()
    good = bad | {"ends_on": (today + dt.timedelta(days=365)).isoformat(), "amount": "250000"}
    page = client.post(reverse("socialwork:contract-add"), good)
    contract = Contract.objects.get(number="D-1")
    assert page.status_code == 302 and page["Location"] == reverse(
        "socialwork:deliverables", args=[contract.pk]
    )
    page = client.post(
        reverse("socialwork:deliverables", args=[contract.pk]),
        {"name": "个案服务", "unit": "个案", "target": 0},
    )
    assert page.status_code == 400 and "target" in page.context["form"].errors
    page = client.post(
        reverse("socialwork:contract-state", args=[contract.pk]), {"action": "sign"}, follow=True
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_the_confirmation_queue_confirms_and_returns(
    client, tree, sw, as_staff, django_assert_max_num_queries
):
    day = timezone.localdate() - dt.timedelta(days=1)
    logs = [log_on(sw.groups, sw.social_worker, day, state=LogState.PENDING) for _ in range(6)]
    with django_assert_max_num_queries(7):
        page = client.get(reverse("socialwork:queue"))
    assert page.content.decode().count("data-log=") == 6
    client.post(reverse("socialwork:log-review", args=[logs[0].pk]), {"action": "confirm"})
    client.post(
        reverse("socialwork:log-review", args=[logs[1].pk]), {"action": "return", "return-reason": "无签到表"}
    )
    client.post(
        reverse("socialwork:log-review", args=[logs[2].pk]), {"action": "return", "return-reason": ""}
    )
    states = dict(ServiceLog.objects.filter(pk__in=[log.pk for log in logs[:3]]).values_list("pk", "state"))
    assert states == {logs[0].pk: "confirmed", logs[1].pk: "returned", logs[2].pk: "pending"}


def test_the_export_is_an_excel_ledger_of_the_whole_log(client, tree, sw, as_staff):
    for i in range(3):
        log_on(sw.cases, sw.social_worker, timezone.localdate() - dt.timedelta(days=i + 1))
    response = client.get(reverse("socialwork:contract-export", args=[sw.contract.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2 + 3


def test_a_social_worker_logs_a_service_on_the_phone(client, tree, sw, django_assert_max_num_queries):
    client.force_login(sw.social_worker)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("socialwork:app-contracts"))
    assert sw.contract.title in page.content.decode()
    data = {
        "deliverable": sw.groups.pk,
        "on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "hours": "2",
        "content": "长者手工小组第三节",
        "quantity": 1,
        "people_served": 12,
    }
    page = client.post(reverse("socialwork:app-log"), data)
    assert page.status_code == 400 and "on" in page.context["form"].errors
    page = client.post(reverse("socialwork:app-log"), data | {"on": timezone.localdate().isoformat()})
    assert page.status_code == 302 and page["Location"] == reverse("socialwork:app-logs")
    for _ in range(5):
        log_on(sw.cases, sw.social_worker, timezone.localdate(), state=LogState.RETURNED)
    with django_assert_max_num_queries(5):
        page = client.get(reverse("socialwork:app-logs"))
    assert page.content.decode().count("data-log=") == 6
