"""Overdue cases go under supervision (督办), once, and the people who must act are told.

Run it every few minutes (``manage.py cases_overdue``); a second run finds nothing new, so it
is safe to repeat or to run from two machines at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lianxin.casework.models import Case, CaseEvent
from lianxin.casework.workflow import HANDLING_STATES, State
from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.roles import Cap
from lianxin.core.services import notify


def overdue_q(now: dt.datetime) -> Q:
    """Not accepted by the accept-by time, or not replied by the due time."""
    return Q(state=State.SUBMITTED, accept_due__lt=now) | Q(state__in=HANDLING_STATES, due_at__lt=now)


def cases_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Put every newly overdue case under supervision; returns how many were escalated.

    The notes and notifications it writes are in the platform's language (it runs with no user).
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _escalate(now or timezone.now())


def _escalate(now: dt.datetime) -> int:
    escalated = 0
    candidates = Case.objects.filter(overdue_q(now), is_supervised=False).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("node", "unit")
                .filter(overdue_q(now), pk=pk, is_supervised=False)
                .first()
            )
            if case is None:  # taken care of meanwhile (or by a parallel run)
                continue
            case.is_supervised = True
            case.save(update_fields=["is_supervised", "updated_at"])
            late_for = _("acceptance") if case.state == State.SUBMITTED else _("handling")
            note = _("Overdue for %(what)s: put under supervision.") % {"what": late_for}
            CaseEvent.objects.create(
                case=case, at=now, action="overdue", from_state=case.state, to_state=case.state, note=note
            )
            audit_record(actor=None, actor_label="system", action="casework.case.overdue", obj=case)
            if case.state == State.SUBMITTED or case.unit is None:
                who_acts = scope.holders(Cap.CASES_DISPATCH, case.node.path)
            else:
                who_acts = scope.holders(Cap.CASES_HANDLE, case.unit.path)
            supervisors = scope.holders(Cap.CASES_SUPERVISE, case.node.path)
            notify(
                users=[*who_acts, *supervisors],
                title=_("Case %(number)s is overdue") % {"number": case.number},
                body=note,
            )
            escalated += 1
    return escalated
