"""manage.py heartbeat --schedule: make sure the worker's heartbeat task is waiting in the queue."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.ops.tasks import heartbeat, heartbeat_schedule


class Command(BaseCommand):
    help = "Stamp the worker's heartbeat now, or with --schedule keep its repeating task queued."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="make sure the repeating heartbeat task is waiting for the worker, then exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            added = heartbeat_schedule()
            self.stdout.write("Heartbeat task queued." if added else "A heartbeat task is already waiting.")
            return
        heartbeat.call()
        self.stdout.write("Heartbeat stamped.")
