"""Points for volunteer service: the confirmed (or corrected) hours of each attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.posts.points import PointsItem, PointsSource, register
from lianxin.reports.periods import day_start
from lianxin.volunteers.models import SignUp


def service_hours(person_ids: Collection[int] | None, first: dt.date, last: dt.date) -> Iterator[PointsItem]:
    rows = SignUp.objects.filter(
        hours_final__isnull=False,
        activity__starts_at__gte=day_start(first),
        activity__starts_at__lt=day_start(last + dt.timedelta(days=1)),
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    for pk, person_id, activity_id, starts_at, title, hours in rows.order_by(
        "activity__starts_at", "pk"
    ).values_list("pk", "person_id", "activity_id", "activity__starts_at", "activity__title", "hours_final"):
        yield PointsItem(
            person_id=person_id,
            on=timezone.localtime(starts_at).date(),
            quantity=hours or Decimal(0),
            label=title,
            url=reverse("volunteers:activity", args=[activity_id]),
            record=f"volunteers.signup:{pk}",
        )


register(
    PointsSource(
        key="volunteers.service_hour",
        title=_("Volunteer service hours"),
        unit=_("hours"),
        items=service_hours,
    )
)
