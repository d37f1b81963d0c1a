"""manage.py cases_overdue: put newly overdue cases under supervision and tell who must act.

With ``--schedule`` it does not check now: it makes sure the repeating check is waiting in
the task queue for ``manage.py db_worker`` (safe to run at every start, or from cron).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.casework.overdue import cases_escalate_overdue
from lianxin.casework.tasks import overdue_check_schedule, overdue_check_waiting


class Command(BaseCommand):
    help = gettext_noop("Put newly overdue cases under supervision and notify who must act (safe to repeat).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help=gettext_noop("Make sure the repeating check is waiting for the task worker, then exit."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            overdue_check_schedule()
            waiting = overdue_check_waiting()
            assert waiting is not None
            self.stdout.write(
                _("The next overdue check runs after %(time)s.")
                % {"time": waiting.run_after.astimezone().strftime("%Y-%m-%d %H:%M")}
            )
            return
        count = cases_escalate_overdue()
        self.stdout.write(_("%(count)d overdue case(s) put under supervision.") % {"count": count})
