"""The points sources of the posts app: confirmed in-service services, priced by the hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.posts.models import ServiceRecord, State
from lianxin.posts.points import PointsItem, PointsSource, register

SERVICE_KEY = "posts.service"


def confirmed_services(
    person_ids: Collection[int] | None, first: dt.date, last: dt.date
) -> Iterator[PointsItem]:
    rows = ServiceRecord.objects.filter(state=State.CONFIRMED, on__gte=first, on__lte=last)
    if person_ids is not None:
        rows = rows.filter(report__person_id__in=list(person_ids))
    for pk, person_id, on, hours, what in rows.order_by("on", "pk").values_list(
        "pk", "report__person_id", "on", "hours", "what"
    ):
        yield PointsItem(
            person_id=person_id,
            on=on,
            quantity=hours,
            label=what,
            url=reverse("posts:service", args=[pk]),
            record=f"posts.servicerecord:{pk}",
        )


register(
    PointsSource(
        key=SERVICE_KEY,
        title=_("In-service community service"),
        unit=_("hours"),
        items=confirmed_services,
    )
)
