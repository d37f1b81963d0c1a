"""QR check-in and check-out, and the hours they give.

The organiser's page shows a signed code naming the activity and the direction (in or out);
it expires after ``CODE_LIFETIME`` and the page shows a fresh one every minute. The QR carries
a URL of our site with the code; the volunteer's phone opens it and checks in. The other way
round, a volunteer shows a personal signed code and the organiser's page accepts it.

Hours count only between check-in and check-out and only within the activity's time (travel
excluded), rounded down to quarter hours; the organiser confirms them or adjusts them with a
reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.people.models import Person
from lianxin.volunteers.models import Activity, ActivityState, SignUp, SignUpState
from lianxin.volunteers.services import acting_person

CODE_LIFETIME = dt.timedelta(minutes=5)
CODE_REFRESH_SECONDS = 60
OPENS_BEFORE = dt.timedelta(hours=1)  # check-in opens an hour before the start
CLOSES_AFTER = dt.timedelta(hours=2)  # check-out closes two hours after the end
IN, OUT = "in", "out"
_ACTIVITY_SALT = "lianxin.volunteers.checkin"
_PERSON_SALT = "lianxin.volunteers.person"


def activity_code(activity: Activity, direction: str) -> str:
    return signing.TimestampSigner(salt=_ACTIVITY_SALT).sign_object({"a": activity.pk, "d": direction})


def person_code(person: Person) -> str:
    return signing.TimestampSigner(salt=_PERSON_SALT).sign_object({"p": person.pk})


def _unsign(code: str, salt: str) -> dict[str, Any]:
    try:
        value = signing.TimestampSigner(salt=salt).unsign_object(code.strip(), max_age=CODE_LIFETIME)
    except signing.SignatureExpired:
        raise ValidationError(
            {"code": [_("This code has expired. Scan the code shown now.")]}, code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError({"code": [_("This is not a check-in code of ours.")]}, code="invalid") from None
    if not isinstance(value, dict):
        raise ValidationError({"code": [_("This is not a check-in code of ours.")]}, code="invalid")
    return value


def read_activity_code(code: str, activity: Activity) -> str:
    """The direction the code names; refused when expired, forged or for another activity."""
    value = _unsign(code, _ACTIVITY_SALT)
    if value.get("a") != activity.pk or value.get("d") not in (IN, OUT):
        raise ValidationError({"code": [_("This code is for another activity.")]}, code="other_activity")
    return str(value["d"])


def read_person_code(code: str) -> int:
    value = _unsign(code, _PERSON_SALT)
    if not isinstance(value.get("p"), int):
        raise ValidationError({"code": [_("This is not a check-in code of ours.")]}, code="invalid")
    return int(value["p"])


def quarter_hours(activity: Activity, checked_in_at: dt.datetime, checked_out_at: dt.datetime) -> Decimal:
    """Hours between check-in and check-out within the activity's time, rounded down to 15 min."""
    start = max(checked_in_at, activity.starts_at)
    end = min(checked_out_at, activity.ends_at)
    if end <= start:
        return Decimal("0.00")
    quarters = int((end - start).total_seconds()) // (15 * 60)
    return (Decimal(quarters) / 4).quantize(Decimal("0.01"))


def computed_hours(signup: SignUp) -> Decimal | None:
    if signup.checked_in_at is None or signup.checked_out_at is None:
        return None
    return quarter_hours(signup.activity, signup.checked_in_at, signup.checked_out_at)


def _check(*, actor: Any, activity: Activity, person: Person, direction: str, at: dt.datetime) -> SignUp:
    if activity.state == ActivityState.CANCELLED:
        raise ValidationError({"__all__": [_("This activity was cancelled.")]})
    if direction == IN and not activity.starts_at - OPENS_BEFORE <= at <= activity.ends_at:
        raise ValidationError(
            {"__all__": [_("Check-in is open from an hour before the start until the end.")]}
        )
    if direction == OUT and at > activity.ends_at + CLOSES_AFTER:
        raise ValidationError({"__all__": [_("Check-out closed two hours after the end.")]})
    with transaction.atomic():
        signup = (
            SignUp.objects.select_for_update()
            .filter(activity=activity, person=person, state=SignUpState.CONFIRMED)
            .first()
        )
        if signup is None:
            raise ValidationError(
                {"__all__": [_("%(name)s has no place in this activity.") % {"name": person.name}]}
            )
        local = timezone.localtime
        if direction == IN:
            if signup.checked_in_at is not None:
                raise ValidationError(
                    {
                        "__all__": [
                            _("Already checked in at %(time)s.")
                            % {"time": f"{local(signup.checked_in_at):%H:%M}"}
                        ]
                    }
                )
            signup.checked_in_at = at
        else:
            if signup.checked_in_at is None:
                raise ValidationError(
                    {"__all__": [_("Check in first: there is no check-in to check out from.")]}
                )
            if signup.checked_out_at is not None:
                raise ValidationError(
                    {
                        "__all__": [
                            _("Already checked out at %(time)s.")
                            % {"time": f"{local(signup.checked_out_at):%H:%M}"}
                        ]
                    }
                )
            signup.checked_out_at = max(at, signup.checked_in_at)
        signup.save(update_fields=["checked_in_at", "checked_out_at", "updated_at"])
        audit_record(actor=actor, action=f"volunteers.check_{direction}", obj=signup)
    return signup


def check_by_scan(*, actor: Any, activity: Activity, code: str, at: dt.datetime | None = None) -> SignUp:
    """The volunteer's phone opened the URL of the organiser's QR code."""
    person = acting_person(actor, "volunteers.check")
    direction = read_activity_code(code, activity)
    return _check(actor=actor, activity=activity, person=person, direction=direction, at=at or timezone.now())


def check_by_person_code(
    *, actor: Any, activity: Activity, code: str, direction: str, at: dt.datetime | None = None
) -> SignUp:
    """The organiser's page accepts the personal code a volunteer shows."""
    require(actor, "volunteers.manage", activity, action="volunteers.check")
    person = Person.objects.filter(pk=read_person_code(code)).first()
    if person is None or direction not in (IN, OUT):
        raise ValidationError({"code": [_("This is not a check-in code of ours.")]})
    return _check(actor=actor, activity=activity, person=person, direction=direction, at=at or timezone.now())


# --- the organiser confirms hours and records the people served ------------------------------------


def hours_confirm(*, actor: Any, signup: SignUp, hours: Decimal | None = None, reason: str = "") -> SignUp:
    """Confirm the computed hours, or set others with a reason (at most the activity's span)."""
    require(actor, "volunteers.manage", signup, action="volunteers.hours.confirm")
    activity = signup.activity
    computed = computed_hours(signup)
    errors: dict[str, list[str]] = {}
    if signup.state != SignUpState.CONFIRMED or signup.checked_in_at is None:
        errors["__all__"] = [_("Only a volunteer who checked in can have hours confirmed.")]
    elif signup.hours is not None:
        errors["__all__"] = [_("These hours are already confirmed; a change goes through a correction.")]
    elif hours is None and computed is None:
        errors["hours"] = [_("There is no check-out: enter the hours and say why.")]
    elif hours is not None and not Decimal(0) <= hours <= activity.span_hours:
        errors["hours"] = [
            _("Between 0 and the activity's %(span)s hours.") % {"span": f"{activity.span_hours:g}"}
        ]
    elif hours is not None and hours != computed and not reason.strip():
        errors["reason"] = [_("Say why the hours differ from the check-in and check-out.")]
    if errors:
        raise ValidationError(errors)
    final = (hours if hours is not None else computed) or Decimal(0)
    final = (Decimal(int(final * 4)) / 4).quantize(Decimal("0.01"))
    with transaction.atomic():
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        if locked.hours is not None:
            raise ValidationError(
                {"__all__": [_("These hours are already confirmed; a change goes through a correction.")]}
            )
        locked.hours = locked.hours_final = final
        locked.adjust_reason = reason.strip() if final != computed else ""
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = actor
        locked.save()
        audit_record(
            actor=actor,
            action="volunteers.hours.confirm",
            obj=locked,
            detail={"hours": str(final), "computed": str(computed)},
        )
    return locked


def hours_confirm_all(*, actor: Any, activity: Activity) -> int:
    """Confirm the computed hours of everyone who checked in and out and is not yet confirmed."""
    require(actor, "volunteers.manage", activity, action="volunteers.hours.confirm")
    rows = activity.signups.filter(
        state=SignUpState.CONFIRMED, checked_out_at__isnull=False, hours__isnull=True
    ).select_related("activity__team__node")
    done = 0
    for signup in rows:
        hours_confirm(actor=actor, signup=signup)
        done += 1
    return done


def served_record(*, actor: Any, activity: Activity, count: int, people: Sequence[Person] = ()) -> Activity:
    """Record how many people the activity served (the known ones included) and mark it held."""
    require(actor, "volunteers.manage", activity, action="volunteers.activity.served")
    errors: dict[str, list[str]] = {}
    if activity.state == ActivityState.CANCELLED:
        errors["__all__"] = [_("This activity was cancelled.")]
    elif activity.starts_at > timezone.now():
        errors["__all__"] = [_("The activity has not started yet.")]
    if count < len(set(people)):
        errors["count"] = [
            _("The count includes the known people served: at least %(n)d.") % {"n": len(set(people))}
        ]
    if count > 100000:
        errors["count"] = [_("That is too many for one activity.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        locked.served_count = count
        locked.state = ActivityState.HELD
        locked.save(update_fields=["served_count", "state", "updated_at"])
        locked.served_people.set(people)
        audit_record(actor=actor, action="volunteers.activity.served", obj=locked, detail={"count": count})
    return locked
