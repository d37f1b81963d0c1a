"""manage.py backup DIR: a consistent backup of the database and the media, with a manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and the uploaded media into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="where to put the backup (a new folder in it)")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = create_backup(options["directory"], alias=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
