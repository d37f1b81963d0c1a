from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.liaison.models import Link, Representative, Session, SessionKind, Studio
from lianxin.people.models import Person, User
from tests.casework.conftest import uses_the_database  # noqa: F401  (autouse)
from tests.factories import PersonFactory, UserFactory, grant

YEAR_START = dt.date(2026, 1, 1)


@dataclass
class Studioworld:
    """东一社区's studio with one representative (who has a log-in), and a resident with a log-in."""

    studio: Studio
    rep: Representative
    rep_user: User
    resident: Person
    resident_user: User
    neighbour: Person  # a party member of the community, without a log-in
    outsider: Person  # lives in 东二社区, outside the studio's area


def user_with(role: str, node: Any, username: str | None = None) -> User:
    account = UserFactory.create(**({"username": username} if username else {}))
    held = grant(account, role, node)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=YEAR_START)
    return account


@pytest.fixture
def sw(tree: Any) -> Studioworld:
    rep_user = user_with(Role.PARTY_REP, tree.community, "daibiao")
    rep_person = PersonFactory.create(
        node=tree.building, user=rep_user, name="李代表", is_party_rep=True, is_party_member=True
    )
    resident_user = UserFactory.create(username="jumin")
    resident = PersonFactory.create(
        node=tree.building, user=resident_user, name="王居民", phone="13912345678"
    )
    studio = Studio.objects.create(node=tree.community, name="东一社区党代表工作室", address="东一路8号")
    rep = Representative.objects.create(studio=studio, person=rep_person, started_on=YEAR_START)
    return Studioworld(
        studio=studio,
        rep=rep,
        rep_user=rep_user,
        resident=resident,
        resident_user=resident_user,
        neighbour=PersonFactory.create(node=tree.grid, name="赵党员", is_party_member=True),
        outsider=PersonFactory.create(node=tree.other_grid, name="外社区人"),
    )


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def session_on(studio: Studio, day: dt.date, *, kind: str = SessionKind.STUDIO, **extra: Any) -> Session:
    """A session written straight to the table (set-up, not the code under test)."""
    place = extra.pop("place", None) or (studio.node if kind == SessionKind.MOBILE else None)
    starts_at, ends_at = extra.pop("starts_at", at(day)), extra.pop("ends_at", at(day, 11))
    session = Session.objects.create(
        studio=studio, kind=kind, starts_at=starts_at, ends_at=ends_at, place=place, **extra
    )
    session.hosts.set(studio.representatives.filter(ended_on__isnull=True))
    return session


def link_to(rep: Representative, person: Person, started_on: dt.date = YEAR_START) -> Link:
    return Link.objects.create(representative=rep, person=person, started_on=started_on)
