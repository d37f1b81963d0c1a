"""A backup restored into a fresh instance gives back every row and every media file.

Runs on SQLite (online backup API) and, with DATABASE_URL on PostgreSQL, on PostgreSQL
(pg_dump/pg_restore into a database of its own)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connections

from lianxin.casework.models import Case, CaseEvent, CasePhoto
from lianxin.ops.backup import media_names
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User
from tests.conftest import seed_defaults
from tests.ops.helpers import fresh_database, resident, submitted_case

pytestmark = pytest.mark.django_db(transaction=True)


def backup(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", str(folder), stdout=out)
    return Path(out.getvalue().strip())


def rows_per_table(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def empty_media() -> dict[str, bytes]:
    """Take every media file out of the storage (a fresh instance has none); returns them."""
    files = {}
    for name in list(media_names(default_storage)):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
        default_storage.delete(name)
    return files


@pytest.fixture
def world(tree: Any) -> dict[str, Any]:
    empty_media()  # files other tests of this process left in the in-memory storage
    seed_defaults()
    user = resident(tree)
    case = submitted_case(user, photo=True)
    other = submitted_case(user, text="路灯不亮")
    report = default_storage.save("exports/周报.txt", ContentFile("一周的事".encode()))
    return {"user": user, "case": case, "other": other, "report": report}


def test_round_trip_into_a_fresh_instance(world: dict[str, Any], tmp_path: Path) -> None:
    folder = backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["app_version"] and manifest["created_at"]
    assert manifest["tables"]["casework_case"] == 2
    assert "0001_initial" in manifest["migrations"]["ops"]
    assert set(manifest["files"]) == {manifest["database"]["file"], "media.tar"}
    photo = CasePhoto.objects.get()
    assert set(manifest["media"]) == {photo.image.name, world["report"]}
    before = rows_per_table("default")
    media = empty_media()

    with fresh_database("fresh", tmp_path):
        call_command("restore", str(folder), "--database", "fresh", stdout=io.StringIO())

        after = rows_per_table("fresh")
        assert {t: n for t, n in after.items() if t in before} == before
        case = Case.objects.using("fresh").get(number=world["case"].number)
        assert (case.text, case.callback_phone, case.accept_due) == (
            world["case"].text,
            "13800138000",
            world["case"].accept_due,
        )
        assert list(CaseEvent.objects.using("fresh").filter(case=case).values_list("action", flat=True)) == [
            "submit"
        ]
        user = User.objects.using("fresh").get(username="jumin")
        assert user.password == world["user"].password
        assert Person.objects.using("fresh").get(user=user).node.name == "1号楼"
        assert OrgNode.objects.using("fresh").count() == OrgNode.objects.count()
        restored = {}
        for name in media_names(default_storage):
            with default_storage.open(name, "rb") as handle:
                restored[name] = handle.read()
        assert restored == media and len(media) == 2

        # A second restore meets a database that is no longer empty: refused, nothing changed.
        with pytest.raises(CommandError, match="not empty"):
            call_command("restore", str(folder), "--database", "fresh")
        assert rows_per_table("fresh") == after
        call_command("restore", str(folder), "--database", "fresh", "--force", stdout=io.StringIO())
        assert rows_per_table("fresh") == after


def test_a_damaged_backup_is_refused_before_anything_is_written(
    world: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    tar = folder / "media.tar"
    data = bytearray(tar.read_bytes())
    data[700] ^= 0xFF  # a byte inside the first file's content
    tar.write_bytes(bytes(data))
    empty_media()
    with fresh_database("fresh", tmp_path):
        with pytest.raises(CommandError, match=r"media\.tar does not match its checksum"):
            call_command("restore", str(folder), "--database", "fresh")
        assert rows_per_table("fresh") == {}
        assert list(media_names(default_storage)) == []


def test_restore_refuses_a_database_that_is_not_empty(world: dict[str, Any], tmp_path: Path) -> None:
    folder = backup(tmp_path)
    Case.objects.filter(pk=world["other"].pk).update(text="改过")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder))
    assert Case.objects.get(pk=world["other"].pk).text == "改过"
