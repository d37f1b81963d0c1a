"""The demo's party representative studios and meetings for 城东路街道, written through the
services (as the system superuser; a representative's own steps as the party_rep log-in).

Studios: one per community, its party representative on duty, linked to 2–3 people, a year of
weekly sessions up to a few weeks ahead (with a few weeks missed), what people raised, and three
concerns of 东大街社区 turned into requests in different states. Meetings: twelve monthly review
meetings of the big working committee (none in the Spring Festival month), with decisions and
follow-up actions in every state, a meeting on a major matter, a branch's own meetings, and the
year-end duty report meeting, graded and closed.

Everything is found by what it is (a studio by its area and name, a session by its week, a
meeting by its organisation, kind and month), so building again adds nothing; dates are counted
from the real today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import F
from django.utils import timezone

from lianxin.casework.models import Category
from lianxin.casework.services import Step, case_transition
from lianxin.casework.workflow import Party, State, path_to
from lianxin.core.clock import WorkCalendar
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.core.tree import subtree_q
from lianxin.demo.data import CDL_COMMUNITIES
from lianxin.liaison import services as rep
from lianxin.liaison.models import Concern, ContactMethod, Link, Representative, SessionKind, Studio
from lianxin.meetings import services as mtg
from lianxin.meetings.models import Action, ActionEvent, Ballot, Meeting, MeetingKind, MeetingState
from lianxin.orgs.models import NodeKind, OrgNode, Position, PositionTitle
from lianxin.people.models import Person, User

WEEKS_BACK, WEEKS_AHEAD = 52, 4
CONCERNS = (
    ("楼道声控灯坏了好几天，老人晚上下楼不方便。", "已联系物业，三天内更换。"),
    ("想了解高龄津贴怎么申请。", "已讲解申请条件和材料，可到社区一站式服务窗口办理。"),
    ("小区垃圾分类桶摆放位置不合理，夏天异味大。", ""),
    ("希望社区多组织几场防诈骗宣传。", "已转社区，下月开展专题宣传。"),
    ("楼下早餐摊占用盲道。", "已向网格员反映，当场劝离。"),
    ("家里老人想参加社区老年大学书法班。", "已登记报名。"),
    ("单元门禁坏了，外来人员随意进出。", ""),
    ("咨询医保异地备案的办理流程。", "已告知线上办理方式。"),
)
# Raised by the resident at 东大街社区's recent sessions and turned into requests: (text, type,
# category, the state the request is left in).
TO_CASES = (
    ("楼前路灯不亮快一个月了，晚上出行很不安全。", "help", "facility-lights", State.CLOSED),
    ("小区东门垃圾桶满溢，几天没人清运。", "complaint", "city-garbage", State.IN_PROGRESS),
    ("楼道里有人给电动车飞线充电，担心起火。", "report", "safety-ebike", State.SUBMITTED),
)
REVIEW_DECISIONS = (
    ("开展老旧小区消防安全隐患排查整治。", "排查辖区老旧小区飞线充电、楼道堆物，建立整改台账"),
    ("推进“1+4”社区大党委共驻共建，落实辖区单位认领项目。", "组织辖区单位认领共建项目并报送清单"),
    ("做好困难群众走访慰问。", "完成辖区困难党员和困难群众走访，反馈需求"),
    ("落实党代表工作室每周驻室、流动服务。", "核对本月党代表接待记录，补齐缺漏"),
)


def build_liaison(admin: User) -> int:
    """Create the missing studios, sessions and meetings; returns how many records were created."""
    today = timezone.localdate()
    created = 0
    studios = []
    for index, row in enumerate(CDL_COMMUNITIES):
        community = OrgNode.objects.get(code=row.code)
        studio, made = _studio(admin, community, row.street, index)
        created += made + _representatives(admin, studio, today)
        created += _links(admin, studio, today, index)
        created += _sessions(admin, studio, today, index)
        studios.append(studio)
    created += _cases(studios[0])
    committee = OrgNode.objects.get(code="gc-cdl-wc")
    created += _reviews(admin, committee, today)
    created += _major_matter(admin, committee, today)
    created += _branch_meetings(admin, OrgNode.objects.get(code="gc-cdl-c01-pc-b01"), today)
    created += _duty_reports(admin, committee, today)
    return created


# --- studios ------------------------------------------------------------------------------------


def _studio(admin: User, community: OrgNode, street: str, index: int) -> tuple[Studio, int]:
    name = f"{community.name}党代表工作室"
    found = Studio.objects.filter(node=community, name=name).first()
    if found is not None:
        return found, 0
    data = rep.StudioInput(
        name=name,
        address=f"管城回族区{street}{18 + 7 * index}号 社区党群服务中心一楼",
        phone=f"0371-6698{1201 + index:04d}",
        opening_hours="每周二 9:00–11:30 驻室接待",
    )
    return rep.studio_create(actor=admin, node=community, data=data), 1


def _representatives(admin: User, studio: Studio, today: dt.date) -> int:
    serving = set(studio.representatives.filter(ended_on__isnull=True).values_list("person_id", flat=True))
    people = Person.objects.filter(subtree_q(studio.node.path, field="node__path"), is_party_rep=True)
    made = 0
    for person in people.order_by("name", "id").exclude(pk__in=serving):
        start = dt.date(today.year - 1, today.month, 1)
        rep.representative_add(actor=admin, studio=studio, person=person, started_on=start)
        made += 1
    return made


def _link_people(studio: Studio, representative: Representative) -> list[Person]:
    """2–3 people of the community: the demo resident and party member first, where they live."""
    logins = list(
        Person.objects.filter(user__username__in=[Role.RESIDENT.value, Role.PARTY_MEMBER.value]).filter(
            subtree_q(studio.node.path, field="node__path")
        )
    )
    others = (
        Person.objects.filter(
            subtree_q(studio.node.path, field="node__path"), user__isnull=True, is_resident=True
        )
        .exclude(pk=representative.person_id)
        .order_by("-is_party_member", "name", "id")
    )
    wanted = 3 if studio.node.code.endswith(("1", "3", "5")) else 2
    return (logins + list(others[: wanted - len(logins)]))[:wanted]


def _links(admin: User, studio: Studio, today: dt.date, index: int) -> int:
    made = 0
    for representative in studio.representatives.filter(ended_on__isnull=True).select_related("person"):
        if representative.links.exists():
            continue
        for n, person in enumerate(_link_people(studio, representative)):
            start = representative.started_on + dt.timedelta(days=7 * n)
            reason = ("独居老人", "困难党员", "低保家庭")[n % 3]
            link = rep.link_add(
                actor=admin, representative=representative, person=person, started_on=start, reason=reason
            )
            made += 1 + _contacts(admin, link, today, quiet=(index + n) % 4 == 1)
    return made


def _contacts(admin: User, link: Link, today: dt.date, quiet: bool) -> int:
    """A contact every three weeks or so, the last a few days ago; a quiet link has had none for
    the last seven weeks (the studio flags it)."""
    last = today - dt.timedelta(weeks=7 if quiet else 0, days=2)
    days, day = [], link.started_on + dt.timedelta(days=5)
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=18 + 5 * (len(days) % 3))
    if not quiet and (not days or (last - days[-1]).days > 7):
        days.append(last)
    methods = (ContactMethod.HOME_VISIT, ContactMethod.PHONE, ContactMethod.MESSAGE, ContactMethod.STUDIO)
    for n, on in enumerate(days):
        rep.contact_record(actor=admin, link=link, on=on, method=methods[n % 4], note="了解近况，宣讲政策")
    return len(days)


def _weeks(today: dt.date) -> Iterator[dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    for n in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
        yield monday + dt.timedelta(weeks=n)


def _missed(monday: dt.date, index: int) -> bool:
    """A few weeks in the year with no session (by the calendar week, so it stays put)."""
    return index > 0 and (monday.isocalendar().week * 7 + index) % 23 == 0


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _sessions(admin: User, studio: Studio, today: dt.date, index: int) -> int:
    """One session a week: in the studio on Tuesday, and every other week out in a grid on Saturday."""
    hosts = list(studio.representatives.filter(ended_on__isnull=True))
    if not hosts:
        return 0
    buildings = list(
        OrgNode.objects.filter(subtree_q(studio.node.path), kind=NodeKind.BUILDING).order_by("path")
    )
    residents = list(
        Person.objects.filter(subtree_q(studio.node.path, field="node__path"), is_resident=True)
        .exclude(pk__in=[h.person_id for h in hosts])
        .order_by("name", "id")
    )
    first = _at(today - dt.timedelta(weeks=WEEKS_BACK + 1), 0)
    existing = {
        timezone.localtime(s).date() - dt.timedelta(days=timezone.localtime(s).weekday())
        for s in studio.sessions.filter(starts_at__gte=first).values_list("starts_at", flat=True)
    }
    calendar = WorkCalendar(
        today - dt.timedelta(weeks=WEEKS_BACK + 1), today + dt.timedelta(weeks=WEEKS_AHEAD + 1)
    )
    made = 0
    for n, monday in enumerate(_weeks(today)):
        if monday in existing or _missed(monday, index):
            continue
        if not any(calendar.is_workday(monday + dt.timedelta(days=d)) for d in range(7)):
            continue  # a whole week of holiday
        mobile = n % 2 == 1
        day = monday + dt.timedelta(days=5 if mobile else 1)
        data = rep.SessionInput(
            kind=SessionKind.MOBILE if mobile else SessionKind.STUDIO,
            starts_at=_at(day, 9),
            ends_at=_at(day, 11, 30 if not mobile else 0),
            hosts=hosts,
            place=buildings[n % len(buildings)] if mobile else None,
            venue="楼前小广场" if mobile else "",
            topic=("政策宣讲、收集社情民意" if mobile else ""),
        )
        made += 1
        if day >= today:
            rep.session_schedule(actor=admin, studio=studio, data=data)
            continue
        raised = n % 3 == 0 and bool(residents)
        session = rep.session_log(
            actor=admin,
            studio=studio,
            data=data,
            visitors=int(raised) + 2 + n % 5,
            summary="接待群众，解答咨询",
        )
        if raised:
            text, answer = CONCERNS[(n // 3 + index) % len(CONCERNS)]
            visitor = residents[(n + index) % len(residents)]
            rep.concern_record(
                actor=admin,
                session=session,
                name=visitor.name,
                text=text,
                answer=answer,
                representative=hosts[0],
            )
            made += 1
    return made


def _cases(studio: Studio) -> int:
    """The resident's concerns at 东大街社区's last sessions, turned into requests by the
    representative and taken through the workflow by the demo log-ins."""
    rep_user = User.objects.get(username=Role.PARTY_REP.value)
    resident = Person.objects.get(user__username=Role.RESIDENT.value)
    sessions = list(
        studio.sessions.filter(starts_at__lt=timezone.now(), state="held").order_by("-starts_at")[
            : len(TO_CASES)
        ]
    )
    made = 0
    for session, (text, case_type, category, state) in zip(sessions, TO_CASES, strict=False):
        if Concern.objects.filter(text=text, representative__studio=studio).exists():
            continue
        concern = rep.concern_record(
            actor=rep_user, session=session, name=resident.name, text=text, phone=resident.phone
        )
        fields = rep.CaseFields(case_type=case_type, category=Category.objects.get(code=category))
        case = rep.concern_to_case(actor=rep_user, concern=concern, data=fields)
        _advance(case, state, resident)
        made += 2
    return made


def _advance(case: Any, state: str, resident: Person) -> None:
    dispatcher = User.objects.get(username=Role.SUBDISTRICT_STAFF.value)
    unit_user = User.objects.get(username=Role.UNIT_LIAISON.value)
    unit = RoleGrant.objects.select_related("node").get(user=unit_user, role=Role.UNIT_LIAISON).node
    acting = {Party.DISPATCHER: dispatcher, Party.UNIT: unit_user}
    for transition in path_to(state):
        party = next(p for p in (Party.DISPATCHER, Party.UNIT) if p in transition.parties)
        step = Step(unit=unit, reply="已安排专人处理完毕，感谢党代表和居民的反映。")
        case = case_transition(actor=acting[party], case=case, action=transition.action, step=step)
    if state == State.CLOSED and resident.user is not None:
        case_transition(actor=resident.user, case=case, action="rate", step=Step(rating="satisfied"))


# --- meetings -----------------------------------------------------------------------------------


def _members(committee: OrgNode) -> list[Person]:
    """Who sits in the big working committee's meetings: post holders of its committees and
    communities, and the subdistrict's staff log-in."""
    posts = Position.objects.filter(
        ended_on__isnull=True,
        title__in=[PositionTitle.SECRETARY, PositionTitle.DIRECTOR],
        node__kind__in=[NodeKind.WORKING_COMMITTEE, NodeKind.PARTY_COMMITTEE, NodeKind.COMMUNITY_COMMITTEE],
    ).filter(subtree_q(committee.path, field="node__path"))
    people = {p.person_id for p in posts}
    people |= set(
        Person.objects.filter(user__username=Role.SUBDISTRICT_STAFF.value).values_list("pk", flat=True)
    )
    return list(Person.objects.filter(pk__in=people).order_by("name", "id"))


def _community_secretaries(committee: OrgNode) -> list[Position]:
    return list(
        Position.objects.filter(
            ended_on__isnull=True, title=PositionTitle.SECRETARY, node__kind=NodeKind.COMMUNITY_COMMITTEE
        )
        .filter(subtree_q(committee.path, field="node__path"))
        .select_related("person", "node")
        .order_by("node__path")
    )


def _month_start(today: dt.date, back: int) -> dt.date:
    month = today.year * 12 + today.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def _meeting_day(first: dt.date) -> dt.date:
    """The review meeting's day: the working day on or after the 20th."""
    calendar = WorkCalendar(first, first + dt.timedelta(days=40))
    return next(calendar.workdays_from(first.replace(day=20)))


def _held_meeting(
    admin: User,
    node: OrgNode,
    data: mtg.MeetingInput,
    people: list[Person],
    minutes: str,
    everyone: bool = False,
) -> Meeting:
    """A meeting with its attendees; once its time has come, attendance (someone on leave now
    and then, unless ``everyone`` came) and minutes."""
    meeting = mtg.meeting_create(actor=admin, node=node, data=data)
    if people:
        mtg.attendees_invite(actor=admin, meeting=meeting, people=people)
    if data.starts_at <= timezone.now():
        on_leave = {p.pk for p in people if not everyone and (p.pk + meeting.pk) % 9 == 0}
        statuses = {p.pk: ("excused" if p.pk in on_leave else "present") for p in people}
        mtg.attendance_record(actor=admin, meeting=meeting, statuses=statuses)
        meeting = mtg.meeting_hold(actor=admin, meeting=meeting, minutes=minutes)
    return meeting


def _reviews(admin: User, committee: OrgNode, today: dt.date) -> int:
    """Twelve monthly review meetings over the last thirteen months: none in the Spring Festival
    month (February), so the schedule shows one missing."""
    members = _members(committee)
    secretaries = _community_secretaries(committee)
    existing = {
        (timezone.localtime(m).year, timezone.localtime(m).month)
        for m in Meeting.objects.filter(node=committee, kind=MeetingKind.REVIEW).values_list(
            "starts_at", flat=True
        )
    }
    skipped = next(_month_start(today, back) for back in range(1, 14) if _month_start(today, back).month == 2)
    made = 0
    for back in range(12, -1, -1):
        first = _month_start(today, back)
        if (first.year, first.month) in existing or first == skipped:
            continue
        day = _meeting_day(first)
        data = mtg.MeetingInput(
            kind=MeetingKind.REVIEW,
            title=f"{first.year}年{first.month}月党建点评会",
            starts_at=_at(day, 15),
            place="城东路街道党群服务中心三楼会议室",
            agenda="通报上月重点工作完成情况\n各社区党建工作点评\n研究解决基层党建热点难点问题\n部署下月重点工作",
        )
        meeting = _held_meeting(
            admin,
            committee,
            data,
            members,
            "各社区大党委书记汇报本月工作，街道党工委逐一点评，议定事项如下。",
        )
        made += 1
        if meeting.state == MeetingState.HELD:
            made += _decide(admin, meeting, secretaries, back, today)
    return made


def _decide(admin: User, meeting: Meeting, secretaries: list[Position], back: int, today: dt.date) -> int:
    """Two decisions, each with actions for two communities; older ones done (some late), the
    recent ones open, overdue or not yet due."""
    made = 0
    for n in range(2):
        text, action_text = REVIEW_DECISIONS[(back + n) % len(REVIEW_DECISIONS)]
        decision = mtg.decision_add(actor=admin, meeting=meeting, text=text)
        for k in range(2):
            post = secretaries[(back * 2 + n + k) % len(secretaries)]
            days = (5, 10, 15, 20)[(back + n + k) % 4]
            action = mtg.action_add(
                actor=admin,
                decision=decision,
                text=f"{post.node.name.removesuffix('大党委')}：{action_text}",
                owner_node=OrgNode.objects.get(path=post.node.parent_path),
                owner_person=post.person,
                working_days=days,
            )
            made += 2
            _set_at(action, meeting.starts_at + dt.timedelta(hours=2))
            _settle(admin, action, back, n + k)
    if back == 0:  # a unit of the "1+4" committee takes one on too
        liaison = Person.objects.get(user__username=Role.UNIT_LIAISON.value)
        unit = RoleGrant.objects.select_related("node").get(user=liaison.user, role=Role.UNIT_LIAISON).node
        action = mtg.action_add(
            actor=admin,
            decision=decision,
            text=f"{unit.name}：认领东大街社区共建项目，报送认领清单",
            owner_node=unit,
            owner_person=liaison,
            working_days=10,
        )
        _set_at(action, meeting.starts_at + dt.timedelta(hours=2))
        made += 2
    return made


def _set_at(action: Action, moment: dt.datetime) -> None:
    """Date an action set down afterwards back to the day of its meeting."""
    Action.objects.filter(pk=action.pk).update(created_at=moment)
    ActionEvent.objects.filter(action=action, kind=ActionEvent.Kind.CREATED).update(at=moment)


def _settle(admin: User, action: Action, back: int, turn: int) -> None:
    """Finish an action, back in time, unless it is one of the recent ones left open."""
    if back <= 1 or (back == 2 and turn == 0):
        if back == 1 and turn == 1:
            mtg.action_progress(actor=admin, action=action, note="已完成过半，正在收尾。")
        return  # open: overdue or not, as its due date falls
    mtg.action_done(actor=admin, action=action, note="已按要求完成并报送台账。")
    late = turn == 2 and back % 3 == 0
    done_at = action.due_at + dt.timedelta(days=3) if late else action.due_at - dt.timedelta(days=2 + turn)
    done_at = max(done_at, action.meeting.starts_at + dt.timedelta(days=1))
    Action.objects.filter(pk=action.pk).update(done_at=done_at)
    ActionEvent.objects.filter(action=action, kind=ActionEvent.Kind.DONE).update(at=done_at)


def _major_matter(admin: User, committee: OrgNode, today: dt.date) -> int:
    """A meeting called for a major matter (遇有重大事项随时召开)."""
    if Meeting.objects.filter(node=committee, kind=MeetingKind.AD_HOC).exists():
        return 0
    first = _month_start(today, 2)
    data = mtg.MeetingInput(
        kind=MeetingKind.AD_HOC,
        title="老旧小区加装电梯工作专题会",
        starts_at=_at(first.replace(day=8), 15),
        place="城东路街道党群服务中心三楼会议室",
        agenda="通报老旧小区加装电梯意见征集情况\n研究资金筹措和施工协调",
    )
    meeting = _held_meeting(admin, committee, data, _members(committee), "会议研究了加装电梯工作，议定如下。")
    decision = mtg.decision_add(
        actor=admin, meeting=meeting, text="成立加装电梯协调专班，每个社区明确一名联络人。"
    )
    post = _community_secretaries(committee)[1]
    action = mtg.action_add(
        actor=admin,
        decision=decision,
        text="书院街社区：完成意向楼栋入户征求意见",
        owner_node=OrgNode.objects.get(path=post.node.parent_path),
        owner_person=post.person,
        working_days=15,
    )
    _set_at(action, meeting.starts_at + dt.timedelta(hours=2))
    _settle(admin, action, back=3, turn=1)
    return 3


def _branch_meetings(admin: User, branch: OrgNode, today: dt.date) -> int:
    """The branch's own meetings, for the record: committee meetings, general meetings, a class."""
    if Meeting.objects.filter(node=branch).exists():
        return 0
    people = list(Person.objects.filter(party_branch=branch).order_by("name", "id"))
    plan = [
        (MeetingKind.BRANCH_COMMITTEE, 1, "支委会：研究发展党员和党费收缴"),
        (MeetingKind.GENERAL_ASSEMBLY, 2, "党员大会：民主评议党员"),
        (MeetingKind.PARTY_CLASS, 4, "党课：学习党的基层组织工作条例"),
        (MeetingKind.BRANCH_COMMITTEE, 5, "支委会：部署党员志愿服务"),
        (MeetingKind.GENERAL_ASSEMBLY, 8, "党员大会：选举支部委员会"),
    ]
    for kind, back, title in plan:
        first = _month_start(today, back)
        data = mtg.MeetingInput(
            kind=kind, title=title, starts_at=_at(first.replace(day=10), 19), place="社区党群服务中心"
        )
        _held_meeting(admin, branch, data, people, "会议按议程进行，形成决议。")
    return len(plan)


def _duty_reports(admin: User, committee: OrgNode, today: dt.date) -> int:
    """The year-end duty report meeting (in January, on the year before): every community
    secretary reports, the members with log-ins grade, and grading is closed."""
    year = today.year if today.month > 1 or today.day > 20 else today.year - 1
    if Meeting.objects.filter(node=committee, kind=MeetingKind.DUTY_REPORT, year=year - 1).exists():
        return 0
    graders = list(
        User.objects.filter(
            username__in=[
                Role.SUBDISTRICT_LEADER.value,
                Role.SUBDISTRICT_STAFF.value,
                Role.GRID_WORKER.value,
                Role.PARTY_REP.value,
                Role.UNIT_LIAISON.value,
                Role.SOCIAL_WORKER.value,
            ]
        ).order_by("username")
    )
    grader_people = [u.person for u in graders]
    members = sorted(set(_members(committee)) | set(grader_people), key=lambda p: (p.name, p.pk))
    data = mtg.MeetingInput(
        kind=MeetingKind.DUTY_REPORT,
        title=f"{year - 1}年度社区党组织书记抓基层党建工作述职评议会",
        starts_at=_at(_meeting_day(dt.date(year, 1, 1)) - dt.timedelta(days=5), 9),
        place="城东路街道党群服务中心三楼会议室",
        agenda="各社区大党委书记述职\n与会人员现场评议\n街道党工委书记点评",
        year=year - 1,
    )
    meeting = _held_meeting(
        admin, committee, data, members, "六个社区大党委书记依次述职，与会人员现场评议。", everyone=True
    )
    secretaries = _community_secretaries(committee)
    mtg.duty_reports_add(
        actor=admin, meeting=meeting, reporters=[(p.person, f"{p.node.name}书记") for p in secretaries]
    )
    for report in meeting.duty_reports.select_related("reporter"):
        report_text = f"{year - 1}年，{report.post}{report.reporter.name}抓党建促服务，落实“1+4”大党委机制……"
        mtg.duty_report_submit(actor=admin, report=report, text=report_text)
    meeting.duty_reports.update(submitted_at=meeting.starts_at - dt.timedelta(days=3))
    mtg.grading_open(actor=admin, meeting=meeting)
    # Each report its own mix: a stronger or weaker year for each secretary.
    grades = ("good", "good", "fairly_good", "good", "average", "fairly_good", "good", "poor", "fairly_good")
    comments = ("服务群众主动，效果明显", "", "党建品牌有特色", "", "联系群众还需加强", "")
    for g, user in enumerate(graders):
        for r, report in enumerate(meeting.duty_reports.exclude(reporter__user=user).order_by("id")):
            mtg.duty_report_grade(
                actor=user,
                report=report,
                grade=grades[(g * (r + 1) + 3 * r) % len(grades)],
                comment=comments[(g + r) % len(comments)],
            )
    mtg.grading_close(actor=admin, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(grading_closed_at=F("starts_at") + dt.timedelta(hours=3))
    Ballot.objects.filter(report__meeting=meeting).update(cast_at=meeting.starts_at + dt.timedelta(hours=2))
    return 1 + len(secretaries)
