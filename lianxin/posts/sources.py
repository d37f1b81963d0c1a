"""The points sources of the posts app: confirmed in-service services, priced by the hour, and
duties served at a post, priced by the shift."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from lianxin.posts.models import DutyServed, ServiceRecord, State
from lianxin.posts.points import PointsItem, PointsSource, register

SERVICE_KEY = "posts.service"
DUTY_KEY = "posts.duty"


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


def duties_served(person_ids: Collection[int] | None, first: dt.date, last: dt.date) -> Iterator[PointsItem]:
    rows = DutyServed.objects.filter(withdrawn_at__isnull=True, on__gte=first, on__lte=last)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    for pk, person_id, on, post_id, name in rows.order_by("on", "pk").values_list(
        "pk", "person_id", "on", "post_id", "post__name"
    ):
        yield PointsItem(
            person_id=person_id,
            on=on,
            quantity=Decimal(1),
            label=gettext("On duty: %(post)s") % {"post": name},
            url=reverse("posts:post", args=[post_id]),
            record=f"posts.dutyserved:{pk}",
        )


register(
    PointsSource(
        key=DUTY_KEY,
        title=_("Duty at a service post"),
        unit=pgettext_lazy("points unit", "shifts"),
        items=duties_served,
    )
)
