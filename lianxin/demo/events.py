"""The demo's notices, events and trainings, written through the events services as the system
superuser (attendance rows in bulk, keeping the same invariants).

航海东路街道: the fire-safety lecture (消防安全知识讲座) on 1 September with 60+ attendees from its key
enterprises, property companies and residents, fire brigade instructors as speakers, unit
sign-ups, attendance, a summary and two hazards filed into casework. 城东路街道: notices to
different audiences (one pinned, one expired), a party day next week with free places, and a
past volunteer activity with attendance.

Everything is found by what it is (a notice by its area and title, an event by its area, title
and day), so building again adds nothing; dates are counted from the real today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lianxin.core.tree import subtree_q
from lianxin.demo.identity import unused_identity
from lianxin.events import registrations as regs
from lianxin.events import services
from lianxin.events.models import (
    Event,
    EventKind,
    Group,
    Notice,
    ReadReceipt,
    Registration,
    RegistrationStep,
    RegState,
    TrainingHazard,
)
from lianxin.events.services import EventInput, NoticeInput
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person
from lianxin.people.services import person_create
from lianxin.people.validation import PersonInput

LECTURE_TITLE = "消防安全知识讲座"
LECTURE_RESIDENTS = 40
STAFF_PER_UNIT = 4
HAZARDS = (
    ("ebike", "锦华家园3号楼楼道内有住户私拉电线给电动车充电。", "锦华家园3号楼"),
    ("wiring", "航海新城老旧配电箱线路老化，外皮破损。", "航海新城5号楼"),
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _lecture_day(today: dt.date) -> dt.date:
    day = dt.date(today.year, 9, 1)
    return day if day <= today else dt.date(today.year - 1, 9, 1)


def _bulk_register(event: Event, people: list[Any], admin: Any, *, unit: OrgNode | None, attend: bool) -> int:
    """Sign ``people`` up (and check them in) in bulk, within the event's places."""
    have = set(Registration.objects.filter(event=event).values_list("person_id", flat=True))
    room = event.capacity - Registration.objects.filter(event=event, state=RegState.REGISTERED).count()
    fresh = [p for p in people if p.pk not in have][: max(room, 0)]
    signed_at = event.starts_at - dt.timedelta(days=3)
    rows = [
        Registration(
            event=event,
            person=person,
            code=regs._new_code(),
            state=RegState.REGISTERED,
            unit=unit,
            registered_by=admin,
            created_at=signed_at,
            checked_in_at=event.starts_at - dt.timedelta(minutes=10 - i % 10) if attend else None,
        )
        for i, person in enumerate(fresh)
    ]
    Registration.objects.bulk_create(rows)
    steps = [
        RegistrationStep(registration=r, action=RegState.REGISTERED, at=signed_at, actor=admin) for r in rows
    ]
    steps += [
        RegistrationStep(registration=r, action="checked_in", at=r.checked_in_at, actor=admin)
        for r in rows
        if r.checked_in_at
    ]
    RegistrationStep.objects.bulk_create(steps)
    return len(rows) + len(steps)


def _event(admin: Any, node: OrgNode, data: EventInput, *, past: bool) -> tuple[Event, bool]:
    day = timezone.localtime(data.starts_at).date()
    found = Event.objects.filter(node=node, title=data.title, starts_at__date=day).first()
    if found is not None:
        return found, False
    if past:
        return services.event_log(actor=admin, node=node, data=data), True
    return services.event_create(actor=admin, node=node, data=data, publish=True), True


def _unit_staff(admin: Any, unit: OrgNode) -> list[Person]:
    """The unit's staff, topped up to STAFF_PER_UNIT with invented people registered there."""
    staff = list(Person.objects.filter(Q(node=unit) | Q(employer=unit)).order_by("id")[:STAFF_PER_UNIT])
    for i in range(len(staff), STAFF_PER_UNIT):
        name, gender, id_number, phone = unused_identity(f"events-{unit.code}-{i}")
        data = PersonInput(
            name=name, gender=gender, id_number=id_number, phone=phone, node=unit, is_resident=False
        )
        staff.append(person_create(actor=admin, data=data))
    return staff


def _lecture(admin: Any, today: dt.date) -> int:
    hhdl = OrgNode.objects.get(code="gc-hhdl")
    day = _lecture_day(today)
    data = EventInput(
        kind=EventKind.TRAINING,
        title=LECTURE_TITLE,
        place="航海东路街道办事处三楼会议室",
        starts_at=_at(day, 9),
        ends_at=_at(day, 11),
        capacity=120,
        audience=[(hhdl, Group.EVERYONE)],
        description="面向辖区重点企业、物业公司和居民群众，讲解家用电器火灾预防、灭火器使用和火场疏散逃生。",
        speakers="管城回族区消防救援大队 王立新教官、陈晓峰教官",
        topics="家用电器火灾的预防\n灭火器和消火栓的使用\n火场疏散与逃生自救",
        is_safety=True,
    )
    event, created = _event(admin, hhdl, data, past=True)
    count = int(created)
    units = OrgNode.objects.filter(
        code__startswith="gc-hhdl-", kind="unit", unit_type__in=["enterprise", "property_company"]
    ).order_by("code")
    before = Person.objects.count()
    for unit in units:
        count += _bulk_register(event, _unit_staff(admin, unit), admin, unit=unit, attend=True)
    count += Person.objects.count() - before
    residents = list(
        Person.objects.filter(
            subtree_q(hhdl.path, field="node__path"), is_resident=True, employer__isnull=True
        )
        .exclude(node__kind="unit")
        .order_by("id")[:LECTURE_RESIDENTS]
    )
    count += _bulk_register(event, residents, admin, unit=None, attend=True)
    if not event.summary:
        services.event_summarise(
            actor=admin,
            event=event,
            summary="讲座由消防救援大队教官主讲，结合典型火灾案例讲解用电安全，现场演示灭火器使用，"
            "参加人员进行了疏散逃生演练。会后收集隐患线索，已转入诉求平台跟进整改。",
        )
        count += 1
    if not TrainingHazard.objects.filter(event=event).exists():
        attendees = list(
            Registration.objects.filter(event=event, unit__isnull=True).select_related("person__node")[:2]
        )
        for (kind, text, address), row in zip(HAZARDS, attendees, strict=False):
            regs.hazard_report(
                actor=admin, person=row.person, event=event, kind=kind, text=text, address=address
            )
            count += 1
    return count


def _notices(admin: Any, now: dt.datetime) -> int:
    cdl = OrgNode.objects.get(code="gc-cdl")
    c01 = OrgNode.objects.get(code="gc-cdl-c01")
    rows = [
        (cdl, "关于开展本月主题党日活动的通知", [(cdl, Group.PARTY_MEMBERS)], True, 2, None),
        (cdl, "冬季安全用电和防火提示", [(cdl, Group.EVERYONE)], False, 5, None),
        (
            c01,
            "志愿服务队招募“敲门行动”志愿者",
            [(c01, Group.VOLUNTEERS), (c01, Group.PARTY_MEMBERS)],
            False,
            8,
            None,
        ),
        (cdl, "国庆假期社区值班安排", [(cdl, Group.RESIDENTS)], False, 60, 50),
    ]
    count = 0
    for node, title, audience, pinned, days_ago, expired_days_ago in rows:
        if Notice.objects.filter(node=node, title=title).exists():
            continue
        data = NoticeInput(
            title=title,
            body=f"<p>{title}。请相互转告，按时参加。</p><p>联系人：社区党群服务中心</p>",
            audience=audience,
            publish_at=now - dt.timedelta(days=days_ago),
            expires_at=now - dt.timedelta(days=expired_days_ago) if expired_days_ago else None,
            is_pinned=pinned,
        )
        notice = services.notice_publish(actor=admin, node=node, data=data)
        readers = Person.objects.filter(
            subtree_q(node.path, field="node__path"), is_party_member=True
        ).order_by("id")[:15]
        ReadReceipt.objects.bulk_create(
            [
                ReadReceipt(notice=notice, person=p, read_at=notice.publish_at + dt.timedelta(hours=2))
                for p in readers
            ]
        )
        count += 1 + len(readers)
    return count


def _cdl_events(admin: Any, today: dt.date) -> int:
    cdl = OrgNode.objects.get(code="gc-cdl")
    c01 = OrgNode.objects.get(code="gc-cdl-c01")
    next_week = today + dt.timedelta(days=7 - today.weekday() + 2)  # Wednesday next week
    party_day = EventInput(
        kind=EventKind.PARTY_DAY,
        title="主题党日：重温入党誓词 践行初心使命",
        place="城东路街道党群服务中心",
        starts_at=_at(next_week, 9),
        ends_at=_at(next_week, 11, 30),
        capacity=40,
        audience=[(cdl, Group.PARTY_MEMBERS)],
        description="重温入党誓词，集中学习，开展“我为群众办实事”交流。",
    )
    event, created = _event(admin, cdl, party_day, past=False)
    members = list(
        Person.objects.filter(
            subtree_q(cdl.path, field="node__path"), is_party_member=True, user__isnull=True
        ).order_by("id")[:12]
    )
    count = int(created) + _bulk_register(event, members, admin, unit=None, attend=False)
    past_day = today - dt.timedelta(days=10)
    volunteer = EventInput(
        kind=EventKind.VOLUNTEER,
        title="“洁净家园”楼院环境清洁志愿服务",
        place="东大街社区各楼院",
        starts_at=_at(past_day, 8, 30),
        ends_at=_at(past_day, 11),
        capacity=30,
        audience=[(c01, Group.VOLUNTEERS), (c01, Group.PARTY_MEMBERS)],
    )
    event, created = _event(admin, c01, volunteer, past=True)
    count += int(created)
    helpers = list(
        Person.objects.filter(
            Q(is_volunteer=True) | Q(is_party_member=True), subtree_q(c01.path, field="node__path")
        ).order_by("id")[:18]
    )
    count += _bulk_register(event, helpers, admin, unit=None, attend=True)
    if not event.summary:
        services.event_summarise(
            actor=admin, event=event, summary="清理楼道堆物和绿化带垃圾，劝导规范停放电动车。"
        )
        count += 1
    return count


def build_events(admin: Any) -> int:
    """Build the demo's notices, events and the fire-safety lecture; returns rows created."""
    today, now = timezone.localdate(), timezone.now()
    return _notices(admin, now) + _cdl_events(admin, today) + _lecture(admin, today)
