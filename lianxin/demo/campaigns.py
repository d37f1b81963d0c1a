"""The demo campaign: 十八里河街道's "双迎攻坚" from the source page, written through the real
services. A leading group, 8 command posts covering every grid once, the task breakdown,
weekly figures adding up to the page's (9,000+ person-times, 800+ vehicle and machine
shifts, about 18,000 m³ of waste, 600,000 m² of dust nets, 15,000 m² hardened or greened),
weekly meetings, monthly scores with the rotating red and black flags, and inspections.

Dates follow the day the demo is built: the campaign began four months ago and ends next
month, so every past month has its scores and flags and this month is under way. When the
campaign is there already nothing is written (the demo is safe to repeat).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone

from lianxin.campaigns.models import Campaign, CommandPost, Finding, ReInspection, Task, TaskEvent
from lianxin.campaigns.periods import (
    month_end,
    month_start,
    months_between,
    previous_month,
    week_start,
)
from lianxin.campaigns.ranking import flag_picks, month_results, villages
from lianxin.campaigns.services.figures import figures_report, meeting_record
from lianxin.campaigns.services.inspections import FindingInput, finding_record, reinspection_record
from lianxin.campaigns.services.scoring import LineInput, flags_award, sheet_submit
from lianxin.campaigns.services.setup import (
    CampaignInput,
    campaign_create,
    criterion_save,
    leading_group_add,
    metric_save,
    post_area_add,
    post_member_add,
    post_save,
)
from lianxin.campaigns.services.tasks import TaskInput, task_create, task_evidence_add, task_progress
from lianxin.casework.models import Category
from lianxin.core import clock
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.demo.data import SBLH
from lianxin.demo.logins import DEMO_PASSWORD
from lianxin.orgs.models import NodeKind, OrgNode, Position, PositionTitle
from lianxin.people.models import Person, User
from lianxin.people.services import account_create, role_grant
from lianxin.reports.periods import next_month

NAME = "双迎攻坚"
GOALS = (
    "违法建设应拆尽拆，新增违建零容忍\n"
    "工地扬尘严控，裸土覆盖、车辆冲洗、渣土密闭运输全到位\n"
    "背街小巷、城中村环境卫生全面整治，垃圾日产日清\n"
    "道路两侧硬化绿化提升，宣传发动家喻户晓"
)
# (name, unit, page figure): what the page reports, and the total the demo adds up to.
METRICS = (
    ("组织人力", "人次", 9000, 9386),
    ("车辆机械", "台次", 800, 842),
    ("清除垃圾", "立方米", 18000, 18046),
    ("覆盖防尘网", "平方米", 600000, 601250),
    ("硬化绿化地面", "平方米", 15000, 15180),
)
CRITERIA = (
    ("环境卫生", "垃圾清运、背街小巷、城中村卫生", 30),
    ("拆违控违", "存量违建拆除进度，新增违建查处", 25),
    ("扬尘治理", "工地围挡、裸土覆盖、车辆冲洗", 25),
    ("任务落实", "任务按期完成，督察问题整改", 20),
)
SPECIALTIES = (
    "拆违控违",
    "扬尘治理",
    "环境卫生",
    "道路秩序",
    "市容市貌",
    "绿化提升",
    "城中村整治",
    "宣传发动",
)
NUMERALS = "一二三四五六七八"
# The breakdown: (task, standard, sub-task pattern); each command post gets a sub-task.
ROOTS = (
    ("拆除违法建设", "存量违建限期拆除，拆后场地24小时内清理平整，新增违建发现即拆", "拆除{area}违法建设"),
    (
        "工地扬尘治理",
        "工地围挡100%、裸土覆盖100%、出入车辆冲洗100%、渣土车密闭运输100%",
        "{area}工地扬尘管控",
    ),
    ("环境卫生整治", "背街小巷、城中村无积存垃圾，垃圾日产日清，沟渠无杂物", "{area}环境卫生整治"),
    ("硬化绿化提升", "道路两侧裸露地面应硬化或绿化，绿地无杂物、无黄土裸露", "{area}硬化绿化"),
)
FINDINGS = (
    ("建筑垃圾堆放未及时清运", False),
    ("工地围挡破损，裸土未覆盖", False),
    ("渣土车未密闭，沿路遗撒", False),
    ("沿街商户占道经营", True),
    ("背街小巷积存生活垃圾", True),
    ("绿化带内黄土裸露", False),
    ("违建拆除后场地未平整", False),
    ("宣传栏破损未更换", False),
)
SPOTS = ("路口", "沿街", "工地", "背街小巷", "村口")
MEETING_NOTES = (
    ("部分工地裸土覆盖不到位；渣土车夜间遗撒。", "各指挥部本周内完成辖区工地排查，城管中队夜间巡查。"),
    ("城中村背街小巷垃圾清运不及时。", "环境卫生指挥部增加清运车辆，垃圾日产日清。"),
    ("存量违建拆除进度落后于计划。", "拆违指挥部倒排工期，每日报送拆除进度。"),
    ("道路两侧硬化绿化未全面开工。", "绿化提升指挥部协调苗木，月底前完成主干道两侧绿化。"),
    ("督察发现问题整改后有反弹。", "实行问题销号制度，复查不合格的列入月测评扣分。"),
    ("宣传发动覆盖面不够。", "悬挂宣传条幅、发放文明手册，做到家喻户晓。"),
)


def build_campaigns(admin: User) -> int:
    """Build the demo campaign if it is missing; returns how many records were written."""
    subdistrict = OrgNode.objects.filter(code=SBLH[0]).first()
    if subdistrict is None or Campaign.objects.filter(node=subdistrict, name=NAME).exists():
        return 0
    return _Builder(admin, subdistrict).build()


def _holder(code: str, title: str) -> Person | None:
    position = (
        Position.objects.filter(node__code=code, title=title, ended_on__isnull=True)
        .select_related("person")
        .order_by("started_on", "id")
        .first()
    )
    return position.person if position else None


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` whole shares of uneven size that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    shares = [int(total * w / scale) for w in weights]
    for index in range(total - sum(shares)):
        shares[index % parts] += 1
    return shares


class _Builder:
    def __init__(self, admin: User, subdistrict: OrgNode) -> None:
        self.admin = admin
        self.node = subdistrict
        self.rng = random.Random(20170901)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.written = 0
        self.posts: list[CommandPost] = []
        self.label: dict[int, str] = {}  # post id → the villages or grids it covers, in words
        self.first_area: dict[int, OrgNode] = {}  # post id → the first area it covers
        self.users: dict[str, User | None] = {}

    def build(self) -> int:
        self.logins()
        self.campaign = self.setup()
        self.tasks()
        self.figures()
        self.meetings()
        self.inspections()
        self.evaluations()
        return self.written

    # -- log-ins: a leader, a staff member and a commander of 十八里河街道 --------------------

    def login(self, username: str, person: Person | None, role: str, node: OrgNode) -> User | None:
        user = User.objects.filter(username=username).first()
        if user is None:
            if person is None or person.user_id is not None:
                return None
            user = account_create(actor=self.admin, person=person, username=username, password=DEMO_PASSWORD)
            self.written += 1
        if not RoleGrant.objects.filter(user=user, role=role, node=node).in_force().exists():
            role_grant(actor=self.admin, user=user, role=role, node=node)
            self.written += 1
        return user

    def logins(self) -> None:
        code = SBLH[0]
        self.secretary = _holder(f"{code}-pc", PositionTitle.SECRETARY)
        self.director = _holder(code, PositionTitle.DIRECTOR)
        self.office = _holder(f"{code}-pc-b01", PositionTitle.SECRETARY)
        self.inspector = User.objects.filter(username=Role.INSPECTOR.value).first() or self.admin
        self.users["sblh_leader"] = self.login(
            "sblh_leader", self.secretary, Role.SUBDISTRICT_LEADER, self.node
        )
        self.users["sblh_staff"] = self.login("sblh_staff", self.office, Role.SUBDISTRICT_STAFF, self.node)

    # -- the campaign, its leading group and command posts -----------------------------------

    def setup(self) -> Campaign:
        first = month_start(self.today)
        for _ in range(4):
            first = previous_month(first)
        data = CampaignInput(
            name=NAME,
            starts_on=first,
            ends_on=month_end(next_month(month_start(self.today))),
            goals=GOALS,
            red_post_consequence="通报表扬，授予流动红旗",
            red_village_consequence="授予流动红旗，奖励村奖补资金",
            red_village_reward=Decimal("30000"),
            black_post_consequence="授予流动黑旗，在全办大会上通报批评",
            black_village_consequence="授予流动黑旗，在全办大会上通报批评",
            month1_weight=Decimal("3"),
            month2_weight=Decimal("3"),
            month3_weight=Decimal("4"),
        )
        campaign = campaign_create(actor=self.admin, node=self.node, data=data)
        self.written += 1
        group = (
            (self.secretary, "leader", "全面负责双迎攻坚工作"),
            (self.director, "deputy", "统筹协调、调度推进"),
            (self.office, "office", "领导小组办公室日常工作、周调度"),
            (getattr(self.inspector, "person", None), "member", "督察组：督察、月测评"),
        )
        for person, duty, responsibility in group:
            if person is not None:
                leading_group_add(
                    actor=self.admin,
                    campaign=campaign,
                    person=person,
                    duty=duty,
                    responsibility=responsibility,
                )
                self.written += 1
        for sort, (name, unit, target, _total) in enumerate(METRICS, 1):
            metric_save(
                actor=self.admin, campaign=campaign, name=name, unit=unit, target=Decimal(target), sort=sort
            )
            self.written += 1
        for sort, (name, description, weight) in enumerate(CRITERIA, 1):
            criterion_save(
                actor=self.admin,
                campaign=campaign,
                name=name,
                description=description,
                weight=Decimal(weight),
                sort=sort,
            )
            self.written += 1
        self.command_posts(campaign)
        return campaign

    def groups(self) -> list[list[OrgNode]]:
        """The grids in 8 groups: each village one group, the largest split until there are 8."""
        grids = list(
            OrgNode.objects.filter(
                path__startswith=self.node.path, kind=NodeKind.GRID, is_active=True
            ).order_by("path")
        )
        by_village: dict[str, list[OrgNode]] = {}
        for grid in grids:
            by_village.setdefault(grid.parent_path, []).append(grid)
        groups = list(by_village.values())
        while len(groups) < len(SPECIALTIES):
            largest = max(range(len(groups)), key=lambda i: (len(groups[i]), -i))
            if len(groups[largest]) < 2:
                break
            group = groups.pop(largest)
            half = (len(group) + 1) // 2
            groups[largest:largest] = [group[:half], group[half:]]
        return groups

    def command_posts(self, campaign: Campaign) -> None:
        places = {node.path: node for node in villages(campaign)}
        whole = {
            path: len(list(OrgNode.objects.filter(path__startswith=path, kind=NodeKind.GRID)))
            for path in places
        }
        first_of_village: set[str] = set()
        for number, (grids, specialty) in enumerate(zip(self.groups(), SPECIALTIES, strict=False), 1):
            village = places[grids[0].parent_path]
            covers_village = whole[village.path] == len(grids)
            if village.path not in first_of_village:
                leader = _holder(village.code, PositionTitle.DIRECTOR)
                first_of_village.add(village.path)
            else:
                leader = _holder(grids[0].code, PositionTitle.GRID_LEADER)
            label = village.name if covers_village else "、".join(grid.name for grid in grids)
            post = post_save(
                actor=self.admin,
                campaign=campaign,
                name=f"第{NUMERALS[number - 1]}指挥部",
                leader=leader,
                duties=f"{specialty}专项；负责{label}",
                sort=number,
            )
            self.written += 1
            for area in [village] if covers_village else grids:
                post_area_add(actor=self.admin, post=post, node=area)
                self.written += 1
            for grid in grids:
                member = _holder(grid.code, PositionTitle.GRID_LEADER)
                if member is not None and member != leader:
                    post_member_add(actor=self.admin, post=post, person=member, duty="网格长")
                    self.written += 1
            self.label[post.pk] = label
            self.first_area[post.pk] = village if covers_village else grids[0]
            self.posts.append(post)
        if self.posts:
            first = self.posts[0]
            village = places[self.first_area[first.pk].path[: len(self.node.path) + 4]]
            self.users["post_leader"] = self.login(
                "post_leader", first.leader, Role.COMMUNITY_WORKER, village
            )

    # -- tasks ---------------------------------------------------------------------------------

    def backdate(self, task: Task, assigned: dt.datetime, days: int) -> Task:
        """Move a task made now back to when it was assigned, with its deadline from then."""
        due = clock.add_working_days(assigned, days)
        shift = self.now - assigned
        Task.objects.filter(pk=task.pk).update(assigned_at=assigned, due_at=due)
        TaskEvent.objects.filter(task=task).update(at=F("at") - shift)
        task.assigned_at, task.due_at = assigned, due
        return task

    def tasks(self) -> None:
        """The breakdown, made now and then moved back to when it was assigned."""
        start = timezone.make_aware(dt.datetime.combine(self.campaign.starts_on, dt.time(9)))
        for index, (title, standard, pattern) in enumerate(ROOTS):
            data = TaskInput(title=title, standard=standard, working_days=120, sort=index)
            root = task_create(actor=self.admin, campaign=self.campaign, data=data)
            made: list[tuple[Task, dt.datetime, int]] = [(root, start, 120)]
            for sort, post in enumerate(self.posts):
                days = self.rng.randint(15, 60)
                data = TaskInput(
                    title=pattern.format(area=self.label[post.pk]),
                    standard=standard,
                    working_days=days,
                    post=post,
                    responsible_unit=self.first_area[post.pk],
                    responsible_person=post.leader,
                    sort=sort,
                )
                task = task_create(actor=self.admin, campaign=self.campaign, data=data, parent=root)
                assigned = start + dt.timedelta(days=self.rng.randint(0, 6))
                made.append((task, assigned, days))
                if index == 0 and sort == 0:  # the first post breaks its task down further
                    for step, name in enumerate(
                        ("入户摸排、登记造册", "下达限期整改通知", "组织拆除、清运渣土")
                    ):
                        data = TaskInput(title=name, working_days=5 + 3 * step, post=post, sort=step)
                        sub = task_create(actor=self.admin, campaign=self.campaign, data=data, parent=task)
                        made.append((sub, assigned + dt.timedelta(days=2 + 7 * step), 5 + 3 * step))
            self.written += len(made)
            for task, assigned, days in made:
                self.backdate(task, assigned, days)
            for task, _assigned, _days in made[1:]:
                if not task.children.exists():
                    self.move(task)

    def move(self, task: Task) -> None:
        roll = self.rng.random()
        overdue = task.due_at < self.now
        if roll < 0.55 or (overdue and roll < 0.8):
            task_progress(actor=self.admin, task=task, status="done", note="已按标准完成")
            task_evidence_add(
                actor=self.admin,
                task=task,
                note="完成情况已拍照存档",
                figure=Decimal(self.rng.randint(20, 400)),
                figure_unit="平方米" if "绿化" in task.title else "处",
            )
            self.written += 2
        elif roll < 0.9:
            task_progress(
                actor=self.admin,
                task=task,
                status="doing",
                progress=self.rng.choice((20, 40, 60, 80)),
                note="推进中",
            )
            self.written += 1

    # -- progress figures and weekly meetings ------------------------------------------------

    def figures(self) -> None:
        metrics = list(self.campaign.metrics.order_by("sort"))
        monday = week_start(self.campaign.starts_on)
        weeks = []
        while monday <= self.today:
            weeks.append(monday)
            monday += dt.timedelta(days=7)
        current = weeks.pop() if weeks and weeks[-1] + dt.timedelta(days=6) >= self.today else None
        slots = [(post, week) for post in self.posts for week in weeks]
        shares = {
            metric.pk: _split(total, len(slots) + (len(self.posts) if current else 0), self.rng)
            for metric, (_n, _u, _t, total) in zip(metrics, METRICS, strict=True)
        }
        for index, (post, week) in enumerate(slots):
            values = {metric: Decimal(shares[metric.pk][index]) for metric in metrics}
            self.written += figures_report(
                actor=self.admin, post=post, span="week", starts_on=week, values=values
            )
        if current is not None:
            for offset, post in enumerate(self.posts, len(slots)):
                values = {metric: Decimal(shares[metric.pk][offset]) for metric in metrics}
                day = min(self.today, max(current, self.campaign.starts_on))
                self.written += figures_report(
                    actor=self.admin, post=post, span="day", starts_on=day, values=values
                )

    def meetings(self) -> None:
        staff = self.users.get("sblh_staff") or self.admin
        monday = week_start(self.today) - dt.timedelta(days=7 * len(MEETING_NOTES))
        for (problems, decisions), post in zip(MEETING_NOTES, self.posts, strict=False):
            if monday >= self.campaign.starts_on:
                held = monday + dt.timedelta(days=4)
                meeting = meeting_record(
                    actor=staff,
                    campaign=self.campaign,
                    week_of=monday,
                    held_on=held,
                    chair=self.secretary.name if self.secretary else "",
                    attendance="领导小组成员、各指挥部指挥长",
                    problems=problems,
                    decisions=decisions,
                )
                task = task_create(
                    actor=staff,
                    campaign=self.campaign,
                    data=TaskInput(
                        title=decisions.split("，")[0],
                        working_days=5,
                        post=post,
                        responsible_person=post.leader,
                    ),
                    meeting=meeting,
                )
                when = timezone.make_aware(dt.datetime.combine(held, dt.time(16)))
                self.backdate(task, when, 5)
                if task.due_at < self.now:
                    task_progress(actor=self.admin, task=task, status="done", note="已落实")
                self.written += 2
            monday += dt.timedelta(days=7)

    # -- inspections and monthly evaluation ---------------------------------------------------

    def inspections(self) -> None:
        months = months_between(self.campaign.starts_on, self.today)
        garbage = Category.objects.filter(code="city-garbage").first()
        vendors = Category.objects.filter(code="city-vendors").first()
        for index, (what, residents) in enumerate(FINDINGS * 2):
            post = self.posts[(index * 3) % len(self.posts)]
            month = months[index % len(months)]
            day = min(month + dt.timedelta(days=self.rng.randint(3, 24)), self.today)
            found = timezone.make_aware(dt.datetime.combine(day, dt.time(10, self.rng.randint(0, 59))))
            category = (vendors if "占道" in what else garbage) if residents else None
            finding = finding_record(
                actor=self.inspector,
                campaign=self.campaign,
                data=FindingInput(
                    place=self.label[post.pk] + self.rng.choice(SPOTS),
                    node=self.first_area[post.pk],
                    post=post,
                    description=what,
                    working_days=3,
                    involves_residents=residents and category is not None,
                    category=category,
                ),
            )
            self.written += 1
            due = clock.add_working_days(found, 3)
            Finding.objects.filter(pk=finding.pk).update(found_at=found, due_at=due)
            if finding.task_id:
                Task.objects.filter(pk=finding.task_id).update(assigned_at=found, due_at=due)
                TaskEvent.objects.filter(task_id=finding.task_id).update(at=found)
            finding.refresh_from_db()
            self.recheck(finding, index, due)

    def recheck(self, finding: Finding, index: int, due: dt.datetime) -> None:
        if due > self.now or index % 5 == 4:
            return  # still being put right
        if finding.task is not None:
            task_progress(actor=self.admin, task=finding.task, status="done", note="已整改")
        if index % 3 == 0:
            reinspection_record(
                actor=self.inspector, finding=finding, passed=False, note="整改不彻底", working_days=2
            )
            self.written += 1
            if finding.task is not None:
                task_progress(
                    actor=self.admin,
                    task=finding.task,
                    status="done",
                    note="再次整改",
                )
        reinspection_record(actor=self.inspector, finding=finding, passed=True, note="已整改到位")
        self.written += 1
        checked = min(due, self.now)
        ReInspection.objects.filter(finding=finding).update(at=checked)
        Finding.objects.filter(pk=finding.pk).update(closed_at=checked)

    def evaluations(self) -> None:
        criteria = list(self.campaign.criteria.order_by("sort"))
        holders: list[Any] = [*self.posts, *villages(self.campaign)]
        strength = {id(holder): self.rng.uniform(78, 92) for holder in holders}
        for month in months_between(self.campaign.starts_on, self.today):
            for holder in holders:
                lines = {
                    criterion.pk: LineInput(
                        Decimal(round(min(99, strength[id(holder)] + self.rng.uniform(-9, 8))))
                    )
                    for criterion in criteria
                }
                sheet_submit(
                    actor=self.inspector,
                    campaign=self.campaign,
                    month=month,
                    holder=holder,
                    lines=lines,
                    comment="",
                )
                self.written += 1
            if month_end(month) <= self.today:
                self.award(month)

    def award(self, month: dt.date) -> None:
        staff = self.users.get("sblh_staff") or self.admin
        picks = flag_picks(month_results(campaign=self.campaign, month=month))
        choices = {pick.slot: pick.tied[0].key for pick in picks if pick.needs_choice}
        blacks = {pick.slot: pick for pick in picks if pick.colour == "black" and pick.needs_choice}
        for slot, pick in blacks.items():
            red = choices.get(slot.replace("black", "red"))
            choices[slot] = next(s.key for s in pick.tied if s.key != red)
        self.written += len(flags_award(actor=staff, campaign=self.campaign, month=month, choices=choices))
