"""Every social-work endpoint × every role: inside the role's subtree the capability table
decides, outside it (or for another organisation's social worker) the answer is 404, and a
refused write changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lianxin.core.roles import Cap, Role
from lianxin.socialwork.models import (
    Contract,
    ContractEvent,
    ContractState,
    Deliverable,
    LogState,
    ServiceLog,
)
from tests.factories import TINY_PNG, UserFactory, grant
from tests.matrix import Endpoint, endpoint_problems, outside_problems
from tests.socialwork.conftest import log_on, make_contract, social_work_org

WB, VIEW, MANAGE, SERVE = Cap.WORKBENCH, Cap.SOCIALWORK_VIEW, Cap.SOCIALWORK_MANAGE, Cap.SOCIALWORK_SERVE
API = "/api/v1/social-work"


def yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


def url(name: str, attr: str | None = None) -> Any:
    if attr is None:
        return lambda w: reverse(f"socialwork:{name}")
    return lambda w: reverse(f"socialwork:{name}", args=[getattr(w, attr).pk])


LOG = {"on": "", "hours": "2", "content": "小组活动：长者手工", "quantity": 1, "people_served": 10}
DELIVERABLE = {"name": "志愿者培训", "unit": "场", "target": 6, "quarter_targets": "", "position": 5}
SEE = ((WB, VIEW), (WB, SERVE))
ENDPOINTS = [
    Endpoint("contracts", "GET", url("contracts"), SEE),
    Endpoint("contract", "GET", url("contract", "contract"), SEE),
    Endpoint("export", "GET", url("contract-export", "contract"), SEE),
    Endpoint("contract add form", "GET", url("contract-add"), ((WB, MANAGE),)),
    Endpoint(
        "contract add",
        "POST",
        url("contract-add"),
        ((WB, MANAGE),),
        body=lambda w: {
            "buyer": w.community.pk,
            "organisation": w.org.pk,
            "title": "新合同",
            "number": "NEW-1",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": (timezone.localdate() + dt.timedelta(days=365)).isoformat(),
            "amount": "100000",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("contract edit form", "GET", url("contract-edit", "draft"), ((WB, MANAGE),)),
    Endpoint(
        "contract edit",
        "POST",
        url("contract-edit", "draft"),
        ((WB, MANAGE),),
        body=lambda w: {
            "organisation": w.org.pk,
            "title": "改名合同",
            "number": "DRAFT-1",
            "starts_on": w.draft.starts_on.isoformat(),
            "ends_on": w.draft.ends_on.isoformat(),
            "amount": "1",
        },
        writes=True,
        ok=302,
    ),
    Endpoint("deliverables", "GET", url("deliverables", "draft"), ((WB, MANAGE),)),
    Endpoint(
        "deliverable add",
        "POST",
        url("deliverables", "draft"),
        ((WB, MANAGE),),
        body=lambda w: DELIVERABLE,
        writes=True,
        ok=302,
    ),
    Endpoint("deliverable edit form", "GET", url("deliverable-edit", "keep"), ((WB, MANAGE),)),
    Endpoint(
        "deliverable edit",
        "POST",
        url("deliverable-edit", "keep"),
        ((WB, MANAGE),),
        body=lambda w: {"name": "个案服务", "unit": "个案", "target": 40, "quarter_targets": "10 10 10 10"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "deliverable remove", "POST", url("deliverable-remove", "drop"), ((WB, MANAGE),), writes=True, ok=302
    ),
    Endpoint(
        "contract sign",
        "POST",
        url("contract-state", "draft"),
        ((WB, MANAGE),),
        body=lambda w: {"action": "sign"},
        writes=True,
        ok=302,
    ),
    Endpoint(
        "contract terminate",
        "POST",
        url("contract-state", "contract"),
        ((WB, MANAGE),),
        body=lambda w: {"action": "terminate", "terminate-reason": "机构注销"},
        writes=True,
        ok=302,
    ),
    Endpoint("queue", "GET", url("queue"), ((WB, MANAGE),)),
    Endpoint(
        "log confirm",
        "POST",
        url("log-review", "pending"),
        ((WB, MANAGE),),
        body=lambda w: {"action": "confirm"},
        writes=True,
        ok=302,
    ),
    Endpoint("log photo", "GET", url("log-photo", "pending"), ((VIEW,), (SERVE,))),
    Endpoint("app contracts", "GET", url("app-contracts"), ((SERVE,),)),
    Endpoint("app log form", "GET", url("app-log"), ((SERVE,),)),
    Endpoint(
        "app log",
        "POST",
        url("app-log"),
        ((SERVE,),),
        body=lambda w: LOG | {"on": yesterday(), "deliverable": w.groups.pk},
        writes=True,
        ok=302,
    ),
    Endpoint("app logs", "GET", url("app-logs"), ((SERVE,),)),
    Endpoint("api contracts", "GET", lambda w: f"{API}/contracts", (), api=True),
    Endpoint(
        "api contract", "GET", lambda w: f"{API}/contracts/{w.contract.pk}", ((VIEW,), (SERVE,)), api=True
    ),
    Endpoint(
        "api logs", "GET", lambda w: f"{API}/contracts/{w.contract.pk}/logs", ((VIEW,), (SERVE,)), api=True
    ),
    Endpoint("api my logs", "GET", lambda w: f"{API}/logs/mine", (), api=True),
    Endpoint(
        "api log",
        "POST",
        lambda w: f"{API}/deliverables/{w.groups.pk}/logs",
        ((SERVE,),),
        body=lambda w: LOG | {"on": yesterday()},
        api=True,
        writes=True,
        ok=201,
    ),
    Endpoint(
        "api confirm",
        "POST",
        lambda w: f"{API}/logs/{w.api_pending.pk}/confirm",
        ((MANAGE,),),
        api=True,
        writes=True,
    ),
    Endpoint(
        "api return",
        "POST",
        lambda w: f"{API}/logs/{w.api_returned.pk}/return",
        ((MANAGE,),),
        body=lambda w: {"reason": "缺少签到表"},
        api=True,
        writes=True,
    ),
]


@dataclass
class World:
    community: Any
    org: Any
    contract: Contract
    groups: Deliverable
    draft: Contract
    keep: Deliverable
    drop: Deliverable
    pending: ServiceLog
    api_pending: ServiceLog
    api_returned: ServiceLog
    outside: Contract
    outside_deliverable: Deliverable
    outside_log: ServiceLog


def make_world(tree: Any) -> World:
    org = social_work_org(tree.community, "馨家苑社工中心")
    worker = UserFactory.create()
    contract = make_contract(tree.community, org, number="SW-1")
    groups = contract.deliverables.get(name="小组活动")
    draft = make_contract(
        tree.community,
        org,
        number="DRAFT-1",
        state=ContractState.DRAFT,
        deliverables=(("个案服务", "个案", 30), ("社区活动", "场", 12)),
    )
    day = timezone.localdate() - dt.timedelta(days=2)
    pending = log_on(groups, worker, day, state=LogState.PENDING)
    pending.photo.save("p.png", ContentFile(TINY_PNG), save=False)
    pending.photo_type = "image/png"
    pending.save()
    outside_org = social_work_org(tree.other_community, "外社工")
    outside = make_contract(tree.other_community, outside_org, number="OUT-1")
    outside_deliverable = outside.deliverables.first()
    assert outside_deliverable is not None
    return World(
        community=tree.community,
        org=org,
        contract=contract,
        groups=groups,
        draft=draft,
        keep=draft.deliverables.get(name="个案服务"),
        drop=draft.deliverables.get(name="社区活动"),
        pending=pending,
        api_pending=log_on(groups, worker, day, state=LogState.PENDING),
        api_returned=log_on(groups, worker, day, state=LogState.PENDING),
        outside=outside,
        outside_deliverable=outside_deliverable,
        outside_log=log_on(outside_deliverable, worker, day, state=LogState.PENDING),
    )


def snapshot() -> tuple:
    return (
        tuple(Contract.objects.order_by("pk").values_list("pk", "state", "title", "amount")),
        tuple(Deliverable.objects.order_by("pk").values_list("pk", "name", "target")),
        tuple(ServiceLog.objects.order_by("pk").values_list("pk", "state")),
        ContractEvent.objects.count(),
    )


def signed_in(client: Any, tree: Any, role: str, on: Any = None) -> World:
    world = make_world(tree)
    user = UserFactory.create()
    grant(user, role, on or tree.community)
    client.force_login(user)
    return world


@pytest.mark.parametrize("role", Role.values)
def test_every_endpoint_for_a_role_granted_on_a_community(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = endpoint_problems(client, world, role, ENDPOINTS, snapshot)
    assert wrong == [], "\n".join(wrong)


OUTSIDE = [
    ("contract", lambda w: reverse("socialwork:contract", args=[w.outside.pk]), "GET", None),
    ("export", lambda w: reverse("socialwork:contract-export", args=[w.outside.pk]), "GET", None),
    (
        "contract edit",
        lambda w: reverse("socialwork:contract-edit", args=[w.outside.pk]),
        "POST",
        {"title": "越界"},
    ),
    (
        "terminate",
        lambda w: reverse("socialwork:contract-state", args=[w.outside.pk]),
        "POST",
        {"action": "terminate", "terminate-reason": "越界"},
    ),
    ("deliverables", lambda w: reverse("socialwork:deliverables", args=[w.outside.pk]), "POST", DELIVERABLE),
    (
        "deliverable edit",
        lambda w: reverse("socialwork:deliverable-edit", args=[w.outside_deliverable.pk]),
        "POST",
        DELIVERABLE,
    ),
    (
        "deliverable remove",
        lambda w: reverse("socialwork:deliverable-remove", args=[w.outside_deliverable.pk]),
        "POST",
        {},
    ),
    (
        "log confirm",
        lambda w: reverse("socialwork:log-review", args=[w.outside_log.pk]),
        "POST",
        {"action": "confirm"},
    ),
    ("log photo", lambda w: reverse("socialwork:log-photo", args=[w.outside_log.pk]), "GET", None),
    ("api contract", lambda w: f"{API}/contracts/{w.outside.pk}", "GET", None),
    ("api logs", lambda w: f"{API}/contracts/{w.outside.pk}/logs", "GET", None),
    ("api confirm", lambda w: f"{API}/logs/{w.outside_log.pk}/confirm", "POST", None),
]


@pytest.mark.parametrize("role", Role.values)
def test_records_outside_the_subtree_answer_404_and_change_nothing(client, tree, role):
    world = signed_in(client, tree, role)
    wrong = outside_problems(client, world, OUTSIDE, snapshot)
    assert wrong == [], "\n".join(wrong)


def test_a_social_worker_of_another_organisation_gets_404_everywhere(client, tree):
    world = make_world(tree)
    other = social_work_org(tree.community, "启明社工")
    user = UserFactory.create()
    grant(user, Role.SOCIAL_WORKER, other)
    client.force_login(user)
    theirs = [e for e in ENDPOINTS if e.name not in {"contracts", "api contracts", "api my logs", "queue"}]
    theirs = [e for e in theirs if not e.name.startswith(("app ", "contract add"))]
    wrong = []
    for endpoint in theirs:
        before = snapshot()
        response = endpoint.call(client, world)
        if response.status_code != 404:
            wrong.append(f"{endpoint.name}: got {response.status_code}")
        if snapshot() != before:
            wrong.append(f"{endpoint.name}: changed data")
    assert wrong == [], "\n".join(wrong)
    assert client.get(f"{API}/contracts").json() == []
    page = client.get(reverse("socialwork:app-contracts"))
    assert page.status_code == 200 and world.contract.title not in page.content.decode()


def test_anonymous_visitors_are_sent_to_log_in_or_get_401(client, tree):
    world = make_world(tree)
    for endpoint in ENDPOINTS:
        response = endpoint.call(client, world)
        if endpoint.api:
            assert response.status_code == 401, endpoint.name
        else:
            assert response.status_code == 302, endpoint.name
            assert response["Location"].startswith(reverse("login"))
