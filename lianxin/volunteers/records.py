"""The volunteer's record (志愿服务记录): entries, corrections and certificates, and star levels.

A service is never silently edited: a correction keeps the value before and the value asked for;
an approved one sets what counts (``SignUp.hours_final``/``content_final``) and the record shows
both with the decision.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianxin.core import scope
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require
from lianxin.core.roles import Cap
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person
from lianxin.volunteers.models import (
    Certificate,
    Correction,
    CorrectionState,
    EntryKind,
    RecordEntry,
    SignUp,
)

# Star levels (星级) by confirmed hours: 一星 100 … 五星 1500.
STAR_HOURS = (100, 300, 600, 1000, 1500)
STAR_NAMES = (
    gettext_lazy("One star"),
    gettext_lazy("Two stars"),
    gettext_lazy("Three stars"),
    gettext_lazy("Four stars"),
    gettext_lazy("Five stars"),
)


def star_level(hours: Decimal) -> int:
    """0 (none) to 5."""
    return sum(1 for threshold in STAR_HOURS if hours >= threshold)


def star_name(level: int) -> str:
    return str(STAR_NAMES[level - 1]) if level else _("No star yet")


def confirmed_hours(person: Person) -> Decimal:
    total = SignUp.objects.filter(person=person, hours_final__isnull=False).aggregate(t=Sum("hours_final"))[
        "t"
    ]
    return total or Decimal("0.00")


def mask_name(name: str) -> str:
    """The family name kept, the given name masked: 张三丰 → 张**."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# --- entries -------------------------------------------------------------------------------------


def entry_add(
    *, actor: Any, person: Person, node: OrgNode, kind: str, title: str, on: dt.date
) -> RecordEntry:
    """Add a training, award or evaluation to a volunteer's record."""
    require(actor, "volunteers.manage", node, action="volunteers.entry.add")
    errors: dict[str, list[str]] = {}
    if kind not in EntryKind.values:
        errors["kind"] = [_("Choose a kind.")]
    if not title.strip():
        errors["title"] = [_("Say what it was.")]
    if on > timezone.localdate():
        errors["on"] = [_("The date cannot be in the future.")]
    if not scope.in_scope(actor, Cap.VOLUNTEERS_MANAGE, person.node.path):
        errors["person"] = [_("Choose someone registered in your area.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = RecordEntry.objects.create(
            person=person, node=node, kind=kind, title=title.strip(), on=on, recorded_by=actor
        )
        audit_record(actor=actor, action="volunteers.entry.add", obj=entry)
    return entry


# --- corrections ---------------------------------------------------------------------------------


def correction_request(
    *, actor: Any, signup: SignUp, new_hours: Decimal | None = None, new_content: str = "", reason: str
) -> Correction:
    """The volunteer (or staff) asks to correct a confirmed service."""
    require(actor, "volunteers.own", signup, action="volunteers.correction.request")
    errors: dict[str, list[str]] = {}
    if signup.hours_final is None:
        errors["__all__"] = [_("Only a confirmed service can be corrected.")]
    elif new_hours is None and not new_content.strip():
        errors["__all__"] = [_("Give the correct hours or the correct content.")]
    elif new_hours is not None and not Decimal(0) <= new_hours <= signup.activity.span_hours:
        errors["new_hours"] = [
            _("Between 0 and the activity's %(span)s hours.") % {"span": f"{signup.activity.span_hours:g}"}
        ]
    elif new_hours is not None and new_hours == signup.hours_final and not new_content.strip():
        errors["new_hours"] = [_("These are already the hours on the record.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the record is wrong.")]
    if signup.corrections.filter(state=CorrectionState.PENDING).exists():
        errors["__all__"] = [_("A correction of this service is already waiting for a decision.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        SignUp.objects.select_for_update().get(pk=signup.pk)
        correction = Correction.objects.create(
            signup=signup,
            old_hours=signup.hours_final,
            new_hours=(Decimal(int(new_hours * 4)) / 4) if new_hours is not None else None,
            old_content=signup.content,
            new_content=new_content.strip(),
            reason=reason.strip(),
            requested_by=actor,
        )
        audit_record(actor=actor, action="volunteers.correction.request", obj=correction)
    return correction


def correction_decide(*, actor: Any, correction: Correction, approve: bool, note: str = "") -> Correction:
    """Approve (the corrected value counts from now) or refuse (a note says why)."""
    require(actor, "volunteers.manage", correction, action="volunteers.correction.decide")
    if correction.state != CorrectionState.PENDING:
        raise ValidationError({"__all__": [_("This correction has already been decided.")]})
    if not approve and not note.strip():
        raise ValidationError({"note": [_("Say why the correction is refused.")]})
    with transaction.atomic():
        locked = Correction.objects.select_for_update().get(pk=correction.pk)
        if locked.state != CorrectionState.PENDING:
            raise ValidationError({"__all__": [_("This correction has already been decided.")]})
        locked.state = CorrectionState.APPROVED if approve else CorrectionState.REFUSED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save()
        if approve:
            signup = SignUp.objects.select_for_update().get(pk=locked.signup_id)
            if locked.new_hours is not None:
                signup.hours_final = locked.new_hours
            if locked.new_content:
                signup.content_final = locked.new_content
            signup.save(update_fields=["hours_final", "content_final", "updated_at"])
        audit_record(
            actor=actor, action="volunteers.correction.decide", obj=locked, detail={"approve": approve}
        )
    return locked


# --- certificates --------------------------------------------------------------------------------


def _number(issuer: OrgNode, on: dt.date) -> str:
    return f"ZY{on:%Y}{issuer.pk:04d}{secrets.randbelow(10**6):06d}"


def certificate_issue(
    *, actor: Any, person: Person, issuer: OrgNode, period_from: dt.date, period_to: dt.date
) -> Certificate:
    """Certify the confirmed services of a period (the issuer is an area the actor manages)."""
    require(actor, "volunteers.manage", issuer, action="volunteers.certificate.issue")
    errors: dict[str, list[str]] = {}
    if period_to < period_from:
        errors["period_to"] = [_("The end cannot come before the start.")]
    if not scope.in_scope(actor, Cap.VOLUNTEERS_MANAGE, person.node.path):
        errors["person"] = [_("Choose someone registered in your area.")]
    services = SignUp.objects.filter(
        person=person,
        hours_final__isnull=False,
        activity__starts_at__date__gte=period_from,
        activity__starts_at__date__lte=period_to,
    ).select_related("activity")
    if not errors and not services.exists():
        errors["__all__"] = [_("No confirmed service in this period.")]
    if errors:
        raise ValidationError(errors)
    rows = list(services)
    hours = sum((s.hours_final or Decimal(0) for s in rows), Decimal("0.00"))
    titles = sorted({s.activity.title for s in rows})
    content = "、".join(titles[:12]) + ("……" if len(titles) > 12 else "")
    with transaction.atomic():
        number = _number(issuer, timezone.localdate())
        while Certificate.objects.filter(number=number).exists():
            number = _number(issuer, timezone.localdate())
        certificate = Certificate.objects.create(
            number=number,
            code=secrets.token_urlsafe(16),
            person=person,
            issuer=issuer,
            period_from=period_from,
            period_to=period_to,
            hours=hours,
            services=len(rows),
            content=content,
            issued_by=actor,
        )
        audit_record(actor=actor, action="volunteers.certificate.issue", obj=certificate)
    return certificate


def certificate_revoke(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    require(actor, "volunteers.manage", certificate, action="volunteers.certificate.revoke")
    if certificate.revoked_at is not None:
        raise ValidationError({"__all__": [_("This certificate is already revoked.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the certificate is revoked.")]})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason.strip()
        locked.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
        audit_record(actor=actor, action="volunteers.certificate.revoke", obj=locked)
    return locked
