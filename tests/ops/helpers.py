"""What the ops tests share: a resident with a request, and databases of their own.

On PostgreSQL each test that needs a second database creates ``lianxin_ops_<random>`` on the
same server and drops it after; Django reaches it through an extra connection alias.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.db.utils import load_backend

from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, case_submit
from lianxin.people.models import User
from tests.factories import TINY_PNG, PersonFactory, UserFactory


def resident(tree: Any, username: str = "jumin") -> User:
    user = UserFactory.create(username=username)
    PersonFactory.create(node=tree.building, user=user, name="报事居民")
    return user


def submitted_case(user: User, text: str = "楼道里有人给电动车飞线充电", photo: bool = False) -> Case:
    photos = [SimpleUploadedFile("现场.png", TINY_PNG, content_type="image/png")] if photo else []
    data = CaseInput(
        channel="app",
        case_type="complaint",
        category=Category.objects.get(code="safety-ebike"),
        text=text,
        callback_phone="13800138000",
        photos=photos,
    )
    return case_submit(actor=user, data=data)


def attach(alias: str, name: str) -> None:
    """A connection ``alias`` to database ``name`` (same server and options as the test one).

    Made by hand rather than added to the settings: Django's test case lets a connection it
    did not know of at the start through."""
    settings_dict = {**connection.settings_dict, "NAME": name}
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)


def detach(alias: str) -> None:
    connections[alias].close()
    del connections[alias]


def admin_execute(sql: str, params: list[Any] | None = None) -> None:
    """A statement outside any transaction (CREATE/DROP DATABASE) on the test server."""
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql, params)


@contextmanager
def extra_database(alias: str, *, template: str | None = None) -> Iterator[str]:
    """A database of our own under ``alias``: a new PostgreSQL database (empty, or a copy of
    ``template``), dropped afterwards. Yields its name."""
    assert connection.vendor == "postgresql"
    name = f"lianxin_ops_{uuid.uuid4().hex[:10]}"
    if template:
        # A template must have no other connection: close ours, and end any an earlier test
        # left idle in another thread (a live server's request thread, say).
        connections.close_all()
        admin_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [template],
        )
        admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        admin_execute(f'CREATE DATABASE "{name}"')
    attach(alias, name)
    try:
        yield name
    finally:
        detach(alias)
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(alias: str, folder: Path) -> Iterator[None]:
    """An empty database under ``alias``, of the same kind as the test database."""
    if connection.vendor == "postgresql":
        with extra_database(alias):
            yield
        return
    attach(alias, str(folder / f"{alias}.sqlite3"))
    try:
        yield
    finally:
        detach(alias)
