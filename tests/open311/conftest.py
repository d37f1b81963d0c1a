"""A small world for the Open311 interface: two communities, a service account and a client
in each, requests in every state that matters, and helpers to read both formats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, Step, case_submit, case_transition
from lianxin.casework.workflow import Party, path_to
from lianxin.core.roles import Role
from lianxin.open311.models import Client
from lianxin.open311.services import client_create
from lianxin.people.models import User
from tests.casework.conftest import uses_the_database  # noqa: F401  (autouse)
from tests.conftest import Tree
from tests.factories import TINY_PNG, PersonFactory, UserFactory, grant

BASE = "/open311/v2/"
REPORTER_NAME = "隐私居民甲"
REPORTER_PHONE = "13811112222"
CALLBACK_PHONE = "13933334444"


@dataclass
class World:
    tree: Tree
    account: User  # service account: community worker of 东一社区
    other_account: User  # of 东二社区
    client: Client
    key: str
    other_client: Client
    other_key: str
    reporter: User  # a resident of 1号楼 (东一社区)
    other_reporter: User  # a resident of 东二社区
    dispatcher: User  # subdistrict staff of 城东路街道
    unit: User  # liaison of 东一物业

    def acting(self, party: Party) -> User:
        return self.dispatcher if party == Party.DISPATCHER else self.unit


@pytest.fixture
def world(tree: Tree) -> World:
    account = UserFactory.create(username="svc-east-one")
    grant(account, Role.COMMUNITY_WORKER, tree.community)
    other_account = UserFactory.create(username="svc-east-two")
    grant(other_account, Role.COMMUNITY_WORKER, tree.other_community)
    client, key = client_create(actor=None, name="12345 热线", user=account)
    other_client, other_key = client_create(actor=None, name="东二热线", user=other_account)
    reporter = UserFactory.create(username="jumin")
    PersonFactory.create(node=tree.building, user=reporter, name=REPORTER_NAME, phone=REPORTER_PHONE)
    other_reporter = UserFactory.create(username="jumin2")
    PersonFactory.create(node=tree.other_grid, user=other_reporter, name="东二居民")
    dispatcher = UserFactory.create(username="dispatcher")
    grant(dispatcher, Role.SUBDISTRICT_STAFF, tree.east)
    unit = UserFactory.create(username="liaison")
    grant(unit, Role.UNIT_LIAISON, tree.unit)
    return World(
        tree=tree,
        account=account,
        other_account=other_account,
        client=client,
        key=key,
        other_client=other_client,
        other_key=other_key,
        reporter=reporter,
        other_reporter=other_reporter,
        dispatcher=dispatcher,
        unit=unit,
    )


def new_case(
    reporter: User, *, text: str = "楼道里有人给电动车飞线充电", photo: bool = False, **changes: Any
) -> Case:
    fields: dict[str, Any] = {
        "channel": "app",
        "case_type": "complaint",
        "category": Category.objects.get(code="safety-ebike"),
        "text": text,
        "callback_phone": CALLBACK_PHONE,
    }
    if photo:
        fields["photos"] = [SimpleUploadedFile("现场.png", TINY_PNG, content_type="image/png")]
    return case_submit(actor=reporter, data=CaseInput(**(fields | changes)))


def bring_to(world: World, case: Case, state: str, **step: Any) -> Case:
    """Take the case along the workflow table's shortest path to ``state``."""
    for transition in path_to(state):
        party = next(p for p in (Party.DISPATCHER, Party.UNIT) if p in transition.parties)
        values = {"note": "不属本社区职责", "unit": world.tree.unit, "reply": "路灯已修复"} | step
        case = case_transition(
            actor=world.acting(party), case=case, action=transition.action, step=Step(**values)
        )
    return case


@pytest.fixture
def api(db: None) -> HttpClient:
    """A client of the interface that reads English (the default is Chinese)."""
    http = HttpClient()
    http.cookies["django_language"] = "en"
    return http


def as_json(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def as_xml(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 (our own answer, not untrusted input)


def error_descriptions(response: Any, fmt: str = "json") -> list[str]:
    """The descriptions of an error answer, after checking its shape in either format."""
    if fmt == "json":
        entries = as_json(response)
        assert all(set(entry) == {"code", "description"} for entry in entries)
        assert all(entry["code"] == response.status_code for entry in entries)
        return [entry["description"] for entry in entries]
    root = as_xml(response)
    assert root.tag == "errors" and all(child.tag == "error" for child in root)
    assert all([e.tag for e in child] == ["code", "description"] for child in root)
    assert all(child.findtext("code") == str(response.status_code) for child in root)
    return [child.findtext("description") or "" for child in root]
