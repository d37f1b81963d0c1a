"""Roles and what each may do. A role is granted on an org node and covers its subtree.

Capabilities are the one permission vocabulary: rules predicates, selectors and templates
ask "may this user do <capability> on this node?". Later apps add their capabilities here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_LEADER = "district_leader", _("District leader")
    SUBDISTRICT_LEADER = "subdistrict_leader", _("Subdistrict leader")
    SUBDISTRICT_STAFF = "subdistrict_staff", _("Subdistrict staff")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    GRID_WORKER = "grid_worker", _("Grid worker")
    PARTY_REP = "party_rep", _("Party representative")
    PARTY_MEMBER = "party_member", _("Party member")
    VOLUNTEER = "volunteer", _("Volunteer")
    RESIDENT = "resident", _("Resident")
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    INSPECTOR = "inspector", _("Inspector")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


class Cap:
    """Capability names."""

    WORKBENCH = "workbench"  # may open the staff workbench
    ORGS_VIEW = "orgs.view"
    ORGS_MANAGE = "orgs.manage"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    PEOPLE_REVEAL = "people.reveal"  # see full phone and ID numbers (each reveal is audited)
    PEOPLE_IMPORT = "people.import"
    PEOPLE_EXPORT = "people.export"
    AUDIT_VIEW = "audit.view"
    # 三员分立: accounts (system administrator), security (security administrator) and the audit
    # log (auditor) are three separate roles; no role holds two of these three capabilities.
    ACCOUNTS_MANAGE = "accounts.manage"  # user accounts and role grants (no business data)
    SECURITY_MANAGE = "security.manage"  # lock-outs, unlocks, second-factor resets, security settings
    CASES_VIEW = "cases.view"  # see the residents' requests of an area
    CASES_INTAKE = "cases.intake"  # take requests by phone, at the counter, in the studio, on patrol
    CASES_DISPATCH = "cases.dispatch"  # accept, dispatch, verify and close
    CASES_HANDLE = "cases.handle"  # handle requests dispatched to this unit
    CASES_SUPERVISE = "cases.supervise"  # put overdue requests under supervision (督办)
    CAMPAIGNS_VIEW = "campaigns.view"  # a campaign in full: board, every command post, scores, flags
    CAMPAIGNS_MANAGE = "campaigns.manage"  # set campaigns up, break down tasks, meetings, award flags
    CAMPAIGNS_INSPECT = "campaigns.inspect"  # monthly scores (月测评), inspection findings (督察)
    CAMPAIGNS_WORK = "campaigns.work"  # work in the command posts one is a member of
    FIGURES_VIEW = "figures.view"  # the dashboard and briefings of an area (each figure also needs its own)
    BRIEFINGS_WRITE = "briefings.write"  # write, edit and issue the work briefings of an area
    LIAISON_VIEW = "liaison.view"  # party rep studios of an area: schedules, links, what people raised
    LIAISON_MANAGE = "liaison.manage"  # set up studios, representatives, their links and sessions
    LIAISON_SERVE = "liaison.serve"  # a representative's own duty: sessions, contacts, concerns → requests
    MEETINGS_VIEW = "meetings.view"  # meetings of an area: attendance, minutes, decisions, duty reports
    MEETINGS_MANAGE = "meetings.manage"  # hold meetings: agenda, attendance, minutes, decisions, actions
    MEETINGS_FOLLOW_UP = "meetings.follow_up"  # report on follow-up actions owned by a node of the area
    POSTS_VIEW = "posts.view"  # responsibility lists, posts, rosters, in-service members of an area
    POSTS_MANAGE = "posts.manage"  # keep lists, posts and rosters; confirm reports, claims and services
    POSTS_EMPLOYER = "posts.employer"  # an employer unit's party organisation: its own members' receipts
    VOLUNTEERS_VIEW = "volunteers.view"  # brands, teams, volunteers, activities and hours of an area
    VOLUNTEERS_MANAGE = "volunteers.manage"  # run teams and activities, confirm hours, records, certificates
    SOCIALWORK_VIEW = "socialwork.view"  # purchased social-work contracts of an area and their progress
    SOCIALWORK_MANAGE = "socialwork.manage"  # sign contracts, set deliverables and targets
    SOCIALWORK_SERVE = "socialwork.serve"  # a contracted organisation's social workers log their services
    NOTICES_MANAGE = "notices.manage"  # publish notices to an area and see who has read them
    EVENTS_VIEW = "events.view"  # events and trainings of an area: sign-ups, attendance
    EVENTS_MANAGE = "events.manage"  # run events and trainings: sign-ups, check-in, summaries
    EVENTS_UNIT_SIGNUP = "events.unit_signup"  # sign a unit's staff up for events
    LEARNING_VIEW = "learning.view"  # courses of an area, learners' progress, study hours by branch
    LEARNING_MANAGE = "learning.manage"  # write courses, lessons and quizzes


_LEADER = {Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.PEOPLE_VIEW, Cap.PEOPLE_EXPORT, Cap.FIGURES_VIEW}
_STAFF = {
    Cap.WORKBENCH,
    Cap.ORGS_VIEW,
    Cap.ORGS_MANAGE,
    Cap.PEOPLE_VIEW,
    Cap.PEOPLE_MANAGE,
    Cap.PEOPLE_REVEAL,
    Cap.PEOPLE_IMPORT,
    Cap.PEOPLE_EXPORT,
    Cap.FIGURES_VIEW,
    Cap.BRIEFINGS_WRITE,
}
_FRONTLINE = {
    Cap.WORKBENCH,
    Cap.ORGS_VIEW,
    Cap.PEOPLE_VIEW,
    Cap.PEOPLE_MANAGE,
    Cap.PEOPLE_REVEAL,
    Cap.PEOPLE_IMPORT,
    Cap.PEOPLE_EXPORT,
}

_CASE_LEAD = {Cap.CASES_VIEW, Cap.CASES_SUPERVISE}
_CASE_DISPATCH = {Cap.CASES_VIEW, Cap.CASES_INTAKE, Cap.CASES_DISPATCH}
_CASE_HANDLE = {Cap.CASES_HANDLE}
_PARTY_LEAD = {Cap.LIAISON_VIEW, Cap.MEETINGS_VIEW}
_PARTY_STAFF = _PARTY_LEAD | {Cap.LIAISON_MANAGE, Cap.MEETINGS_MANAGE, Cap.MEETINGS_FOLLOW_UP}

_SERVICE_LEAD = {Cap.POSTS_VIEW, Cap.VOLUNTEERS_VIEW, Cap.SOCIALWORK_VIEW, Cap.EVENTS_VIEW, Cap.LEARNING_VIEW}
_SERVICE_STAFF = _SERVICE_LEAD | {
    Cap.POSTS_MANAGE,
    Cap.VOLUNTEERS_MANAGE,
    Cap.NOTICES_MANAGE,
    Cap.EVENTS_MANAGE,
    Cap.LEARNING_MANAGE,
}

_CAMPAIGN_LEAD = {Cap.CAMPAIGNS_VIEW}
_CAMPAIGN_STAFF = {Cap.CAMPAIGNS_VIEW, Cap.CAMPAIGNS_MANAGE}
_CAMPAIGN_INSPECT = {Cap.CAMPAIGNS_VIEW, Cap.CAMPAIGNS_INSPECT}
_CAMPAIGN_WORK = {Cap.CAMPAIGNS_WORK}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.DISTRICT_LEADER: frozenset(_LEADER | _CASE_LEAD | _CAMPAIGN_LEAD | _PARTY_LEAD | _SERVICE_LEAD),
    Role.SUBDISTRICT_LEADER: frozenset(_LEADER | _CASE_LEAD | _CAMPAIGN_LEAD | _PARTY_LEAD | _SERVICE_LEAD),
    Role.SUBDISTRICT_STAFF: frozenset(
        _STAFF | _CASE_DISPATCH | _CAMPAIGN_STAFF | _PARTY_STAFF | _SERVICE_STAFF | {Cap.SOCIALWORK_MANAGE}
    ),
    Role.COMMUNITY_WORKER: frozenset(
        _FRONTLINE
        | _CASE_DISPATCH
        | _CASE_HANDLE
        | {Cap.FIGURES_VIEW, Cap.BRIEFINGS_WRITE}
        | _CAMPAIGN_WORK
        | _PARTY_STAFF
        | _SERVICE_STAFF
    ),
    Role.GRID_WORKER: frozenset(
        _FRONTLINE - {Cap.PEOPLE_IMPORT}
        | {Cap.CASES_VIEW, Cap.CASES_INTAKE}
        | _CASE_HANDLE
        | _CAMPAIGN_WORK
        | {Cap.MEETINGS_FOLLOW_UP}
    ),
    Role.PARTY_REP: frozenset({Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.CASES_INTAKE, Cap.LIAISON_SERVE}),
    Role.PARTY_MEMBER: frozenset({Cap.ORGS_VIEW}),
    Role.VOLUNTEER: frozenset({Cap.ORGS_VIEW}),
    Role.RESIDENT: frozenset(),
    Role.UNIT_LIAISON: frozenset(
        {Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.PEOPLE_VIEW}
        | _CASE_HANDLE
        | _CAMPAIGN_WORK
        | {Cap.MEETINGS_FOLLOW_UP, Cap.POSTS_EMPLOYER, Cap.EVENTS_UNIT_SIGNUP}
    ),
    Role.SOCIAL_WORKER: frozenset(
        {Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.PEOPLE_VIEW}
        | _CASE_HANDLE
        | {Cap.MEETINGS_FOLLOW_UP, Cap.SOCIALWORK_VIEW, Cap.SOCIALWORK_SERVE}
    ),
    Role.INSPECTOR: frozenset(
        {Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.CASES_INTAKE} | _CASE_LEAD | _CAMPAIGN_INSPECT
    ),
    Role.AUDITOR: frozenset({Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.AUDIT_VIEW}),
    Role.SYSTEM_ADMIN: frozenset({Cap.WORKBENCH, Cap.ORGS_VIEW, Cap.ACCOUNTS_MANAGE}),
    Role.SECURITY_ADMIN: frozenset({Cap.WORKBENCH, Cap.SECURITY_MANAGE}),
}


# The three separated administrator duties (三员分立): a role holds at most one of them.
SEPARATED_DUTIES = (Cap.ACCOUNTS_MANAGE, Cap.SECURITY_MANAGE, Cap.AUDIT_VIEW)
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})


def roles_with(capability: str) -> set[str]:
    return {role for role, caps in CAPABILITIES.items() if capability in caps}
