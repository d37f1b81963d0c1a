"""Reads of studios, always scoped to the acting user: staff by capability on the studio's area,
a representative through their own duty, a resident through where they live."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lianxin.core import scope
from lianxin.core.clock import WorkCalendar
from lianxin.core.roles import Cap
from lianxin.core.tree import ancestor_paths, subtree_q
from lianxin.liaison.conf import links_per_representative, sessions_per_week
from lianxin.liaison.models import Concern, Contact, Link, Representative, Session, SessionState, Studio
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person

WEEKS_BACK = 8  # the schedule looks this many weeks back …
WEEKS_AHEAD = 4  # … and this many ahead of the current week


def _signed_in(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


# --- a representative's own duty -----------------------------------------------------------


def own_duties(*, actor: Any) -> QuerySet[Representative]:
    """The actor's current duties as a representative (one per studio they serve in)."""
    if not _signed_in(actor):
        return Representative.objects.none()
    return (
        Representative.objects.filter(person__user_id=actor.pk, ended_on__isnull=True)
        .filter(scope.scope_q(actor, Cap.LIAISON_SERVE, field="studio__node__path"))
        .select_related("studio__node", "person")
        .order_by("studio__name", "id")
    )


def _own_q(actor: Any, representative: str) -> Q:
    """Records of the actor's own duties (``representative`` names the Representative field)."""
    if not _signed_in(actor):
        return scope.NOTHING
    field = f"{representative}__studio__node__path" if representative else "studio__node__path"
    prefix = f"{representative}__" if representative else ""
    return scope.scope_q(actor, Cap.LIAISON_SERVE, field=field) & Q(**{f"{prefix}person__user_id": actor.pk})


# --- studios ---------------------------------------------------------------------------------


def studio_list(
    *, actor: Any, within: OrgNode | None = None, capability: str = Cap.LIAISON_VIEW
) -> QuerySet[Studio]:
    """Studios in the actor's areas (for ``capability``), optionally under one node."""
    studios = Studio.objects.filter(scope.scope_q(actor, capability, field="node__path"))
    if within is not None:
        studios = studios.filter(subtree_q(within.path, field="node__path"))
    return studios.select_related("node").order_by("node__path", "name")


def studio_get(*, actor: Any, pk: int | str, capability: str = Cap.LIAISON_VIEW) -> Studio:
    try:
        return studio_list(actor=actor, capability=capability).get(pk=pk)
    except (Studio.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def studio_to_work_in(*, actor: Any, pk: int | str) -> Studio:
    """A studio where the actor may hold sessions: one they manage, or one they serve in."""
    own = Representative.objects.filter(_own_q(actor, ""), ended_on__isnull=True).values("studio_id")
    visible = scope.scope_q(actor, Cap.LIAISON_MANAGE, field="node__path") | Q(pk__in=own)
    try:
        return Studio.objects.select_related("node").filter(visible).get(pk=pk)
    except (Studio.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def studio_nodes(*, actor: Any) -> QuerySet[OrgNode]:
    """Where the actor may set up a studio: subdistricts, communities and villages they manage."""
    return OrgNode.objects.filter(
        scope.scope_q(actor, Cap.LIAISON_MANAGE), kind__in=["subdistrict", "community", "village"]
    ).order_by("path")


# --- representatives and links -----------------------------------------------------------------


def representative_get(*, actor: Any, pk: int | str) -> Representative:
    """A representative the actor may see: staff of the area, or the representative themself."""
    visible = scope.scope_q(actor, Cap.LIAISON_VIEW, field="studio__node__path") | _own_q(actor, "")
    try:
        return Representative.objects.select_related("studio__node", "person").filter(visible).get(pk=pk)
    except (Representative.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def current_representatives(*, studio: Studio) -> QuerySet[Representative]:
    return (
        studio.representatives.filter(ended_on__isnull=True).select_related("person").order_by("person__name")
    )


def representative_candidates(*, actor: Any, studio: Studio) -> QuerySet[Person]:
    """People flagged as party representatives, registered in the actor's area, not yet on duty here."""
    serving = studio.representatives.filter(ended_on__isnull=True).values("person_id")
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.LIAISON_MANAGE, field="node__path"), is_party_rep=True)
        .exclude(pk__in=serving)
        .select_related("node")
        .order_by("name", "id")
    )


def link_candidates(*, actor: Any, representative: Representative) -> QuerySet[Person]:
    """Party members and residents of the studio's area the representative is not linked to yet."""
    linked = representative.links.filter(ended_on__isnull=True).values("person_id")
    return (
        Person.objects.filter(scope.scope_q(actor, Cap.LIAISON_MANAGE, field="node__path"))
        .filter(subtree_q(representative.studio.node.path, field="node__path"))
        .filter(Q(is_party_member=True) | Q(is_resident=True))
        .exclude(pk__in=linked)
        .exclude(pk=representative.person_id)
        .select_related("node")
        .order_by("name", "id")
    )


@dataclass
class LinkRow:
    """A link with when it was last used and whether it has gone quiet too long."""

    link: Link
    last_contact: dt.date | None
    days_quiet: int
    stale: bool


def link_rows(*, links: QuerySet[Link], today: dt.date) -> list[LinkRow]:
    """Each link with its last contact; stale once quiet for the studio's configured days
    (counted from the last contact, or from the day the link began)."""
    annotated = links.select_related("person", "representative__person", "representative__studio").annotate(
        last_contact=Max("contacts__on")
    )
    rows = []
    for link in annotated:
        last: dt.date | None = link.last_contact  # type: ignore[attr-defined]
        quiet = (today - (last or link.started_on)).days
        rows.append(
            LinkRow(
                link=link,
                last_contact=last,
                days_quiet=quiet,
                stale=quiet >= link.representative.studio.stale_after_days,
            )
        )
    return rows


def open_links(*, representative: Representative) -> QuerySet[Link]:
    return representative.links.filter(ended_on__isnull=True).order_by("started_on", "id")


def link_get(*, actor: Any, pk: int | str) -> Link:
    visible = scope.scope_q(actor, Cap.LIAISON_VIEW, field="representative__studio__node__path") | _own_q(
        actor, "representative"
    )
    try:
        return (
            Link.objects.select_related("person", "representative__person", "representative__studio__node")
            .filter(visible)
            .get(pk=pk)
        )
    except (Link.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def contacts_of(*, link: Link) -> QuerySet[Contact]:
    return link.contacts.select_related("recorded_by").prefetch_related("concerns").order_by("-on", "-id")


@dataclass
class RepresentativeRow:
    representative: Representative
    links: list[LinkRow]

    @property
    def stale(self) -> int:
        return sum(1 for row in self.links if row.stale)

    @property
    def short(self) -> bool:
        return len(self.links) < links_per_representative()[0]


def representative_rows(*, studios: list[Studio], today: dt.date) -> dict[int, list[RepresentativeRow]]:
    """Each studio's current representatives with their open links (two queries in all)."""
    reps = list(
        Representative.objects.filter(studio__in=studios, ended_on__isnull=True)
        .select_related("person", "studio")
        .order_by("person__name", "id")
    )
    rows = link_rows(links=Link.objects.filter(representative__in=reps, ended_on__isnull=True), today=today)
    by_rep: dict[int, list[LinkRow]] = defaultdict(list)
    for row in rows:
        by_rep[row.link.representative_id].append(row)
    found: dict[int, list[RepresentativeRow]] = defaultdict(list)
    for rep in reps:
        found[rep.studio_id].append(RepresentativeRow(rep, by_rep.get(rep.pk, [])))
    return found


# --- sessions and weeks ----------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Week:
    start: dt.date  # a Monday
    sessions: int  # not cancelled
    held: int
    exempt: bool  # no working day in the week (a long holiday): nothing is expected
    today: dt.date

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def gap(self) -> bool:
        return self.sessions < sessions_per_week() and not self.exempt

    @property
    def is_past(self) -> bool:
        return self.end < self.today

    @property
    def is_current(self) -> bool:
        return self.start <= self.today <= self.end


def weekly_coverage(
    *, studios: list[Studio], first: dt.date, last: dt.date, today: dt.date
) -> dict[int, list[Week]]:
    """For each studio, every week from ``first``'s to ``last``'s: how many sessions (not
    cancelled) it has, and whether that falls short of one a week (a gap)."""
    monday, last_monday = week_start(first), week_start(last)
    after = last_monday + dt.timedelta(days=7)
    counts: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        Session.objects.filter(studio__in=studios, starts_at__gte=_aware(monday), starts_at__lt=_aware(after))
        .exclude(state=SessionState.CANCELLED)
        .values_list("studio_id", "starts_at", "state")
    )
    for studio_id, starts_at, state in rows:
        key = (studio_id, week_start(timezone.localtime(starts_at).date()))
        counts[key][0] += 1
        counts[key][1] += int(state == SessionState.HELD)
    calendar = WorkCalendar(monday, after)
    mondays = [monday + dt.timedelta(weeks=n) for n in range((last_monday - monday).days // 7 + 1)]
    exempt = {
        start: not any(calendar.is_workday(start + dt.timedelta(days=d)) for d in range(7))
        for start in mondays
    }
    weeks: dict[int, list[Week]] = {}
    for studio in studios:
        weeks[studio.pk] = []
        for start in mondays:
            sessions, held = counts[(studio.pk, start)]
            weeks[studio.pk].append(
                Week(start=start, sessions=sessions, held=held, exempt=exempt[start], today=today)
            )
    return weeks


def schedule_window(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(weeks=WEEKS_BACK), today + dt.timedelta(weeks=WEEKS_AHEAD)


def sessions_between(*, studio: Studio, first: dt.date, last: dt.date) -> QuerySet[Session]:
    return (
        studio.sessions.filter(
            starts_at__gte=_aware(first), starts_at__lt=_aware(last + dt.timedelta(days=1))
        )
        .select_related("place")
        .prefetch_related(_hosts())
        .annotate(concern_count=Count("concerns"))
        .order_by("starts_at", "id")
    )


def _hosts() -> Prefetch[Any]:
    return Prefetch(
        "hosts", queryset=Representative.objects.select_related("person").order_by("person__name")
    )


def session_list(*, actor: Any) -> QuerySet[Session]:
    """Sessions of the actor's areas and of the studios the actor serves in."""
    if not _signed_in(actor):
        return Session.objects.none()
    own = Representative.objects.filter(_own_q(actor, ""), ended_on__isnull=True).values("studio_id")
    visible = scope.scope_q(actor, Cap.LIAISON_VIEW, field="studio__node__path") | Q(studio_id__in=own)
    return Session.objects.filter(visible).select_related("studio__node", "place")


def session_get(*, actor: Any, pk: int | str) -> Session:
    try:
        return session_list(actor=actor).prefetch_related(_hosts()).get(pk=pk)
    except (Session.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def duty_sessions(*, duties: list[Representative], now: dt.datetime, days: int = 28) -> QuerySet[Session]:
    """Sessions the representative hosts from today on (and today's, even if over)."""
    start = _aware(timezone.localdate(now))
    return (
        Session.objects.filter(
            hosts__in=duties, starts_at__gte=start, starts_at__lt=now + dt.timedelta(days=days)
        )
        .exclude(state=SessionState.CANCELLED)
        .select_related("studio", "place")
        .prefetch_related(_hosts())
        .distinct()
        .order_by("starts_at", "id")
    )


def recent_duty_sessions(
    *, duties: list[Representative], now: dt.datetime, limit: int = 10
) -> QuerySet[Session]:
    start = _aware(timezone.localdate(now))
    return (
        Session.objects.filter(hosts__in=duties, starts_at__lt=start)
        .select_related("studio", "place")
        .annotate(concern_count=Count("concerns"))
        .distinct()
        .order_by("-starts_at", "-id")[:limit]
    )


def place_choices(*, studio: Studio) -> QuerySet[OrgNode]:
    """Where a mobile session may go: the studio's area down to its buildings and units."""
    return OrgNode.objects.filter(
        subtree_q(studio.node.path), kind__in=["community", "village", "grid", "building", "unit"]
    ).order_by("path")


# --- what people raised ----------------------------------------------------------------------------


def concern_list(*, actor: Any) -> QuerySet[Concern]:
    """What was raised in the actor's areas, and with the actor as representative."""
    if not _signed_in(actor):
        return Concern.objects.none()
    visible = scope.scope_q(actor, Cap.LIAISON_VIEW, field="representative__studio__node__path") | _own_q(
        actor, "representative"
    )
    return Concern.objects.filter(visible).select_related(
        "representative__person", "representative__studio__node", "session", "contact", "case"
    )


def concern_get(*, actor: Any, pk: int | str) -> Concern:
    try:
        return concern_list(actor=actor).get(pk=pk)
    except (Concern.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class CaseProgress:
    """What a representative sees of the request a concern became: no more than this."""

    number: str
    state: str
    state_label: str
    reply: str
    rating: str
    rating_label: str
    closed_at: dt.datetime | None
    is_open: bool


def case_progress(*, concern: Concern) -> CaseProgress | None:
    case = concern.case
    if case is None:
        return None
    return CaseProgress(
        number=case.number,
        state=case.state,
        state_label=str(case.get_state_display()),
        reply=case.reply,
        rating=case.rating,
        rating_label=str(case.get_rating_display()) if case.rating else "",
        closed_at=case.closed_at,
        is_open=case.state not in {"closed", "declined"},
    )


# --- for residents ---------------------------------------------------------------------------------


def upcoming_for(*, person: Person | None, now: dt.datetime, days: int = 28) -> QuerySet[Session]:
    """Sessions of the studios that serve where ``person`` lives, from now on."""
    if person is None:
        return Session.objects.none()
    return (
        Session.objects.filter(
            studio__node__path__in=ancestor_paths(person.node.path),
            studio__is_active=True,
            state=SessionState.PLANNED,
            ends_at__gte=now,
            starts_at__lt=now + dt.timedelta(days=days),
        )
        .select_related("studio", "place")
        .prefetch_related(_hosts())
        .order_by("starts_at", "id")
    )


def my_representatives(*, person: Person | None) -> QuerySet[Link]:
    """The representatives ``person`` is linked to (联系帮扶)."""
    if person is None:
        return Link.objects.none()
    return (
        Link.objects.filter(person=person, ended_on__isnull=True, representative__ended_on__isnull=True)
        .select_related("representative__person", "representative__studio")
        .order_by("started_on", "id")
    )


def studios_for(*, person: Person | None) -> QuerySet[Studio]:
    if person is None:
        return Studio.objects.none()
    return Studio.objects.filter(node__path__in=ancestor_paths(person.node.path), is_active=True).order_by(
        "-node__depth", "name"
    )
