"""manage.py restore BACKUP: put a backup back into an empty instance (checksums checked first)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.ops.backup import BackupError
from lianxin.ops.restore import restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` into an empty database and media storage."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the backup folder (the one holding manifest.json)")
        parser.add_argument(
            "--force", action="store_true", help="replace the data of a database that is not empty"
        )
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore_backup(options["backup"], force=options["force"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {done.rows} rows in {done.tables} tables and {done.media_files} media files."
        )
        if done.migrations_missing:
            self.stdout.write(
                f"This code has {len(done.migrations_missing)} migrations the backup lacks: "
                "run `manage.py migrate` now."
            )
