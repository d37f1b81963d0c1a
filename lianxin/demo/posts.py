"""The demo's responsibility lists, service posts, in-service party members and their services
for 城东路街道, as the page tells it: 20 service posts (政策宣传、环境整治、文化娱乐、法律咨询 …),
454 in-service party members reported to their communities, 1,500+ services.

Lists, posts, rosters, needs and points rules go through the services acting as the demo
superuser; the hundreds of members, reports and services are bulk-written with their steps
(history) and receipt numbers, keeping the invariants the services keep. Records are found by
natural keys (posts by community and name, people by the keyed hash of their ID number), so a
second run writes nothing. Dates are counted from today.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from lianxin.core.pii import keyed_hash
from lianxin.core.tree import subtree_q
from lianxin.demo.data import CDL_COMMUNITIES
from lianxin.demo.identity import Identities, id_check_digit
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Gender, Person, User
from lianxin.people.services import home_links
from lianxin.people.validation import name_initials
from lianxin.posts import services
from lianxin.posts.models import (
    Claim,
    DutyServed,
    ListVersion,
    PointsRule,
    Post,
    QuarterComment,
    Report,
    ServiceRecord,
    Shift,
    State,
    Step,
)
from lianxin.posts.points import SOURCES
from lianxin.posts.services import ItemInput, PostInput

REPORTED = 454  # in-service party members reported to 城东路's communities (the page)
SERVICES = 1560  # their confirmed services over the last twelve months (the page: 1,500 余人次)
PENDING_REPORTS, UNREPORTED, PENDING_SERVICES = 6, 12, 18
ID_AREA = "410108"  # not used by the demo plan, so the new members' ID numbers never collide

# (community index, kind, name, service field)
POSTS = (
    (0, "model_post", "模范党员示范岗", ""),
    (0, "extended_hours_post", "党员延时服务岗", ""),
    (0, "in_service_post", "政策宣传岗", "policy"),
    (0, "in_service_post", "法律咨询岗", "legal"),
    (1, "model_post", "模范党员示范岗", ""),
    (1, "in_service_post", "环境整治岗", "environment"),
    (1, "in_service_post", "助老助残岗", "elderly"),
    (2, "extended_hours_post", "党员延时服务岗", ""),
    (2, "in_service_post", "文化娱乐岗", "culture"),
    (2, "in_service_post", "治安巡逻岗", "patrol"),
    (3, "model_post", "模范党员示范岗", ""),
    (3, "in_service_post", "政策宣传岗", "policy"),
    (3, "in_service_post", "医疗卫生岗", "health"),
    (4, "extended_hours_post", "党员延时服务岗", ""),
    (4, "in_service_post", "环境整治岗", "environment"),
    (4, "in_service_post", "教育辅导岗", "education"),
    (5, "model_post", "模范党员示范岗", ""),
    (5, "in_service_post", "法律咨询岗", "legal"),
    (5, "in_service_post", "文化娱乐岗", "culture"),
    (5, "in_service_post", "助老助残岗", "elderly"),
)
WORK = {
    "policy": ("入户宣传医保新政", "讲解养老保险政策", "宣传垃圾分类政策"),
    "legal": ("为居民提供法律咨询", "调解邻里纠纷", "讲解《民法典》继承编"),
    "environment": ("清理楼道杂物", "清除小广告", "整治背街小巷卫生"),
    "elderly": ("陪伴独居老人", "为残疾人代购生活用品", "上门为老人理发"),
    "culture": ("组织广场舞排练", "辅导书法兴趣班", "策划社区文艺汇演"),
    "patrol": ("夜间治安巡逻", "检查电动车充电隐患", "协助疏导交通"),
    "health": ("义诊量血压", "讲解慢病防治知识", "协助疫苗接种登记"),
    "education": ("辅导小学生作业", "开展四点半课堂", "青少年安全教育"),
    "": ("在党员示范岗接待群众", "延时服务窗口值守", "帮助群众办理事项"),
}
LIST_ITEMS = (
    (
        "居民委员会选举工作",
        "《中华人民共和国城市居民委员会组织法》第八条",
        "社区党委书记",
        "换届年度内",
        True,
    ),
    ("居民议事协商", "《关于加强和完善城乡社区治理的意见》", "社区居委会主任", "每季度至少一次", True),
    ("最低生活保障申请受理和初审", "《社会救助暂行办法》第十一条", "民政专干", "受理后10个工作日", True),
    ("高龄津贴申请受理", "《河南省老年人权益保障条例》", "民政专干", "受理后5个工作日", True),
    ("城乡居民医疗保险参保登记", "《中华人民共和国社会保险法》", "社保专干", "即时办结", True),
    ("流动人口居住登记", "《居住证暂行条例》", "网格员", "3个工作日", True),
    ("矛盾纠纷排查调处", "《中华人民共和国人民调解法》", "人民调解员", "受理后15日内", True),
    ("社区工作者月度考核", "《郑州市社区工作者管理办法》", "社区党委书记", "每月5日前", False),
)
LIST_V2 = (
    ("退役军人服务保障", "《中华人民共和国退役军人保障法》", "退役军人服务站专干", "受理后5个工作日", True),
)


def build_posts(admin: User) -> int:
    """Build (or complete) the posts demo of 城东路街道; returns the rows created."""
    today = timezone.localdate()
    communities = list(
        OrgNode.objects.filter(code__in=[row.code for row in CDL_COMMUNITIES]).order_by("code")
    )
    if not communities:
        return 0
    created = _lists(admin, communities)
    posts, n = _posts(admin, communities)
    created += n + _rules(admin)
    rng = random.Random(454)
    created += _members(admin, communities, rng, today)
    reports = list(
        Report.objects.filter(community__in=communities, state=State.CONFIRMED).select_related("community")
    )
    created += _rosters(admin, posts, reports)
    created += _duties(admin, posts, today)
    created += _claims_and_needs(admin, communities, posts, reports, rng)
    created += _services(admin, reports, posts, rng, today)
    return created


def _lists(admin: User, communities: list[OrgNode]) -> int:
    created = 0
    for index, community in enumerate(communities):
        if ListVersion.objects.filter(community=community).exists():
            continue
        items = [ItemInput(m, p, b, t, pub) for m, b, p, t, pub in LIST_ITEMS]
        services.list_publish(actor=admin, community=community, items=items, note="首次公布")
        created += 1 + len(items)
        if index == 0:  # a second version: one item added
            more = items + [ItemInput(m, p, b, t, pub) for m, b, p, t, pub in LIST_V2]
            services.list_publish(actor=admin, community=community, items=more, note="新增退役军人服务保障")
            created += 1 + len(more)
    return created


def _posts(admin: User, communities: list[OrgNode]) -> tuple[list[Post], int]:
    existing = {(p.community_id, p.name): p for p in Post.objects.filter(community__in=communities)}
    posts, created = [], 0
    for index, kind, name, field in POSTS:
        community = communities[index % len(communities)]
        post = existing.get((community.pk, name))
        if post is None:
            extended = kind == "extended_hours_post"
            data = PostInput(
                kind=kind,
                name=name,
                field=field,
                place=f"{community.name}党群服务中心",
                extends_until=dt.time(20) if extended else None,
                on_weekends=extended,
                description="为辖区群众提供便捷、高效、规范的一站式服务",
            )
            post = services.post_create(actor=admin, community=community, data=data)
            created += 1
        posts.append(post)
    return posts, created


def _rules(admin: User) -> int:
    wanted = {
        "posts.service": (Decimal(1), Decimal(60)),
        "posts.duty": (Decimal(2), Decimal(100)),
        "meetings.attended": (Decimal(2), None),
        "volunteers.service_hour": (Decimal(1), Decimal(60)),
    }
    have = set(PointsRule.objects.values_list("key", flat=True))
    created = 0
    for key, (points, cap) in wanted.items():
        if key in SOURCES and key not in have:
            services.rule_save(actor=admin, key=key, points=points, yearly_cap=cap)
            created += 1
    return created


def _id_number(index: int) -> str:
    """The ``index``-th new member's ID number: men odd, women even, none from the plan's areas."""
    born = dt.date(1968, 1, 1) + dt.timedelta(days=23 * index)
    sequence = 100 + 2 * (index % 400) + index % 2
    body = f"{ID_AREA}{born:%Y%m%d}{sequence:03d}"
    return body + id_check_digit(body)


def _new_person(
    ids: Identities, index: int, building: OrgNode, unit: OrgNode, known: dict[str, OrgNode]
) -> Person:
    gender = Gender.MALE if index % 2 else Gender.FEMALE
    born = dt.date(1968, 1, 1) + dt.timedelta(days=23 * index)
    id_number = _id_number(index)
    phone = f"139{45400000 + index:08d}"
    name = ids.name(gender)
    grid, home = home_links(building, known)
    return Person(
        name=name,
        name_pinyin=name_initials(name),
        gender=gender,
        phone=phone,
        phone_hash=keyed_hash(phone),
        id_number=id_number,
        id_number_hash=keyed_hash(id_number),
        node=building,
        grid=grid,
        building=home,
        is_party_member=True,
        is_in_service_member=True,
        employer=unit,
        party_joined_on=born + dt.timedelta(days=365 * 25),
    )


def _members(admin: User, communities: list[OrgNode], rng: random.Random, today: dt.date) -> int:
    """The in-service members: the plan's own, and new ones up to 454 reported, a few pending and
    a few not yet reported; every reported one with a numbered, confirmed report."""
    area = subtree_q(communities[0].path[:-4], field="path")
    nodes = {n.path: n for n in OrgNode.objects.filter(area)}
    buildings = [n for n in nodes.values() if n.kind == NodeKind.BUILDING]
    units = sorted((n for n in nodes.values() if n.kind == NodeKind.UNIT), key=lambda n: n.code)
    liaison_unit = next((u for u in units if u.code == "gc-cdl-c01-u02"), units[0])
    homes = [subtree_q(c.path, field="node__path") for c in communities]
    lives_here = homes[0]
    for q in homes[1:]:
        lives_here |= q
    ours = [keyed_hash(_id_number(i)) for i in range(REPORTED + PENDING_REPORTS + UNREPORTED)]
    planned = list(
        Person.objects.filter(lives_here, is_in_service_member=True, employer__isnull=False)
        .exclude(id_number_hash__in=ours)
        .order_by("pk")
    )
    new_count = max(REPORTED - len(planned), 0) + PENDING_REPORTS + UNREPORTED
    ids = Identities(rng)
    fresh = []
    for i in range(new_count):
        building = buildings[(i * 7) % len(buildings)]
        unit = liaison_unit if i % 9 == 0 else units[(i * 5) % len(units)]
        fresh.append(_new_person(ids, i, building, unit, nodes))
    known = set(
        Person.objects.filter(id_number_hash__in=[p.id_number_hash for p in fresh]).values_list(
            "id_number_hash", flat=True
        )
    )
    Person.objects.bulk_create([p for p in fresh if p.id_number_hash not in known], batch_size=200)
    created = new_count - len(known)
    members = planned + list(
        Person.objects.filter(id_number_hash__in=[p.id_number_hash for p in fresh]).order_by("id_number")
    )
    reporting = members[:REPORTED]
    pending = members[REPORTED : REPORTED + PENDING_REPORTS]
    already = set(Report.objects.filter(person__in=members).values_list("person_id", flat=True))
    home = {c.path: c for c in communities}

    def community_of(person: Person) -> OrgNode:
        return next(c for path, c in home.items() if person.node.path.startswith(path))

    new_reports: list[Report] = []
    for i, person in enumerate(reporting):
        if person.pk in already or person.employer_id is None:
            continue
        decided = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=380 + (i * 13) % 330), dt.time(10, i % 60))
        )
        new_reports.append(
            Report(
                person=person,
                community=community_of(person),
                employer_id=person.employer_id,
                state=State.CONFIRMED,
                decided_at=decided,
                created_at=decided - dt.timedelta(days=2),
            )
        )
    _number(new_reports)
    for i, person in enumerate(pending):
        if person.pk not in already and person.employer_id is not None:
            new_reports.append(
                Report(
                    person=person,
                    community=community_of(person),
                    employer_id=person.employer_id,
                    created_at=timezone.now() - dt.timedelta(days=1 + i),
                )
            )
    Report.objects.bulk_create(new_reports, batch_size=200)
    steps = []
    for report in Report.objects.filter(person__in=[r.person for r in new_reports]).order_by("pk"):
        steps.append(Step(report=report, at=report.created_at, state=State.PENDING, by=admin))
        if report.decided_at is not None:
            steps.append(Step(report=report, at=report.decided_at, state=State.CONFIRMED, by=admin))
    Step.objects.bulk_create(steps, batch_size=500)
    return created + len(new_reports) + len(steps)


def _number(reports: list[Report]) -> None:
    """Receipt numbers per year of confirmation, in order, after those already given."""
    reports.sort(key=lambda r: r.decided_at or timezone.now())
    serials: dict[int, int] = {}
    for report in reports:
        assert report.decided_at is not None
        year = timezone.localtime(report.decided_at).year
        if year not in serials:
            last = Report.objects.filter(number__startswith=f"BD{year}-").aggregate(last=Max("number"))[
                "last"
            ]
            serials[year] = int(last.split("-")[1]) if last else 0
        serials[year] += 1
        report.number = f"BD{year}-{serials[year]:06d}"


def _rosters(admin: User, posts: list[Post], reports: list[Report]) -> int:
    """Two members on each post's roster, on two weekdays each (extended-hours posts in the evening)."""
    staffed = set(Shift.objects.filter(post__in=posts).values_list("post_id", flat=True))
    created = 0
    for n, post in enumerate(posts):
        if post.pk in staffed:
            continue
        people = [r.person for r in reports if r.community_id == post.community_id][n % 5 :: 7][:2]
        evening = post.kind == "extended_hours_post"
        for k, person in enumerate(people):
            days = [(n + k) % 5, (n + k + 2) % 5] if not evening else [(n + k) % 7, (n + k + 3) % 7]
            starts, ends = (
                (dt.time(17, 30), dt.time(20)) if evening else (dt.time(8 + 4 * k), dt.time(12 + 5 * k))
            )
            created += len(
                services.shift_add(
                    actor=admin,
                    post=post,
                    person=person,
                    weekdays=days,
                    starts=starts,
                    ends=ends,
                    started_on=timezone.localdate() - dt.timedelta(days=200),
                )
            )
    return created


DUTY_WEEKS = 8


def _duties(admin: User, posts: list[Post], today: dt.date) -> int:
    """The rosters' duties served over the last eight weeks (up to yesterday), one in ten missed."""
    first = today - dt.timedelta(weeks=DUTY_WEEKS)
    shifts = list(Shift.objects.filter(post__in=posts, ended_on__isnull=True))
    done = set(DutyServed.objects.filter(shift__in=shifts, on__gte=first).values_list("shift_id", "on"))
    rows = []
    for shift in shifts:
        day = first + dt.timedelta(days=(shift.weekday - first.weekday()) % 7)
        while day < today:
            if day >= shift.started_on and (shift.pk, day) not in done and (shift.pk + day.toordinal()) % 10:
                recorded = timezone.make_aware(dt.datetime.combine(day, shift.ends))
                rows.append(
                    DutyServed(
                        post_id=shift.post_id,
                        shift=shift,
                        person_id=shift.person_id,
                        on=day,
                        recorded_by=admin,
                        created_at=recorded,
                    )
                )
            day += dt.timedelta(days=7)
    DutyServed.objects.bulk_create(rows, batch_size=500)
    return len(rows)


NEEDS = (
    ("独居老人周末陪伴", "每周末上午陪伴独居老人聊天、读报", 6),
    ("老旧小区楼道清理", "配合物业清理楼道堆放杂物", 8),
    ("暑期青少年托管", "暑期为双职工家庭子女提供看护和作业辅导", 5),
)


def _claims_and_needs(
    admin: User, communities: list[OrgNode], posts: list[Post], reports: list[Report], rng: random.Random
) -> int:
    if Claim.objects.filter(report__in=reports).exists():
        return 0
    created = 0
    needs = []
    for community in communities[:3]:
        for title, text, wanted in NEEDS:
            needs.append(
                services.need_create(
                    actor=admin, community=community, title=title, description=text, wanted=wanted
                )
            )
            created += 1
    by_community: dict[int, list[Report]] = {}
    for report in reports:
        by_community.setdefault(report.community_id, []).append(report)
    claims = []
    for post in posts:
        for report in rng.sample(by_community.get(post.community_id, []), 4):
            claims.append(Claim(report=report, post=post))
    for need in needs:
        people = rng.sample(by_community.get(need.community_id, []), need.wanted - 2)
        claims.extend(Claim(report=report, need=need) for report in people)
    now = timezone.now()
    for n, claim in enumerate(claims):
        claim.created_at = now - dt.timedelta(days=150 + n % 60)
        if n % 11 != 0:
            claim.state, claim.decided_at = State.CONFIRMED, claim.created_at + dt.timedelta(days=1)
    Claim.objects.bulk_create(claims)
    steps = [Step(claim=c, at=c.created_at, state=State.PENDING, by=admin) for c in claims]
    steps += [Step(claim=c, at=c.decided_at, state=c.state, by=admin) for c in claims if c.decided_at]
    Step.objects.bulk_create(steps)
    return created + len(claims) + len(steps)


def _services(
    admin: User, reports: list[Report], posts: list[Post], rng: random.Random, today: dt.date
) -> int:
    """1,560 confirmed services over the last twelve months, a few waiting and a few returned."""
    if not reports or ServiceRecord.objects.filter(report__in=reports).exists():
        return 0
    fields: dict[int, list[str]] = {}
    for post in posts:
        fields.setdefault(post.community_id, []).append(post.field)
    rows = []
    total = SERVICES + PENDING_SERVICES + 4
    for n in range(total):
        report = reports[(n * 37) % len(reports)]
        field = rng.choice(fields.get(report.community_id, [""]))
        if n < SERVICES:
            on, state = today - dt.timedelta(days=1 + rng.randrange(360)), State.CONFIRMED
        elif n < SERVICES + PENDING_SERVICES:
            on, state = today - dt.timedelta(days=rng.randrange(14)), State.PENDING
        else:
            on, state = today - dt.timedelta(days=5 + rng.randrange(30)), State.RETURNED
        logged = timezone.make_aware(dt.datetime.combine(on, dt.time(20)))
        decided = logged + dt.timedelta(days=1) if state != State.PENDING else None
        rows.append(
            ServiceRecord(
                report=report,
                on=on,
                hours=Decimal(rng.choice(("1", "1.5", "2", "2", "3", "4"))),
                what=rng.choice(WORK[field]),
                people_served=rng.randrange(1, 30),
                state=state,
                reason="请补充服务对象和照片" if state == State.RETURNED else "",
                created_at=logged,
                decided_at=decided,
            )
        )
    ServiceRecord.objects.bulk_create(rows, batch_size=500)
    steps = [Step(service=s, at=s.created_at, state=State.PENDING, by=admin) for s in rows]
    steps += [
        Step(service=s, at=s.decided_at, state=s.state, by=admin, reason=s.reason)
        for s in rows
        if s.decided_at
    ]
    Step.objects.bulk_create(steps, batch_size=500)
    quarter = (today.month - 1) // 3 + 1
    comments = [
        QuarterComment(report=r, year=today.year, quarter=quarter, text="积极参与社区服务，群众评价好")
        for r in reports[::9]
    ]
    QuarterComment.objects.bulk_create(comments)
    return len(rows) + len(steps) + len(comments)
