"""The demo's social-work contract for 城东路街道: what the issue asks the demo to show."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianxin.demo.socialwork import build_socialwork
from lianxin.people.models import User
from lianxin.socialwork import selectors
from lianxin.socialwork.models import Contract, ContractState, LogState, ServiceLog


@pytest.fixture(scope="module")
def demo(built_demo, django_db_blocker):  # type: ignore[no-untyped-def]
    """(rows the demo build created, rows a second build creates)."""
    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        return built_demo.created["social-work records"], build_socialwork(admin)


@pytest.mark.django_db
def test_building_again_creates_nothing(demo):
    first, second = demo
    assert first > 100 and second == 0
    assert Contract.objects.count() == 1


@pytest.mark.django_db
def test_the_contract_is_in_force_for_the_year_with_one_deliverable_lagging(demo):
    today = timezone.localdate()
    contract = Contract.objects.select_related("buyer", "organisation").get()
    assert (contract.buyer.code, contract.organisation.name) == ("gc-cdl", "郑州市馨家苑社区服务中心")
    assert contract.state == ContractState.IN_FORCE and contract.starts_on.year == today.year
    progress = selectors.contract_progress(contract=contract, today=today)
    targets = {row.deliverable.name: row.deliverable.target for row in progress.rows}
    assert targets == {"个案服务": 30, "小组活动": 24, "社区活动": 12, "服务居民": 2000, "志愿者培训": 6}
    assert [row.deliverable.name for row in progress.lagging] == ["志愿者培训"]
    states = {state: ServiceLog.objects.filter(state=state).count() for state in LogState.values}
    assert states["confirmed"] > 5 * states["pending"] > 0 and states["returned"] == 2
    workers = set(ServiceLog.objects.values_list("worker__username", flat=True))
    assert {"social_worker", "xjy-liusy", "xjy-wanghr"} <= workers


@pytest.mark.django_db
def test_the_demo_log_ins_see_it(demo):
    contract = Contract.objects.get()
    client = Client()
    client.force_login(User.objects.get(username="social_worker"))
    assert contract.title in client.get(reverse("socialwork:app-contracts")).content.decode()
    client.force_login(User.objects.get(username="subdistrict_staff"))
    page = client.get(reverse("socialwork:contract", args=[contract.pk]))
    assert page.status_code == 200 and 'data-lagging="1"' in page.content.decode()
    assert (
        client.get(reverse("socialwork:queue")).content.decode().count("data-log=") == 8
    )  # two per deliverable on pace
