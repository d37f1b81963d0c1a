"""Restore a backup made by ``create_backup`` into an empty instance.

Everything is checked before anything is written: the manifest's checksums, that the
database is of the same kind, that this code knows every migration the backup has, and that
the instance is empty (no account, no organisation node, no media file) unless ``force``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from lianxin.ops.backup import (
    FORMAT,
    MANIFEST,
    MEDIA_TAR,
    BackupError,
    media_names,
    pg_command,
    run_tool,
    sha256_of,
    table_facts,
    vendor_of,
)
from lianxin.orgs.models import OrgNode


@dataclass
class Restored:
    tables: int
    rows: int
    media_files: int
    migrations_missing: list[str] = field(default_factory=list)  # in the code, not in the backup


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking every file it lists against its SHA-256."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256_of(path) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def restore_backup(
    folder: Path, *, force: bool = False, alias: str = "default", storage: Storage | None = None
) -> Restored:
    storage = storage or default_storage
    manifest = read_manifest(folder)
    vendor = vendor_of(alias)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"This is a {manifest['database']['vendor']} backup; the database is {vendor}.")
    missing = _check_migrations(manifest["migrations"])
    if not force:
        _refuse_non_empty(alias, storage)
    database = folder / manifest["database"]["file"]
    connections[alias].close()
    if vendor == "postgresql":
        command, dbname, env = pg_command(alias, "pg_restore")
        run_tool(
            [
                *command,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={dbname}",
                str(database),
            ],
            env,
        )
    else:
        _restore_sqlite(alias, database)
    media = _restore_media(folder / MEDIA_TAR, manifest["media"], storage, force=force)
    _compare_counts(alias, manifest["tables"])
    return Restored(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        media_files=media,
        migrations_missing=missing,
    )


def _check_migrations(applied: dict[str, list[str]]) -> list[str]:
    """Refuse a backup from newer code; list what ``migrate`` must add after the restore."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    in_backup = {(app, name) for app, names in applied.items() for name in names}
    unknown = sorted(f"{app}.{name}" for app, name in in_backup - known)
    if unknown:
        raise BackupError(f"The backup has migrations this code does not know: {', '.join(unknown[:5])}.")
    return sorted(f"{app}.{name}" for app, name in known - in_backup)


def _refuse_non_empty(alias: str, storage: Storage) -> None:
    tables = set(connections[alias].introspection.table_names())
    for model in (get_user_model(), OrgNode):
        if model._meta.db_table in tables and model.objects.using(alias).exists():
            raise BackupError(
                f"The database is not empty ({model._meta.db_table} has rows); restore only into an "
                "empty instance, or pass --force to replace everything in it."
            )
    if next(media_names(storage), None) is not None:
        raise BackupError("The media storage is not empty; pass --force to replace its files.")


def _restore_sqlite(alias: str, database: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    target = connection.connection
    assert target is not None
    source = sqlite3.connect(database)
    try:
        source.backup(target)  # replaces every page of the target database
    finally:
        source.close()
    connection.close()


def _restore_media(tar_path: Path, expected: dict[str, str], storage: Storage, *, force: bool) -> int:
    if force:
        for name in list(media_names(storage)):
            storage.delete(name)
    restored = 0
    with tarfile.open(tar_path) as tar:
        for member in tar:
            if not member.isfile() or not member.name.startswith("media/"):
                continue
            name = member.name.removeprefix("media/")
            if name not in expected or ".." in Path(name).parts:
                raise BackupError(f"{member.name} in {MEDIA_TAR} is not in the manifest.")
            handle = tar.extractfile(member)
            assert handle is not None
            content = handle.read()
            if hashlib.sha256(content).hexdigest() != expected[name]:
                raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"{name} already exists in the media storage.")
            restored += 1
    if restored != len(expected):
        raise BackupError(f"{MEDIA_TAR} holds {restored} files; the manifest lists {len(expected)}.")
    return restored


def _compare_counts(alias: str, expected: dict[str, int]) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        counts, _migrations = table_facts(cursor, list(expected), connection.ops.quote_name)
    wrong = sorted(table for table, rows in expected.items() if counts.get(table) != rows)
    if wrong:
        raise BackupError(f"After the restore these tables do not have the rows of the backup: {wrong[:5]}")
