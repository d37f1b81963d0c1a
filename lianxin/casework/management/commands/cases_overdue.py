"""manage.py cases_overdue: put newly overdue cases under supervision and tell who must act."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.casework.overdue import cases_escalate_overdue


class Command(BaseCommand):
    help = gettext_noop("Put newly overdue cases under supervision and notify who must act (safe to repeat).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = cases_escalate_overdue()
        self.stdout.write(_("%(count)d overdue case(s) put under supervision.") % {"count": count})
