"""manage.py cases_recount: count the request figures' daily rows again from the records.

The services keep those rows exact; run this after requests were loaded or changed in bulk
outside them (an import, a data fix in SQL). Safe to repeat.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lianxin.casework import daily


class Command(BaseCommand):
    help = gettext_noop("Count the request figures' daily rows again from the requests (safe to repeat).")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = daily.rebuild()
        self.stdout.write(_("%(rows)d daily row(s) counted from the requests.") % {"rows": rows})
