"""A consistent backup of the database and the uploaded media, with a manifest.

A backup is a directory ``lianxin-<UTC time>/`` holding:

- ``database.pgdump`` (PostgreSQL: ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite:
  a copy made with the online backup API, safe while the site runs);
- ``media.tar``: every file of the default storage, under ``media/``;
- ``manifest.json``: when, which app version, the applied migrations, the rows of every table
  and the SHA-256 of each file (of the backup and of each media file).

The database is copied first and the media after, so every file a database row names is in
the backup (a file uploaded meanwhile is there too, unreferenced: harmless). On PostgreSQL the
counts and migrations are read in the very snapshot ``pg_dump`` copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DATABASE_FILE = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


# --- helpers shared with restore ------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_command(alias: str, program: str) -> tuple[list[str], str, dict[str, str]]:
    """(program and connection arguments, database name, environment) for a pg_* tool."""
    args, env = DatabaseClient.settings_to_cmd_args_env(connections[alias].settings_dict, [])
    binary = str(Path(settings.PG_BIN_DIR) / program) if settings.PG_BIN_DIR else program
    if shutil.which(binary) is None:
        raise BackupError(f"{program} was not found (install the PostgreSQL client or set PG_BIN_DIR).")
    return [binary, *args[1:-1]], args[-1], {**os.environ, **(env or {})}


def run_tool(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def vendor_of(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILE:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def media_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of a storage, walking its folders (works for any storage backend)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


def table_facts(cursor: Any, tables: list[str], quote: Any) -> tuple[dict[str, int], dict[str, list[str]]]:
    """(rows per table, applied migrations per app) read through a DB-API cursor."""
    counts: dict[str, int] = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
        counts[table] = int(cursor.fetchone()[0])
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return counts, migrations


# --- backup ---------------------------------------------------------------------------------


def create_backup(target: Path, *, alias: str = "default", storage: Storage | None = None) -> Path:
    """Write a backup into a new folder under ``target``; returns that folder."""
    vendor = vendor_of(alias)
    storage = storage or default_storage
    now = timezone.now()
    folder = target / f"lianxin-{now:%Y%m%d-%H%M%S-%f}"
    folder.mkdir(parents=True)
    database = folder / DATABASE_FILE[vendor]
    if vendor == "postgresql":
        counts, migrations = _dump_postgresql(alias, database)
    else:
        counts, migrations = _copy_sqlite(alias, database)
    media = _tar_media(storage, folder / MEDIA_TAR)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "app_version": importlib.metadata.version("lianxin"),
        "database": {"vendor": vendor, "file": database.name},
        "migrations": migrations,
        "tables": counts,
        "files": {name: sha256_of(folder / name) for name in (database.name, MEDIA_TAR)},
        "media": media,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def _dump_postgresql(alias: str, out: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """pg_dump in a snapshot exported by a read-only REPEATABLE READ transaction, which also
    counts the rows: the counts are exactly those of the dump."""
    import psycopg

    connection = connections[alias]
    tables = connection.introspection.table_names()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    with psycopg.connect(**params) as raw:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            command, dbname, env = pg_command(alias, "pg_dump")
            run_tool([*command, "--format=custom", f"--snapshot={row[0]}", f"--file={out}", dbname], env)
            facts = table_facts(cursor, tables, connection.ops.quote_name)
        raw.rollback()
    return facts


def _copy_sqlite(alias: str, out: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection = connections[alias]
    connection.ensure_connection()
    source = connection.connection
    assert source is not None
    copy = sqlite3.connect(out)
    try:
        source.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        tables = [name for (name,) in cursor.fetchall()]
        return table_facts(cursor, tables, connection.ops.quote_name)
    finally:
        copy.close()


class _Hashing:
    """A reader that hashes what passes through it (for tarfile.addfile)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _tar_media(storage: Storage, out: Path) -> dict[str, str]:
    """Every media file into a tar; returns each file's SHA-256 by its storage name."""
    checksums: dict[str, str] = {}
    with tarfile.open(out, "w") as tar:
        for name in media_names(storage):
            info = tarfile.TarInfo(f"media/{name}")
            info.size = storage.size(name)
            info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
            with storage.open(name, "rb") as handle:
                reader = _Hashing(handle)
                tar.addfile(info, reader)  # type: ignore[arg-type]
            checksums[name] = reader.digest.hexdigest()
    return checksums
