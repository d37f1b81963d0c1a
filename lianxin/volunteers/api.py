"""Volunteer service over JSON: staff run brands, teams, activities, hours, corrections and
certificates; a volunteer signs up, checks in by the QR code's code, and reads their own record."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from lianxin.core.api import Error
from lianxin.core.pagination import Pages
from lianxin.core.permissions import NotInScope
from lianxin.core.roles import Cap
from lianxin.core.scope import scope_q
from lianxin.orgs import selectors as org_selectors
from lianxin.people.models import Person
from lianxin.people.selectors import person_of
from lianxin.volunteers import checkin, records, selectors, services
from lianxin.volunteers.models import SignUp, Team
from lianxin.volunteers.schemas import (
    ActivityDetailOut,
    ActivityIn,
    ActivityOut,
    BrandOut,
    CertificateIn,
    CertificateOut,
    CodeIn,
    CodesOut,
    CorrectionIn,
    CorrectionOut,
    DecideIn,
    HoursIn,
    MemberOut,
    PersonCodeIn,
    RecordOut,
    ServedIn,
    SignUpOut,
    TeamDetailOut,
    TeamOut,
    VerifyOut,
)

router = Router(tags=["volunteers"])
MANAGE = Cap.VOLUNTEERS_MANAGE


def _me(request: HttpRequest) -> Person:
    person = person_of(user=request.user)
    if person is None:
        raise NotInScope
    return person


def _signup_for(request: HttpRequest, pk: int) -> SignUp:
    """A sign-up that is the user's own, or in an area they manage."""
    person = person_of(user=request.user)
    own = Q(person=person) if person is not None else Q(pk__in=[])
    rows = SignUp.objects.filter(own | scope_q(request.user, MANAGE, "activity__team__node__path"))
    return get_object_or_404(rows.select_related("activity__team__node", "person"), pk=pk)


# --- staff ---------------------------------------------------------------------------------------


@router.get("/brands", response=list[BrandOut], summary="Service brands in my areas")
@paginate(Pages)
def list_brands(request: HttpRequest) -> Any:
    return selectors.brand_list(actor=request.user)


@router.get("/teams", response=list[TeamOut], summary="Volunteer teams in my areas")
@paginate(Pages)
def list_teams(request: HttpRequest) -> Any:
    return selectors.team_list(actor=request.user)


@router.get("/teams/{team_id}", response={200: TeamDetailOut, 404: Error}, summary="A team and its members")
def get_team(request: HttpRequest, team_id: int) -> Any:
    team = selectors.team_get(actor=request.user, pk=team_id)
    team.members = list(selectors.members(team=team))  # type: ignore[attr-defined]
    return team


@router.get("/activities", response=list[ActivityOut], summary="Activities of the teams in my areas")
@paginate(Pages)
def list_activities(request: HttpRequest) -> Any:
    return selectors.activity_list(actor=request.user)


@router.post("/activities", response={201: ActivityOut, 400: Error, 404: Error}, summary="Plan an activity")
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    team = selectors.team_get(actor=request.user, pk=payload.team_id)
    data = services.ActivityInput(**payload.dict(exclude={"team_id"}))
    return Status(201, services.activity_create(actor=request.user, team=team, data=data))


def _activity_detail(request: HttpRequest, pk: int) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=pk)
    activity.signups_rows = selectors.signups(activity=activity)  # type: ignore[attr-defined]
    return activity


class _Detail(ActivityDetailOut):
    @staticmethod
    def resolve_signups(obj: Any) -> list[SignUp]:
        return list(obj.signups_rows)


@router.get(
    "/activities/{activity_id}",
    response={200: _Detail, 404: Error},
    summary="An activity, sign-ups and hours",
)
def get_activity(request: HttpRequest, activity_id: int) -> Any:
    return _activity_detail(request, activity_id)


@router.get(
    "/activities/{activity_id}/codes",
    response={200: CodesOut, 404: Error},
    summary="The check-in and check-out URLs the organiser's QR codes carry (valid five minutes)",
)
def get_codes(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id, capability=MANAGE)
    url = {
        d: request.build_absolute_uri(
            reverse("volunteers:app-check", args=[activity.pk, checkin.activity_code(activity, d)])
        )
        for d in (checkin.IN, checkin.OUT)
    }
    return {
        "check_in_url": url[checkin.IN],
        "check_out_url": url[checkin.OUT],
        "expires_in_seconds": int(checkin.CODE_LIFETIME.total_seconds()),
    }


@router.post(
    "/activities/{activity_id}/check-person",
    response={200: SignUpOut, 400: Error, 404: Error},
    summary="The organiser accepts a volunteer's personal code (check in or out)",
)
def check_person(request: HttpRequest, activity_id: int, payload: PersonCodeIn) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    return checkin.check_by_person_code(
        actor=request.user, activity=activity, code=payload.code, direction=payload.direction
    )


@router.post(
    "/signups/{signup_id}/hours",
    response={200: SignUpOut, 400: Error, 404: Error},
    summary="Confirm the hours from check-in and check-out, or set them with a reason",
)
def confirm_hours(request: HttpRequest, signup_id: int, payload: HoursIn) -> Any:
    signup = selectors.signup_get(actor=request.user, pk=signup_id, capability=Cap.VOLUNTEERS_VIEW)
    return checkin.hours_confirm(
        actor=request.user, signup=signup, hours=payload.hours, reason=payload.reason
    )


@router.post(
    "/activities/{activity_id}/served",
    response={200: ActivityOut, 400: Error, 404: Error},
    summary="Record the people served (known people included in the count) and mark the activity held",
)
def record_served(request: HttpRequest, activity_id: int, payload: ServedIn) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    people = list(Person.objects.filter(pk__in=payload.person_ids))
    if len(people) != len(set(payload.person_ids)):
        raise services.ValidationError({"person_ids": [_("Some of these people are not registered.")]})
    return checkin.served_record(actor=request.user, activity=activity, count=payload.count, people=people)


@router.get("/corrections", response=list[CorrectionOut], summary="Corrections waiting for a decision")
@paginate(Pages)
def list_corrections(request: HttpRequest) -> Any:
    return selectors.correction_list(actor=request.user)


@router.post(
    "/corrections/{correction_id}/decide",
    response={200: CorrectionOut, 400: Error, 404: Error},
    summary="Approve or refuse a correction (a refusal needs a note)",
)
def decide_correction(request: HttpRequest, correction_id: int, payload: DecideIn) -> Any:
    correction = selectors.correction_get(actor=request.user, pk=correction_id)
    return records.correction_decide(
        actor=request.user, correction=correction, approve=payload.approve, note=payload.note
    )


@router.get("/certificates", response=list[CertificateOut], summary="Certificates issued in my areas")
@paginate(Pages)
def list_certificates(request: HttpRequest) -> Any:
    return selectors.certificate_list(actor=request.user)


@router.post(
    "/certificates", response={201: CertificateOut, 400: Error, 404: Error}, summary="Issue a certificate"
)
def issue_certificate(request: HttpRequest, payload: CertificateIn) -> Any:
    person = selectors.volunteer_get(actor=request.user, pk=payload.person_id)
    issuer = org_selectors.node_get(actor=request.user, pk=payload.issuer_id, capability=MANAGE)
    return Status(
        201,
        records.certificate_issue(
            actor=request.user,
            person=person,
            issuer=issuer,
            period_from=payload.period_from,
            period_to=payload.period_to,
        ),
    )


# --- the volunteer -------------------------------------------------------------------------------


@router.get(
    "/my/activities", response={200: list[ActivityOut], 404: Error}, summary="Activities I may sign up for"
)
def my_activities(request: HttpRequest) -> Any:
    return list(selectors.open_activities(person=_me(request))[:100])


@router.get("/my/signups", response={200: list[SignUpOut], 404: Error}, summary="My sign-ups")
def my_signups(request: HttpRequest) -> Any:
    return list(selectors.my_signups(person=_me(request))[:100])


@router.get("/my/record", response={200: RecordOut, 404: Error}, summary="My volunteer record")
def my_record(request: HttpRequest) -> Any:
    rec = selectors.record(person=_me(request))
    return {
        "name": rec.person.name,
        "id_number": rec.person.id_number_masked,
        "phone": rec.person.phone_masked,
        "hours": rec.hours,
        "stars": rec.stars,
        "star_name": rec.star_name,
        "services": rec.services,
        "pending": rec.pending,
        "corrections": rec.corrections,
        "certificates": rec.certificates,
    }


@router.post(
    "/teams/{team_id}/join", response={201: MemberOut, 400: Error, 404: Error}, summary="Ask to join a team"
)
def join_team(request: HttpRequest, team_id: int) -> Any:
    team = get_object_or_404(Team.objects.select_related("brand__node", "node"), pk=team_id)
    return Status(201, services.membership_request(actor=request.user, team=team))


@router.post(
    "/activities/{activity_id}/signup",
    response={201: SignUpOut, 400: Error, 404: Error},
    summary="Sign up (a place, or the waitlist when the places are taken)",
)
def sign_up(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_for_volunteer(person=_me(request), pk=activity_id)
    return Status(201, services.signup_create(actor=request.user, activity=activity))


@router.post(
    "/signups/{signup_id}/cancel",
    response={200: SignUpOut, 400: Error, 404: Error},
    summary="Cancel a sign-up; the first on the waitlist moves up",
)
def cancel_signup(request: HttpRequest, signup_id: int) -> Any:
    return services.signup_cancel(actor=request.user, signup=_signup_for(request, signup_id))


@router.post(
    "/activities/{activity_id}/check",
    response={200: SignUpOut, 400: Error, 404: Error},
    summary="Check in or out with the code of the organiser's QR code",
)
def check(request: HttpRequest, activity_id: int, payload: CodeIn) -> Any:
    activity = selectors.activity_for_volunteer(person=_me(request), pk=activity_id)
    return checkin.check_by_scan(actor=request.user, activity=activity, code=payload.code)


@router.post(
    "/signups/{signup_id}/corrections",
    response={201: CorrectionOut, 400: Error, 404: Error},
    summary="Ask to correct a confirmed service (my own, or as staff)",
)
def request_correction(request: HttpRequest, signup_id: int, payload: CorrectionIn) -> Any:
    signup = _signup_for(request, signup_id)
    return Status(
        201,
        records.correction_request(
            actor=request.user,
            signup=signup,
            new_hours=payload.new_hours,
            new_content=payload.new_content,
            reason=payload.reason,
        ),
    )


@router.get(
    "/verify/{code}",
    response={200: VerifyOut, 404: Error},
    auth=None,
    summary="Verify a certificate (public)",
)
def verify(request: HttpRequest, code: str) -> Any:
    item = selectors.certificate_by_code(code=code)
    return {
        "number": item.number,
        "name": records.mask_name(item.person.name),
        "hours": item.hours,
        "issuer": item.issuer.name,
        "valid": item.is_valid,
    }
