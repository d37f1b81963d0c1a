"""What each answer holds, as plain data for ``formats``: element names are the spec's.

Nothing personal leaves through here: no reporter, no phone, no e-mail, no callback number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.models import Case, CaseType, Category, Priority
from lianxin.casework.workflow import State
from lianxin.open311.formats import w3c
from lianxin.open311.models import Submission
from lianxin.open311.photos import photo_token

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


def _changeset() -> str:
    """When the services last changed (sortable), from the categories they are made of."""
    latest = Category.objects.aggregate(latest=Max("updated_at"))["latest"]
    return timezone.localtime(latest).strftime("%Y-%m-%d %H:%M") if latest else ""


def discovery(*, base_url: str) -> dict[str, Any]:
    changeset = _changeset()
    return {
        "changeset": changeset,
        "contact": _(
            "Lianxin grassroots service platform. Requests marked confidential are never published "
            "through this interface, and no personal data (names, phone numbers, e-mail addresses) "
            "is ever returned."
        ),
        "key_service": _(
            "Ask the office that manages your area for an API key: staff who manage the "
            "organisation tree create keys on the workbench. Listing services needs no key; "
            "reading and submitting requests does."
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url,
                "changeset": changeset,
                "type": "test" if settings.DEBUG else "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def _keywords(category: Category) -> str:
    return ", ".join(category.keywords.replace(",", " ").replace("，", " ").split())


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": str(category),
        "metadata": True,
        "type": "realtime",
        "keywords": _keywords(category),
        "group": category.parent.name if category.parent else "",
    }


def _choices(choices: list[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"key": key, "name": str(name)} for key, name in choices]


def definition(category: Category) -> dict[str, Any]:
    """Every service asks for the type of request, and may be given a priority."""
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "case_type",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": None,
                "order": 1,
                "description": _("Type of request"),
                "values": _choices(CaseType.choices),
            },
            {
                "variable": True,
                "code": "priority",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 2,
                "description": _("Priority (normal when not given)"),
                "values": _choices(Priority.choices),
            },
        ],
    }


def is_closed(case: Case) -> bool:
    return case.state in (State.DECLINED, State.CLOSED) or case.merged_into_id is not None


def status_notes(case: Case) -> str:
    """The internal state, and the reply or the reason it was not taken up, if there is one."""
    label = str(case.get_state_display())
    closing = getattr(case, "closing_events", None)
    if closing is None:
        closing = list(case.events.filter(action__in=("decline", "merge")).order_by("-at", "-id"))
    reason = closing[0].note if closing else ""
    if case.merged_into_id is not None and case.merged_into is not None:
        merged = _("Merged into the earlier request %(number)s.") % {"number": case.merged_into.number}
        reason = f"{merged} {reason}".strip()
    elif case.state in (State.REPLIED, State.CLOSED) and case.reply:
        reason = case.reply
    elif case.state != State.DECLINED:
        reason = ""
    return f"{label}: {reason}" if reason else label


def expected(case: Case) -> dt.datetime | None:
    if case.due_at is not None:
        return case.due_at
    return case.accept_due if case.state == State.SUBMITTED else None


def service_notice(case: Case) -> str:
    if case.state == State.SUBMITTED:
        return _("Received. It will be accepted or declined by %(time)s.") % {"time": w3c(case.accept_due)}
    return str(case.get_state_display())


def _submission(case: Case) -> Submission | None:
    try:
        return case.open311_submission  # type: ignore[attr-defined, no-any-return]
    except ObjectDoesNotExist:
        return None


def media_url(case: Case, absolute: Callable[[str], str]) -> str | None:
    """A signed link to the first photo, else the link the client sent, else nothing."""
    photos = list(case.photos.all())
    if photos:
        token = photo_token(case_id=case.pk, photo_id=photos[0].pk)
        return absolute(reverse("open311:photo", args=[token]))
    submission = _submission(case)
    return submission.media_url if submission is not None and submission.media_url else None


def _coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def request(case: Case, absolute: Callable[[str], str]) -> dict[str, Any]:
    return {
        "service_request_id": case.number,
        "status": "closed" if is_closed(case) else "open",
        "status_notes": status_notes(case),
        "service_name": case.category.name,
        "service_code": case.category.code,
        "description": case.text,
        "agency_responsible": case.unit.name if case.unit_id and case.unit else None,
        "service_notice": None,
        "requested_datetime": w3c(case.submitted_at),
        "updated_datetime": w3c(case.updated_at),
        "expected_datetime": w3c(expected(case)),
        "address": case.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": _coordinate(case.latitude),
        "long": _coordinate(case.longitude),
        "media_url": media_url(case, absolute),
    }


def created(submission: Submission) -> dict[str, Any]:
    return {
        "service_request_id": submission.case.number,
        "token": submission.token,
        "service_notice": service_notice(submission.case),
    }


def token(submission: Submission) -> dict[str, Any]:
    return {"service_request_id": submission.case.number, "token": submission.token}
