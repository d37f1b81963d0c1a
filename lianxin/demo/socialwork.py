"""The demo's purchased social-work services: 城东路街道 signs a contract for the current year
with 郑州市馨家苑社区服务中心, with the deliverables of a typical agreement (个案服务 30 个案,
小组活动 24 场, 社区活动 12 场, 服务居民 2000 人次, 志愿者培训 6 场), and its social workers (the
``social_worker`` log-in and two invented colleagues) log a year of services: most confirmed by
the subdistrict's staff, the last few awaiting confirmation, two returned, and the volunteer
trainings lagging behind the time gone by.

The contract is found by its number, the colleagues by their user names, and the logs are only
written for a contract that has none yet, so building again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.core.tree import subtree_q
from lianxin.demo.data import CDL, CDL_COMMUNITIES, SOCIAL_WORK_ORG
from lianxin.demo.identity import unused_identity
from lianxin.demo.logins import DEMO_PASSWORD
from lianxin.orgs.models import OrgNode
from lianxin.people import services as people
from lianxin.people.models import Person, User
from lianxin.people.validation import PersonInput
from lianxin.socialwork import services
from lianxin.socialwork.models import Contract, Deliverable, LogState, ServiceLog

COLLEAGUES = (("xjy-liusy", "刘思雨"), ("xjy-wanghr", "王浩然"))
# (name, unit, target, per quarter, quantity per log, people per log, hours, what was done)
DELIVERABLES = (
    ("个案服务", "个案", 30, [7, 8, 8, 7], 1, 1, "2", "独居老人个案跟进：入户探访，评估需求，链接助餐资源"),
    ("小组活动", "场", 24, [6, 6, 6, 6], 1, 12, "2.5", "长者手工互助小组活动"),
    ("社区活动", "场", 12, [3, 3, 3, 3], 1, 60, "4", "邻里节社区活动"),
    ("服务居民", "人次", 2000, [500, 500, 500, 500], 50, 50, "3", "政策咨询与便民服务"),
    ("志愿者培训", "场", 6, [2, 1, 2, 1], 1, 20, "3", "社区志愿者能力培训"),
)
LAGGING = "志愿者培训"  # delivered at half the pace of the time gone by
PENDING_LAST = 2  # the latest logs of each deliverable await confirmation
RETURN_REASON = "缺少活动签到表，请补充后重新登记。"


def build_socialwork(admin: User) -> int:
    """Create what is missing of the demo's contract and its logs; returns rows created."""
    today = timezone.localdate()
    buyer = OrgNode.objects.get(code=CDL[0])
    org = OrgNode.objects.get(code=SOCIAL_WORK_ORG[0])
    workers, created = _workers(admin, org)
    contract, made = _contract(admin, buyer, org, today)
    created += made
    if not ServiceLog.objects.filter(deliverable__contract=contract).exists():
        created += _logs(contract, workers, buyer, today)
    return created


def _workers(admin: User, org: OrgNode) -> tuple[list[User], int]:
    created = 0
    workers = list(User.objects.filter(username=str(Role.SOCIAL_WORKER)))
    for username, name in COLLEAGUES:
        user = User.objects.filter(username=username).first()
        if user is None:
            _, gender, id_number, phone = unused_identity(f"socialwork-{username}")
            data = PersonInput(
                name=name,
                gender=gender,
                id_number=id_number,
                phone=phone,
                node=org,
                is_resident=False,
                employer=org,
            )
            person = people.person_create(actor=admin, data=data)
            user = people.account_create(
                actor=admin, person=person, username=username, password=DEMO_PASSWORD
            )
            created += 2
        if not RoleGrant.objects.filter(user=user, role=Role.SOCIAL_WORKER, node=org).exists():
            people.role_grant(actor=admin, user=user, role=Role.SOCIAL_WORKER, node=org)
            created += 1
        workers.append(user)
    return workers, created


def _contract(admin: User, buyer: OrgNode, org: OrgNode, today: dt.date) -> tuple[Contract, int]:
    number = f"CDL-SW-{today.year}-01"
    contract = Contract.objects.filter(number=number).first()
    if contract is not None:
        return contract, 0
    data = services.ContractInput(
        organisation=org,
        title=f"城东路街道政府购买社会工作服务项目（{today.year}年度）",
        number=number,
        starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31),
        amount=Decimal("360000.00"),
    )
    contract = services.contract_create(actor=admin, buyer=buyer, data=data)
    for position, (name, unit, target, quarters, *_rest) in enumerate(DELIVERABLES):
        services.deliverable_save(
            actor=admin,
            contract=contract,
            data=services.DeliverableInput(
                name=name, unit=unit, target=target, quarter_targets=quarters, position=position
            ),
        )
    contract = services.contract_sign(actor=admin, contract=contract)
    return contract, 1 + len(DELIVERABLES) + 2  # the contract, its deliverables, two events


def _logs(contract: Contract, workers: list[User], buyer: OrgNode, today: dt.date) -> int:
    """A year of logs, spread evenly from the start of the term to today (bulk-written)."""
    reviewer = User.objects.filter(username=str(Role.SUBDISTRICT_STAFF)).first() or workers[0]
    served = list(
        Person.objects.filter(subtree_q(buyer.path, field="node__path"), is_resident=True).order_by("id")[:12]
    )
    places = [row.name for row in CDL_COMMUNITIES]
    start = contract.starts_on
    span = max((today - start).days, 1)
    share = span / ((contract.ends_on - start).days + 1)
    now = timezone.now()
    rows: list[ServiceLog] = []
    for deliverable in contract.deliverables.order_by("position"):
        _name, _unit, target, _q, per_log, people_per_log, hours, content = next(
            row for row in DELIVERABLES if row[0] == deliverable.name
        )
        pace = share / 2 if deliverable.name == LAGGING else share
        count = max(1, round(target * pace / per_log))
        count += PENDING_LAST if deliverable.name != LAGGING else 0
        for k in range(count):
            day = start + dt.timedelta(days=int(span * (k + 0.5) / count))
            state = (
                LogState.PENDING
                if k >= count - PENDING_LAST and deliverable.name != LAGGING
                else LogState.CONFIRMED
            )
            if k == count // 2 and deliverable.name in {"个案服务", "小组活动"}:
                rows.append(
                    _row(deliverable, workers, k, day, per_log, people_per_log, hours, content, places)
                )
                rows[-1].state, rows[-1].return_reason = LogState.RETURNED, RETURN_REASON
                rows[-1].reviewed_by, rows[-1].reviewed_at = reviewer, now
            log = _row(deliverable, workers, k, day, per_log, people_per_log, hours, content, places)
            if state == LogState.CONFIRMED:
                log.state, log.reviewed_by, log.reviewed_at = state, reviewer, now
            if deliverable.name == "个案服务" and served:
                log.person = served[k % len(served)]
            rows.append(log)
    ServiceLog.objects.bulk_create(rows)
    return len(rows)


def _row(
    deliverable: Deliverable,
    workers: list[User],
    k: int,
    day: dt.date,
    quantity: int,
    people_served: int,
    hours: str,
    content: str,
    places: list[str],
) -> ServiceLog:
    return ServiceLog(
        deliverable=deliverable,
        on=day,
        hours=Decimal(hours),
        content=content,
        place=places[k % len(places)],
        quantity=quantity,
        people_served=people_served,
        worker=workers[k % len(workers)],
        state=LogState.PENDING,
    )
