"""The demo's volunteer service for 城东路街道: eleven party-building service brands (志平工作平台,
老党员说事会 and others in the page's style), eleven volunteer teams, 200-odd volunteers (the
plan's volunteers of 城东路 and more party members, activists and caring citizens), a year of
activities with confirmed attendance serving 20,000-odd person-times, a few certificates, a
correction waiting for a decision, a request to join, and one coming activity per team with free
places (the ``volunteer`` log-in can sign up for 东大街社区's).

Brands, teams and the coming activities, certificates and the correction go through the
services as the superuser; the year's history (people, memberships, activities, sign-ups) is
written in bulk, with the same invariants (hours from check-in and check-out, rounded down to
quarters). Everything is found by its natural key, so building again adds nothing; dates are
counted from the real today.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from lianxin.core.pii import keyed_hash
from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.demo.data import CDL_COMMUNITIES
from lianxin.demo.identity import Identities
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person, User
from lianxin.people.services import build_person
from lianxin.people.validation import PersonInput
from lianxin.volunteers import records, services
from lianxin.volunteers.checkin import quarter_hours
from lianxin.volunteers.models import (
    Activity,
    ActivityState,
    Brand,
    Certificate,
    Correction,
    Membership,
    MembershipState,
    SignUp,
    SignUpState,
    Team,
)

AREA = "gc-cdl"
SEED = 4_2026
VOLUNTEERS = 215  # at least, in 城东路
WEEKS = 52
# (brand, what it does, team, team's task) at the subdistrict.
SUBDISTRICT = (
    (
        "志平工作平台",
        "以老党员王志平命名，党员骨干牵头调解邻里纠纷、收集社情民意。",
        "志平党员志愿者服务队",
        "邻里调解、走访收集民意",
    ),
    (
        "老党员说事会",
        "老党员议事说事，帮群众把身边事说清、议好、办实。",
        "老党员说事服务队",
        "议事协商、政策宣讲",
    ),
    (
        "城东红马甲",
        "党员志愿者穿上红马甲，常态化开展文明劝导和环境整治。",
        "城东红马甲志愿服务队",
        "文明劝导、环境整治",
    ),
    ("平安守望", "党员带头夜间巡逻，守护楼院平安。", "平安守望巡逻队", "夜间巡逻、消防隐患排查"),
    ("党员先锋岗", "在职党员到社区报到，认领服务岗位。", "在职党员先锋服务队", "认领岗位、助力基层治理"),
)
# (brand suffix, team suffix, task) for each community, in the order of CDL_COMMUNITIES.
COMMUNITY = (
    ("暖心驿站", "暖心党员志愿服务队", "助老助残、上门探访独居老人"),
    ("书香邻里", "书香邻里志愿服务队", "四点半课堂、亲子阅读"),
    ("红色管家", "红色管家志愿服务队", "楼院清洁、物业协调"),
    ("银龄互助", "银龄互助志愿服务队", "低龄老人帮高龄老人、代购代办"),
    ("巾帼先锋", "巾帼先锋志愿服务队", "家庭教育、反诈宣传"),
    ("青年突击", "青年突击志愿服务队", "义诊义剪、便民维修"),
)
TITLES = ("助老服务", "环境整治", "政策宣讲", "便民服务", "文明劝导", "走访慰问", "义诊义剪", "反诈宣传")


def build_volunteers(admin: User) -> int:
    """Create what is missing; returns how many records were created."""
    rng = random.Random(SEED)
    area = OrgNode.objects.get(code=AREA)
    created = 0
    teams: list[Team] = []
    for brand_name, about, team_name, _task in SUBDISTRICT:
        brand, made = _brand(admin, area, brand_name, about)
        team, made_team = _team(admin, brand, area, team_name)
        created += made + made_team
        teams.append(team)
    for row, (brand_suffix, team_suffix, _task) in zip(CDL_COMMUNITIES, COMMUNITY, strict=True):
        community = OrgNode.objects.get(code=row.code)
        brand, made = _brand(admin, community, f"{row.street}{brand_suffix}", f"{row.name}党建服务品牌。")
        team, made_team = _team(admin, brand, community, f"{row.name}{team_suffix}")
        created += made + made_team
        teams.append(team)
    people, made = _people(area, rng)
    created += made
    created += _memberships(teams, people, rng)
    created += _history(admin, teams, rng)
    created += _coming(admin, teams)
    created += _records(admin, area)
    return created


def _brand(admin: User, node: OrgNode, name: str, about: str) -> tuple[Brand, int]:
    brand = Brand.objects.filter(node=node, name=name).first()
    if brand is not None:
        return brand, 0
    return services.brand_create(actor=admin, node=node, name=name, description=about), 1


def _team(admin: User, brand: Brand, node: OrgNode, name: str) -> tuple[Team, int]:
    team = Team.objects.filter(brand=brand, name=name).first()
    if team is not None:
        return team, 0
    leader = (
        Person.objects.filter(subtree_q(node.path, field="node__path"), is_party_member=True)
        .exclude(teams_led__isnull=False)
        .order_by("id")
        .first()
    )
    data = services.TeamInput(name=name, node=node, leader=leader, description=brand.description)
    return services.team_create(actor=admin, brand=brand, data=data), 1


def _people(area: OrgNode, rng: random.Random) -> tuple[list[Person], int]:
    """The area's volunteers, and new ones (bulk) up to ``VOLUNTEERS``; the same ones every run."""
    buildings = list(OrgNode.objects.filter(subtree_q(area.path), kind=NodeKind.BUILDING).order_by("path"))
    lines = {path for building in buildings for path in ancestor_paths(building.path)}
    known = {n.path: n for n in OrgNode.objects.filter(path__in=lines)}
    identities = Identities(rng)
    specs = []
    for n in range(VOLUNTEERS):
        gender = identities.gender()
        kind = ("party_member", "activist", "citizen")[n % 3]
        specs.append(
            (
                identities.name(gender),
                gender,
                identities.id_number(gender, identities.born()),
                identities.phone(),
                kind,
                buildings[n % len(buildings)],
            )
        )
    hashes = [keyed_hash(spec[2]) for spec in specs]
    taken = set(Person.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True))
    new = []
    for (name, gender, id_number, phone, kind, building), digest in zip(specs, hashes, strict=True):
        if digest in taken:
            continue
        data = PersonInput(
            name=name,
            node=building,
            gender=gender,
            phone=phone,
            id_number=id_number,
            address=building.address,
            is_party_member=kind == "party_member",
            is_volunteer=True,
            is_activist=kind == "activist",
        )
        new.append(build_person(data, known))
    Person.objects.bulk_create(new, batch_size=500)
    people = list(
        Person.objects.filter(subtree_q(area.path, field="node__path"))
        .filter(is_volunteer=True)
        .select_related("node")
        .order_by("id")
    )
    return people, len(new)


def _community_of(person: Person, teams: list[Team]) -> Team | None:
    return next((t for t in teams[len(SUBDISTRICT) :] if person.node.path.startswith(t.node.path)), None)


def _memberships(teams: list[Team], people: list[Person], rng: random.Random) -> int:
    """Each volunteer in their community's team; a third also in a subdistrict team."""
    have = set(Membership.objects.filter(team__in=teams).values_list("team_id", "person_id"))
    start = timezone.localdate() - dt.timedelta(weeks=WEEKS + 8)
    rows = []
    for n, person in enumerate(people):
        mine = [_community_of(person, teams)] + ([teams[n % len(SUBDISTRICT)]] if n % 3 == 0 else [])
        for team in mine:
            if team is not None and (team.pk, person.pk) not in have:
                have.add((team.pk, person.pk))
                joined = start + dt.timedelta(days=rng.randrange(40))
                rows.append(
                    Membership(team=team, person=person, state=MembershipState.ACTIVE, joined_on=joined)
                )
    Membership.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _history(admin: User, teams: list[Team], rng: random.Random) -> int:
    """A fortnightly activity of each team over the past year, held, with confirmed attendance."""
    today = timezone.localdate()
    created = 0
    for index, team in enumerate(teams):
        if team.activities.filter(state=ActivityState.HELD).exists():
            continue
        members = list(
            team.memberships.filter(state=MembershipState.ACTIVE).values_list("person_id", flat=True)
        )
        activities = []
        for week in range(WEEKS, 0, -2):
            day = today - dt.timedelta(weeks=week, days=(index % 5) - 2)
            hour = (9, 14, 15)[(week + index) % 3]
            title = TITLES[(week // 2 + index) % len(TITLES)]
            activities.append(
                Activity(
                    team=team,
                    title=title,
                    content=f"{team.name}开展{title}",
                    place=f"{team.node.name}党群服务中心",
                    starts_at=_at(day, hour),
                    ends_at=_at(day, hour + 2),
                    capacity=12,
                    state=ActivityState.HELD,
                    served_count=rng.randint(55, 95),
                    organiser=admin,
                )
            )
        Activity.objects.bulk_create(activities)
        signups = []
        for activity in activities:
            for person_id in rng.sample(members, min(len(members), rng.randint(5, 10))):
                came = activity.starts_at + dt.timedelta(minutes=rng.choice((-20, -5, 0, 5, 10)))
                left = activity.ends_at + dt.timedelta(minutes=rng.choice((-30, -10, 0, 15)))
                hours = quarter_hours(activity, came, left)
                signups.append(
                    SignUp(
                        activity=activity,
                        person_id=person_id,
                        state=SignUpState.CONFIRMED,
                        checked_in_at=came,
                        checked_out_at=left,
                        hours=hours,
                        hours_final=hours,
                        confirmed_at=activity.ends_at,
                        confirmed_by=admin,
                    )
                )
        SignUp.objects.bulk_create(signups, batch_size=1000)
        created += len(activities) + len(signups)
    return created


def _coming(admin: User, teams: list[Team]) -> int:
    """Next week's activity of each team, with free places."""
    created = 0
    day = timezone.localdate() + dt.timedelta(days=7)
    for index, team in enumerate(teams):
        if team.activities.filter(state=ActivityState.PLANNED, starts_at__gt=timezone.now()).exists():
            continue
        title = TITLES[index % len(TITLES)]
        data = services.ActivityInput(
            title=title,
            place=f"{team.node.name}党群服务中心",
            starts_at=_at(day, 9),
            ends_at=_at(day, 11),
            capacity=20,
            content=f"{team.name}开展{title}，欢迎报名。",
        )
        services.activity_create(actor=admin, team=team, data=data)
        created += 1
    return created


def _records(admin: User, area: OrgNode) -> int:
    """Certificates of three volunteers, a correction waiting for a decision, a request to join."""
    created = 0
    year_ago = timezone.localdate() - dt.timedelta(weeks=WEEKS + 1)
    served = (
        Person.objects.filter(
            subtree_q(area.path, field="node__path"), volunteer_signups__hours_final__isnull=False
        )
        .order_by("id")
        .distinct()[:3]
    )
    for person in served:
        if not Certificate.objects.filter(person=person).exists():
            records.certificate_issue(
                actor=admin, person=person, issuer=area, period_from=year_ago, period_to=timezone.localdate()
            )
            created += 1
    if not Correction.objects.filter(
        signup__activity__team__brand__node__path__startswith=area.path
    ).exists():
        signup = (
            SignUp.objects.filter(hours_final__gt=Decimal("1"), activity__team__node=area)
            .order_by("-id")
            .first()
        )
        if signup is not None:
            records.correction_request(
                actor=admin,
                signup=signup,
                new_hours=(signup.hours_final or Decimal(1)) - Decimal("0.5"),
                reason="提前半小时离开，签退时忘记扫码。",
            )
            created += 1
    team = Team.objects.filter(node__code=CDL_COMMUNITIES[0].code).order_by("id").first()
    if team is not None and not team.memberships.filter(state=MembershipState.REQUESTED).exists():
        newcomer = (
            Person.objects.filter(subtree_q(team.node.path, field="node__path"), is_party_member=True)
            .exclude(team_memberships__isnull=False)
            .order_by("id")
            .first()
        )
        if newcomer is not None:
            Membership.objects.create(team=team, person=newcomer, state=MembershipState.REQUESTED)
            created += 1
    return created
