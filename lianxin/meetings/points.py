"""Points for attending party meetings: each meeting held that a member was present at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.meetings.models import Attendance, AttendanceStatus, MeetingState
from lianxin.posts.points import PointsItem, PointsSource, register
from lianxin.reports.periods import day_start


def meetings_attended(
    person_ids: Collection[int] | None, first: dt.date, last: dt.date
) -> Iterator[PointsItem]:
    rows = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        meeting__state=MeetingState.HELD,
        meeting__starts_at__gte=day_start(first),
        meeting__starts_at__lt=day_start(last + dt.timedelta(days=1)),
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    for pk, person_id, meeting_id, starts_at, title in rows.order_by("meeting__starts_at", "pk").values_list(
        "pk", "person_id", "meeting_id", "meeting__starts_at", "meeting__title"
    ):
        yield PointsItem(
            person_id=person_id,
            on=timezone.localtime(starts_at).date(),
            quantity=Decimal(1),
            label=title,
            url=reverse("meetings:meeting", args=[meeting_id]),
            record=f"meetings.attendance:{pk}",
        )


register(
    PointsSource(
        key="meetings.attended",
        title=_("Party meetings attended"),
        unit=_("meetings"),
        items=meetings_attended,
    )
)
