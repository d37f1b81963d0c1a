"""The request workflow as data: states, and a table of the transitions between them.

Each transition names the states it leaves from, the state it goes to (None: stays), which
party may take it, and what it needs (a reason, a unit, a reply, a rating). Services read
this table; nothing else decides what may happen to a case.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")  # 待受理
    ACCEPTED = "accepted", _("Accepted")  # 已受理
    DECLINED = "declined", _("Not accepted")  # 不予受理
    DISPATCHED = "dispatched", _("Dispatched")  # 已派遣
    RETURNED = "returned", _("Returned by the unit")  # 退单
    ACKNOWLEDGED = "acknowledged", _("Signed for")  # 已签收
    IN_PROGRESS = "in_progress", _("In progress")  # 处理中
    REPLIED = "replied", _("Replied, awaiting check")  # 已办结/待核查
    CLOSED = "closed", _("Closed")  # 已结案


OPEN_STATES = frozenset(set(State) - {State.DECLINED, State.CLOSED})
# States in which the handling deadline runs (the unit has the case).
HANDLING_STATES = frozenset({State.DISPATCHED, State.ACKNOWLEDGED, State.IN_PROGRESS})


class Party(models.TextChoices):
    """Who takes a transition, decided per case (not only by role)."""

    DISPATCHER = "dispatcher", _("Dispatcher")  # may dispatch in the case's area
    UNIT = "unit", _("Handling unit")  # may handle cases of the unit the case is with
    REPORTER = "reporter", _("Reporter")  # the resident who submitted it
    SUPERVISOR = "supervisor", _("Supervisor")  # leaders of the case's area


class Need(models.TextChoices):
    REASON = "reason", _("a reason")
    UNIT = "unit", _("a unit")
    REPLY = "reply", _("a reply to the resident")
    RATING = "rating", _("a rating")
    DAYS = "days", _("a number of working days")
    ORIGINAL = "original", _("the request it repeats")
    CATEGORY = "category", _("a category")


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    parties: frozenset[Party]
    needs: frozenset[Need] = frozenset()


def _t(
    action: str,
    label: str | Promise,
    sources: set[State],
    target: State | None,
    parties: set[Party],
    needs: set[Need] | None = None,
) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(parties), frozenset(needs or ()))


S, P, N = State, Party, Need
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("accept", _("Accept"), {S.SUBMITTED}, S.ACCEPTED, {P.DISPATCHER}),
        _t("decline", _("Do not accept"), {S.SUBMITTED, S.RETURNED}, S.DECLINED, {P.DISPATCHER}, {N.REASON}),
        _t(
            "merge",
            _("Merge into the earlier request"),
            {S.SUBMITTED, S.ACCEPTED, S.RETURNED},
            S.DECLINED,
            {P.DISPATCHER},
            {N.ORIGINAL},
        ),
        _t(
            "recategorise",
            _("Change the category"),
            {S.SUBMITTED, S.ACCEPTED, S.RETURNED},
            None,
            {P.DISPATCHER},
            {N.CATEGORY},
        ),
        _t("dispatch", _("Dispatch"), {S.ACCEPTED, S.RETURNED}, S.DISPATCHED, {P.DISPATCHER}, {N.UNIT}),
        _t("acknowledge", _("Sign for"), {S.DISPATCHED}, S.ACKNOWLEDGED, {P.UNIT}),
        _t("return", _("Return"), {S.DISPATCHED}, S.RETURNED, {P.UNIT}, {N.REASON}),
        _t("start", _("Start work"), {S.ACKNOWLEDGED}, S.IN_PROGRESS, {P.UNIT}),
        _t("reply", _("Reply"), {S.ACKNOWLEDGED, S.IN_PROGRESS}, S.REPLIED, {P.UNIT}, {N.REPLY}),
        _t("close", _("Verify and close"), {S.REPLIED}, S.CLOSED, {P.DISPATCHER}),
        _t("rework", _("Send back for rework"), {S.REPLIED}, S.IN_PROGRESS, {P.DISPATCHER}, {N.REASON}),
        _t(
            "request_extension",
            _("Ask for more time"),
            {S.ACKNOWLEDGED, S.IN_PROGRESS},
            None,
            {P.UNIT},
            {N.REASON, N.DAYS},
        ),
        _t("approve_extension", _("Grant more time"), {S.ACKNOWLEDGED, S.IN_PROGRESS}, None, {P.DISPATCHER}),
        _t(
            "refuse_extension",
            _("Refuse more time"),
            {S.ACKNOWLEDGED, S.IN_PROGRESS},
            None,
            {P.DISPATCHER},
            {N.REASON},
        ),
        _t("supervise", _("Supervise"), set(OPEN_STATES), None, {P.SUPERVISOR}, {N.REASON}),
        _t("rate", _("Rate"), {S.CLOSED}, None, {P.REPORTER}, {N.RATING}),
        # A first "not satisfied" rating reopens the case once (the rate service chooses it).
        _t("reopen", _("Reopen (not satisfied)"), {S.CLOSED}, S.IN_PROGRESS, {P.REPORTER}, {N.RATING}),
    ]
}


def available(state: str) -> list[Transition]:
    """Transitions that can leave ``state`` (before asking who the actor is)."""
    return [t for t in TRANSITIONS.values() if state in t.sources]


def path_to(state: str) -> list[Transition]:
    """The shortest run of state-changing steps from a new case to ``state`` (for demo data
    and tests), found in the transition table itself."""
    routes: dict[str, list[Transition]] = {State.SUBMITTED: []}
    queue = deque([State.SUBMITTED.value])
    while queue:
        current = queue.popleft()
        for transition in available(current):
            target = transition.target
            if target is None or target in routes or transition.action == "reopen":
                continue
            routes[target] = [*routes[current], transition]
            queue.append(target)
    return routes[state]
