"""Demo requests in every state of the workflow, taken through the real services by the demo
log-ins, so the resident app, the queues and the measures have something to show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import F
from django.utils import timezone

from lianxin.casework import daily
from lianxin.casework.models import Case, CaseEvent, Category
from lianxin.casework.overdue import cases_escalate_overdue
from lianxin.casework.services import CaseInput, Step, case_submit, case_transition
from lianxin.casework.workflow import Party, State, path_to
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.people.models import User

# (state it is left in, type, category code, what the resident wrote, where)
DEMO_CASES = [
    (State.SUBMITTED, "complaint", "safety-ebike", "楼道里有人私拉电线给电动车充电，存在火灾隐患。", ""),
    (State.ACCEPTED, "help", "welfare-pension", "家中老人行动不便，希望社区安排助餐服务。", ""),
    (State.DECLINED, "consultation", "policy-general", "咨询外省社保关系转移的办理流程。", ""),
    (State.DISPATCHED, "complaint", "city-garbage", "小区东门垃圾桶满溢，三天无人清运。", ""),
    (State.RETURNED, "report", "city-vendors", "夜市摊位占道经营，影响行人通行。", ""),
    (State.ACKNOWLEDGED, "help", "facility-lights", "楼前路灯不亮，晚上出行不便。", ""),
    (State.IN_PROGRESS, "complaint", "property-elevator", "电梯经常停运，老人上下楼困难。", ""),
    (State.REPLIED, "suggestion", "property-parking", "建议规划小区非机动车集中停放区域。", ""),
    (State.CLOSED, "service", "policy-papers", "需要开具居住证明，用于孩子入学。", ""),
]
# Requests that came in weeks ago and slipped: (state, type, category, text, days ago). They are
# moved back in time after they are made, then the overdue check puts them under supervision.
LATE_CASES = [
    (State.SUBMITTED, "help", "facility-water", "单元楼二次供水水压不足，高层住户用水困难。", 3),
    (State.DISPATCHED, "complaint", "dispute-noise", "楼下商户夜间音响扰民，多次沟通无果。", 24),
    (State.IN_PROGRESS, "report", "safety-fire", "小区消防通道被私家车长期占用。", 30),
]
NOTES = {
    "decline": "属人社部门职责，已告知到区人社局窗口办理。",
    "return": "不属本单位职责范围，请重新派遣。",
    "reply": "已安排专人处理完毕，欢迎监督。",
}


def build_cases() -> int:
    """Create the demo requests that are missing; returns how many were created."""
    created = _build(DEMO_CASES)
    created += _build_late()
    return created


def _build_late() -> int:
    missing = [c for c in LATE_CASES if not Case.objects.filter(text=c[3]).exists()]
    _build([(state, case_type, code, text, "") for state, case_type, code, text, _days in missing])
    for _state, _type, _code, text, days in missing:
        case = Case.objects.get(text=text)
        back = dt.timedelta(days=days)
        prefix, _day, serial = case.number.split("-")
        then = timezone.localdate(case.submitted_at - back)
        number = f"{prefix}-{then:%Y%m%d}-{serial}"
        if not Case.objects.filter(number=number).exists():
            Case.objects.filter(pk=case.pk).update(number=number)
        Case.objects.filter(pk=case.pk).update(
            submitted_at=F("submitted_at") - back,
            accept_due=F("accept_due") - back,
            accepted_at=F("accepted_at") - back,
            due_at=F("due_at") - back,
        )
        CaseEvent.objects.filter(case=case).update(at=F("at") - back)
    if missing:
        cases_escalate_overdue()
        daily.rebuild()  # the requests were moved back in time after they were made
    return len(missing)


def _build(wanted: Sequence[tuple[str, str, str, str, str]]) -> int:
    resident = User.objects.get(username=Role.RESIDENT.value)
    dispatcher = User.objects.get(username=Role.SUBDISTRICT_STAFF.value)
    unit_user = User.objects.get(username=Role.UNIT_LIAISON.value)
    unit = RoleGrant.objects.select_related("node").get(user=unit_user, role=Role.UNIT_LIAISON).node
    acting = {Party.DISPATCHER: dispatcher, Party.UNIT: unit_user}
    created = 0
    for state, case_type, category, text, address in wanted:
        if Case.objects.filter(text=text).exists():
            continue
        data = CaseInput(
            channel="app",
            case_type=case_type,
            category=Category.objects.get(code=category),
            text=text,
            address=address,
        )
        case = case_submit(actor=resident, data=data)
        for transition in path_to(state):
            party = next(p for p in (Party.DISPATCHER, Party.UNIT) if p in transition.parties)
            step = Step(note=NOTES.get(transition.action, ""), unit=unit, reply=NOTES["reply"])
            case = case_transition(actor=acting[party], case=case, action=transition.action, step=step)
        if state == State.CLOSED:
            case_transition(actor=resident, case=case, action="rate", step=Step(rating="satisfied"))
        created += 1
    return created
