"""Test data builders. They write through the models directly: they set up a world, they
are not the code under test."""

from __future__ import annotations

import base64
import datetime as dt
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone
from openpyxl import Workbook

from lianxin.core.models import RoleGrant
from lianxin.core.pii import keyed_hash
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User
from lianxin.people.services import home_links
from lianxin.people.validation import name_initials

_codes = itertools.count(1)
PASSWORD = "pass-Word-2026"  # every UserFactory account's password
# A real 1×1 PNG, for photo uploads.
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def roster_xlsx(rows: Sequence[Sequence[object]]) -> io.BytesIO:
    """An uploaded roster with the columns 姓名, 性别, 手机号, 身份证号, 登记地点."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "手机号", "身份证号", "登记地点"])
    for row in rows:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "roster.xlsx"
    return data


def node(parent: OrgNode | None, kind: str, name: str, **extra: Any) -> OrgNode:
    fields = {"name": name, "kind": kind, "code": f"t{next(_codes)}", **extra}
    if parent is None:
        return OrgNode.objects.add_root(fields)
    return OrgNode.objects.add_child(parent, fields)


def valid_id(seed: int) -> str:
    """A syntactically valid 18-character resident ID for ``seed``."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"410102{1960 + seed % 40:04d}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"居民{n}")
    name_pinyin = factory.LazyAttribute(lambda o: name_initials(o.name))
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    phone_hash = factory.LazyAttribute(lambda o: keyed_hash(o.phone))
    id_number = factory.Sequence(valid_id)
    id_number_hash = factory.LazyAttribute(lambda o: keyed_hash(o.id_number))
    # Like the services: the grid and building follow from where the person is registered.
    grid = factory.LazyAttribute(lambda o: home_links(o.node)[0])
    building = factory.LazyAttribute(lambda o: home_links(o.node)[1])


def grant(user: User, role: str, on: OrgNode) -> RoleGrant:
    return RoleGrant.objects.create(user=user, role=role, node=on)


@dataclass(frozen=True)
class DaysFromToday:
    """A date in a test's parameters, worked out when the test runs: parameters are made when
    the tests are collected, which may be on the day before (a run across midnight)."""

    days: int


def dated(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with each ``DaysFromToday`` turned into its date, today being the local day."""
    today = timezone.localdate()
    return {
        key: today + dt.timedelta(days=value.days) if isinstance(value, DaysFromToday) else value
        for key, value in values.items()
    }
