"""Navigation of the two shells. Each app adds its own entries; a capability hides an entry
from users who hold it nowhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lianxin.core import scope
from lianxin.core.roles import Cap


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    icon: str  # a bootstrap-icons name
    capability: str | tuple[str, ...] | None = None  # any one of them
    section: str | Promise = ""

    def visible_to(self, user: Any) -> bool:
        if self.capability is None:
            return True
        wanted = (self.capability,) if isinstance(self.capability, str) else self.capability
        return any(scope.has_capability(user, cap) for cap in wanted)


RESIDENT_TABS: list[NavItem] = [
    NavItem("app-home", _("Home"), "house"),
    NavItem("app-cases", _("My requests"), "chat-square-text"),
    NavItem("liaison:app-sessions", _("Party reps"), "person-badge"),
    NavItem("app-me", _("Me"), "person-circle"),
]

WORKBENCH_ITEMS: list[NavItem] = [
    NavItem("workbench", _("Overview"), "speedometer2", Cap.WORKBENCH, _("Workbench")),
    NavItem("reports:dashboard", _("Dashboard"), "bar-chart-line", Cap.FIGURES_VIEW, _("Workbench")),
    NavItem(
        "cases",
        _("Residents' requests"),
        "chat-square-text",
        (Cap.CASES_VIEW, Cap.CASES_DISPATCH, Cap.CASES_HANDLE),
        _("Service"),
    ),
    NavItem("case-intake", _("Take in a request"), "telephone-inbound", Cap.CASES_INTAKE, _("Service")),
    NavItem("open311-clients:list", _("Open311 keys"), "key", Cap.ORGS_MANAGE, _("Service")),
    NavItem(
        "case-supervision",
        _("Supervision"),
        "alarm",
        (Cap.CASES_SUPERVISE, Cap.CASES_DISPATCH),
        _("Service"),
    ),
    NavItem("liaison:studios", _("Rep studios"), "person-badge", Cap.LIAISON_VIEW, _("Party building")),
    NavItem(
        "liaison:rep-home", _("My duty as a representative"), "phone", Cap.LIAISON_SERVE, _("Party building")
    ),
    NavItem("meetings:list", _("Meetings"), "people-fill", Cap.MEETINGS_VIEW, _("Party building")),
    NavItem(
        "meetings:schedule", _("Monthly review schedule"), "calendar3", Cap.MEETINGS_VIEW, _("Party building")
    ),
    NavItem(
        "meetings:actions",
        _("Follow-up actions"),
        "list-check",
        (Cap.MEETINGS_VIEW, Cap.MEETINGS_FOLLOW_UP),
        _("Party building"),
    ),
    NavItem("meetings:app-duty", _("Duty reports"), "award", Cap.WORKBENCH, _("Party building")),
    NavItem(
        "campaigns:list", _("Campaigns"), "flag", (Cap.CAMPAIGNS_VIEW, Cap.CAMPAIGNS_WORK), _("Campaigns")
    ),
    NavItem(
        "campaigns:mine",
        _("My campaign tasks"),
        "list-check",
        (Cap.CAMPAIGNS_WORK, Cap.CAMPAIGNS_MANAGE),
        _("Campaigns"),
    ),
    NavItem("campaigns:inspect", _("Inspect and score"), "phone", Cap.CAMPAIGNS_INSPECT, _("Campaigns")),
    NavItem("posts:posts", _("Service posts"), "signpost-2", Cap.POSTS_VIEW, _("Service teams")),
    NavItem("posts:on-duty", _("On duty now"), "clock", Cap.POSTS_VIEW, _("Service teams")),
    NavItem("posts:lists", _("Responsibility lists"), "list-check", Cap.POSTS_VIEW, _("Service teams")),
    NavItem("posts:needs", _("Community needs"), "hand-index", Cap.POSTS_VIEW, _("Service teams")),
    NavItem("posts:queue", _("To confirm"), "inbox", Cap.POSTS_MANAGE, _("Service teams")),
    NavItem("posts:rules", _("Points rules"), "star", Cap.POSTS_VIEW, _("Service teams")),
    NavItem(
        "posts:employer",
        _("Our in-service party members"),
        "building",
        Cap.POSTS_EMPLOYER,
        _("Service teams"),
    ),
    NavItem("volunteers:home", _("Volunteer service"), "heart", Cap.VOLUNTEERS_VIEW, _("Service teams")),
    NavItem(
        "volunteers:corrections",
        _("Record corrections"),
        "pencil-square",
        Cap.VOLUNTEERS_MANAGE,
        _("Service teams"),
    ),
    NavItem(
        "volunteers:certificates", _("Certificates"), "patch-check", Cap.VOLUNTEERS_VIEW, _("Service teams")
    ),
    NavItem(
        "socialwork:contracts",
        _("Social-work contracts"),
        "briefcase",
        Cap.SOCIALWORK_VIEW,
        _("Service teams"),
    ),
    NavItem(
        "socialwork:queue",
        _("Social work to confirm"),
        "check2-square",
        Cap.SOCIALWORK_MANAGE,
        _("Service teams"),
    ),
    NavItem(
        "events:notices",
        _("Notices"),
        "megaphone",
        Cap.NOTICES_MANAGE,
        _("Learning and activities"),
    ),
    NavItem(
        "events:events",
        _("Events and trainings"),
        "calendar-event",
        Cap.EVENTS_VIEW,
        _("Learning and activities"),
    ),
    NavItem(
        "events:unit-events",
        _("Sign up my unit"),
        "person-plus",
        Cap.EVENTS_UNIT_SIGNUP,
        _("Learning and activities"),
    ),
    NavItem(
        "learning:courses",
        _("Online learning"),
        "mortarboard",
        Cap.LEARNING_VIEW,
        _("Learning and activities"),
    ),
    NavItem(
        "learning:branch-hours",
        _("Study hours by branch"),
        "bar-chart",
        Cap.LEARNING_VIEW,
        _("Learning and activities"),
    ),
    NavItem("orgs:tree", _("Organisation tree"), "diagram-3", Cap.ORGS_VIEW, _("Organisation")),
    NavItem("people:list", _("People"), "people", Cap.PEOPLE_VIEW, _("Organisation")),
    NavItem(
        "people:roster",
        _("Roster import and export"),
        "file-earmark-spreadsheet",
        Cap.PEOPLE_IMPORT,
        _("Organisation"),
    ),
    NavItem("people:accounts", _("Accounts"), "person-gear", Cap.ACCOUNTS_MANAGE, _("Security")),
    NavItem("audit-log", _("Audit log"), "shield-check", Cap.AUDIT_VIEW, _("Security")),
    NavItem("security-admin", _("Security"), "shield-lock", Cap.SECURITY_MANAGE, _("Security")),
]


@dataclass(frozen=True)
class AppTile:
    """A tile of the phone app's home: shown to people with a resident record (and the flag,
    when set), or to holders of the capability."""

    url_name: str
    label: str | Promise
    icon: str
    capability: str | None = None
    person_flag: str = ""

    def visible_to(self, user: Any, person: Any) -> bool:
        if self.capability is not None:
            return scope.has_capability(user, self.capability)
        return person is not None and (not self.person_flag or bool(getattr(person, self.person_flag)))


APP_TILES: list[AppTile] = [
    AppTile("events:app-notices", _("Notices"), "megaphone"),
    AppTile("events:app-events", _("Activities"), "calendar-event"),
    AppTile("learning:app-courses", _("Online learning"), "mortarboard"),
    AppTile("volunteers:app-home", _("Volunteer service"), "heart"),
    AppTile("posts:app-home", _("Serving my community"), "person-check", person_flag="is_party_member"),
    AppTile("posts:app-list", _("Responsibility list"), "list-check"),
    AppTile("socialwork:app-contracts", _("Social-work services"), "briefcase", Cap.SOCIALWORK_SERVE),
]


def app_tiles(user: Any, person: Any) -> list[dict[str, Any]]:
    return [
        {"url": reverse(tile.url_name), "label": tile.label, "icon": tile.icon}
        for tile in APP_TILES
        if tile.visible_to(user, person)
    ]


def resident_tabs(user: Any, current: str) -> list[dict[str, Any]]:
    return [
        {
            "url": reverse(item.url_name),
            "label": item.label,
            "icon": item.icon,
            "active": item.url_name == current,
        }
        for item in RESIDENT_TABS
        if item.visible_to(user)
    ]


def workbench_sections(user: Any, current: str) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    for item in WORKBENCH_ITEMS:
        if not item.visible_to(user):
            continue
        if not sections or sections[-1]["title"] != item.section:
            sections.append({"title": item.section, "items": []})
        sections[-1]["items"].append(
            {
                "url": reverse(item.url_name),
                "label": item.label,
                "icon": item.icon,
                "active": item.url_name == current,
            }
        )
    return sections
