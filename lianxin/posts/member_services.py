"""Writes of in-service party members (report, claim, log a service) and the community's
decisions on them. A member acts for themself through their log-in; each decision appends a
step, so the timeline of a report, claim or service is never rewritten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.casework.photos import check_photos
from lianxin.core.audit import audit_record
from lianxin.core.models import AuditOutcome
from lianxin.core.permissions import NotInScope, require
from lianxin.orgs.models import NodeKind, OrgNode
from lianxin.people.models import Person
from lianxin.posts.models import Claim, Need, Post, QuarterComment, Report, ServiceRecord, State, Step
from lianxin.posts.services import COMMUNITY_KINDS

M = TypeVar("M", bound=models.Model)
MAX_SERVICE_HOURS = Decimal(12)
MAX_DAYS_BACK = 90  # a service is logged within three months


def member_of(*, actor: Any, action: str) -> Person:
    """The party member behind the log-in, else 404 (and an audited denial)."""
    person = None
    if getattr(actor, "is_authenticated", False):
        person = Person.objects.select_related("node", "employer").filter(user=actor).first()
    if person is None or not person.is_party_member:
        audit_record(actor=actor, action=action, outcome=AuditOutcome.DENIED, detail={"perm": "party member"})
        raise NotInScope
    return person


def _step(actor: Any, state: str, reason: str = "", **record: Any) -> None:
    Step.objects.create(at=timezone.now(), state=state, by=actor, reason=reason, **record)


def _decision_errors(confirm: bool, reason: str) -> dict[str, list[str]]:
    if not confirm and not reason.strip():
        return {"reason": [_("Say why it is returned.")]}
    return {}


def _locked_pending(model: type[M], pk: int) -> M:
    locked = model._default_manager.select_for_update().get(pk=pk)
    if cast(Any, locked).state != State.PENDING:
        raise ValidationError({"reason": [_("This has already been decided.")]})
    return locked


# --- reporting to the community ----------------------------------------------------------------


def report_submit(*, actor: Any, community: OrgNode, employer: OrgNode | None = None) -> Report:
    """Report (报到) to the community where the member lives, with their employer unit."""
    person = member_of(actor=actor, action="posts.report.submit")
    employer = employer or person.employer
    errors: dict[str, list[str]] = {}
    if community.kind not in COMMUNITY_KINDS:
        errors["community"] = [_("Choose a community or village.")]
    elif not person.node.path.startswith(community.path):
        errors["community"] = [_("Report to the community where you live.")]
    if employer is None or employer.kind != NodeKind.UNIT:
        errors["employer"] = [_("Choose the unit you work for.")]
    if person.post_reports.exclude(state=State.RETURNED).exists():
        errors["community"] = [_("You have already reported to a community.")]
    if errors:
        raise ValidationError(errors)
    assert employer is not None
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if person.post_reports.exclude(state=State.RETURNED).exists():
            raise ValidationError({"community": [_("You have already reported to a community.")]})
        report = Report.objects.create(person=person, community=community, employer=employer)
        _step(actor, State.PENDING, report=report)
        audit_record(actor=actor, action="posts.report.submit", obj=report)
    return report


def _next_number(day: dt.date) -> str:
    prefix = f"BD{day:%Y}-"
    last = (
        Report.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    )
    serial = int(last[0].removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:06d}"


def report_decide(*, actor: Any, report: Report, confirm: bool, reason: str = "") -> Report:
    """Confirm the report (the receipt gets its number) or return it with a reason."""
    require(actor, "posts.manage", report, action="posts.report.decide")
    errors = _decision_errors(confirm, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_pending(Report, report.pk)
        locked.decided_at = timezone.now()
        if confirm:
            locked.state = State.CONFIRMED
            locked.number = _next_number(timezone.localdate())
        else:
            locked.state, locked.reason = State.RETURNED, reason.strip()[:200]
        locked.save(update_fields=["state", "number", "reason", "decided_at", "updated_at"])
        _step(actor, locked.state, locked.reason, report=locked)
        audit_record(actor=actor, action="posts.report.decide", obj=locked, detail={"state": locked.state})
    return locked


def comment_set(*, actor: Any, report: Report, year: int, quarter: int, text: str) -> QuarterComment:
    """The community's comment on the member's quarter (shown on the employer's feedback sheet)."""
    require(actor, "posts.manage", report, action="posts.comment.set")
    errors: dict[str, list[str]] = {}
    if report.state != State.CONFIRMED:
        errors["text"] = [_("Only a confirmed report gets a comment.")]
    if not text.strip() or len(text) > 300:
        errors["text"] = [_("Write a comment of at most 300 characters.")]
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        errors["quarter"] = [_("Choose a quarter.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        comment, _created = QuarterComment.objects.select_for_update().update_or_create(
            report=report, year=year, quarter=quarter, defaults={"text": text.strip()}
        )
        audit_record(
            actor=actor, action="posts.comment.set", obj=report, detail={"quarter": f"{year}-Q{quarter}"}
        )
    return comment


def _confirmed_report(person: Person) -> Report:
    report = person.post_reports.filter(state=State.CONFIRMED).select_related("community").first()
    if report is None:
        raise ValidationError({"__all__": [_("Report to your community first; it must be confirmed.")]})
    return report


# --- claims --------------------------------------------------------------------------------------


def claim_submit(*, actor: Any, post: Post | None = None, need: Need | None = None) -> Claim:
    """Take on (认领) a post or a need of the community the member reported to."""
    person = member_of(actor=actor, action="posts.claim.submit")
    report = _confirmed_report(person)
    errors: dict[str, list[str]] = {}
    target = post or need
    if (post is None) == (need is None) or target is None:
        raise ValidationError({"__all__": [_("Choose a post or a need.")]})
    if target.community_id != report.community_id:
        errors["__all__"] = [_("Choose a post or need of your community.")]
    elif post is not None and not post.is_active:
        errors["__all__"] = [_("This post is closed.")]
    elif need is not None and not need.is_open:
        errors["__all__"] = [_("This need is closed.")]
    elif report.claims.exclude(state=State.RETURNED).filter(post=post, need=need).exists():
        errors["__all__"] = [_("You have already claimed it.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if need is not None:
            locked = Need.objects.select_for_update().get(pk=need.pk)
            taken = locked.claims.exclude(state=State.RETURNED).count()
            if taken >= locked.wanted:
                raise ValidationError({"__all__": [_("Enough people have claimed this need.")]})
        claim = Claim.objects.create(report=report, post=post, need=need)
        _step(actor, State.PENDING, claim=claim)
        audit_record(actor=actor, action="posts.claim.submit", obj=claim)
    return claim


def _decide(*, actor: Any, record: Any, confirm: bool, reason: str, kind: str) -> Any:
    """Confirm a pending claim or service, or return it with a reason; a step of its timeline."""
    require(actor, "posts.manage", record, action=f"posts.{kind}.decide")
    errors = _decision_errors(confirm, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_pending(type(record), record.pk)
        locked.state = State.CONFIRMED if confirm else State.RETURNED
        locked.reason = "" if confirm else reason.strip()[:200]
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "reason", "decided_at", "updated_at"])
        _step(actor, locked.state, locked.reason, **{kind: locked})
        audit_record(actor=actor, action=f"posts.{kind}.decide", obj=locked, detail={"state": locked.state})
    return locked


def claim_decide(*, actor: Any, claim: Claim, confirm: bool, reason: str = "") -> Claim:
    return _decide(actor=actor, record=claim, confirm=confirm, reason=reason, kind="claim")


# --- services ------------------------------------------------------------------------------------


@dataclass
class ServiceInput:
    on: dt.date
    hours: Decimal
    what: str
    people_served: int = 0
    claim: Claim | None = None
    photos: Sequence[Any] = field(default_factory=list)


def service_log(*, actor: Any, data: ServiceInput) -> ServiceRecord:
    """Log a service done in the community; the community confirms or returns it."""
    person = member_of(actor=actor, action="posts.service.log")
    report = _confirmed_report(person)
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if data.on > today:
        errors["on"] = [_("Log a service once it has been done.")]
    elif data.on < today - dt.timedelta(days=MAX_DAYS_BACK):
        errors["on"] = [_("Log a service within three months.")]
    if not Decimal("0.5") <= data.hours <= MAX_SERVICE_HOURS:
        errors["hours"] = [_("Enter between 0.5 and 12 hours.")]
    if not data.what.strip():
        errors["what"] = [_("Say what you did.")]
    if not 0 <= data.people_served <= 10000:
        errors["people_served"] = [_("Enter how many people were served.")]
    if data.claim is not None and (data.claim.report_id != report.pk or data.claim.state != State.CONFIRMED):
        errors["claim"] = [_("Choose one of your confirmed claims.")]
    photos: list[tuple[Any, str, int]] = []
    if len(data.photos) > 1:
        errors["photo"] = [_("Send one photo.")]
    else:
        try:
            photos = check_photos(list(data.photos))
        except ValidationError as exc:
            errors["photo"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        service = ServiceRecord(
            report=report,
            claim=data.claim,
            on=data.on,
            hours=data.hours,
            what=data.what.strip()[:200],
            people_served=data.people_served,
        )
        if photos:
            upload, content_type, _size = photos[0]
            service.photo.save(upload.name, upload, save=False)
            service.photo_type = content_type
        service.save()
        _step(actor, State.PENDING, service=service)
        audit_record(actor=actor, action="posts.service.log", obj=service)
    return service


def service_decide(*, actor: Any, service: ServiceRecord, confirm: bool, reason: str = "") -> ServiceRecord:
    return _decide(actor=actor, record=service, confirm=confirm, reason=reason, kind="service")
