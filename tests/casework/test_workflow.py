"""Every transition, allowed and refused, for every party; the timeline; state conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lianxin.casework.models import Case, CaseEvent
from lianxin.casework.selectors import case_list
from lianxin.casework.services import StateConflict, Step, case_transition
from lianxin.casework.workflow import TRANSITIONS, Party, State
from lianxin.core.models import AuditLog
from tests.casework.conftest import case_in, full_step

PARTY_USERS = {
    Party.DISPATCHER: "dispatcher",
    Party.UNIT: "unit",
    Party.REPORTER: "reporter",
    Party.SUPERVISOR: "supervisor",
}
ACTIONS = [action for action in TRANSITIONS if action != "reopen"]  # reopen comes through rate


def snapshot(case: Case) -> tuple[Any, ...]:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.state, fresh.unit_id, fresh.due_at, fresh.rating, CaseEvent.objects.filter(case=case).count()


def prepare(tree: Any, cast: Any, action: str) -> Case:
    source = sorted(TRANSITIONS[action].sources)[0]
    case = case_in(tree, cast, source)
    if action in {"approve_extension", "refuse_extension"}:
        case = case_transition(
            actor=cast.unit, case=case, action="request_extension", step=full_step(tree, action)
        )
    return case


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["dispatcher", "unit", "reporter", "supervisor", "bystander", "outsider"])
def test_each_party_may_take_exactly_its_transitions(tree: Any, cast: Any, action: str, who: str) -> None:
    transition = TRANSITIONS[action]
    case = prepare(tree, cast, action)
    before = snapshot(case)
    actor = cast.by_name(who)
    allowed = any(PARTY_USERS[party] == who for party in transition.parties)
    if allowed:
        done = case_transition(actor=actor, case=case, action=action, step=full_step(tree, action, cast))
        event = CaseEvent.objects.filter(case=case).latest("id")
        assert (event.action, event.from_state, event.to_state, event.actor) == (
            action,
            before[0],
            done.state,
            actor,
        )
        assert done.state == (transition.target or before[0])
    else:
        sees = case_list(actor=actor).filter(pk=case.pk).exists()
        assert sees or who in {"outsider", "unit"}  # a unit sees only cases dispatched to it
        expected = PermissionDenied if sees else Http404
        with pytest.raises(expected):
            case_transition(actor=actor, case=case, action=action, step=full_step(tree, action, cast))
        assert snapshot(case) == before
        assert AuditLog.objects.filter(actor=actor, outcome="denied", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_a_transition_from_a_state_it_does_not_leave_is_a_conflict(tree: Any, cast: Any, action: str) -> None:
    transition = TRANSITIONS[action]
    # States where the case is with the unit come first, so that every party can see it.
    order = [State.REPLIED, State.ACKNOWLEDGED, State.CLOSED, State.SUBMITTED, State.RETURNED]
    state = next(s for s in order if s not in transition.sources)
    case = case_in(tree, cast, state)
    party = PARTY_USERS[sorted(transition.parties)[0]]
    before = snapshot(case)
    with pytest.raises(StateConflict):
        case_transition(
            actor=cast.by_name(party), case=case, action=action, step=full_step(tree, action, cast)
        )
    assert snapshot(case) == before


def test_missing_reason_reply_unit_or_rating_is_a_form_error(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, State.SUBMITTED)
    with pytest.raises(ValidationError) as declined:
        case_transition(actor=cast.dispatcher, case=case, action="decline", step=Step())
    assert "note" in declined.value.message_dict
    accepted = case_transition(actor=cast.dispatcher, case=case, action="accept")
    with pytest.raises(ValidationError) as dispatched:
        case_transition(actor=cast.dispatcher, case=accepted, action="dispatch", step=Step())
    assert "unit" in dispatched.value.message_dict
    assert Case.objects.get(pk=case.pk).state == State.ACCEPTED


def test_the_timeline_tells_the_whole_story(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, State.CLOSED)
    actions = list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["submit", "accept", "dispatch", "acknowledge", "reply", "close"]
    with pytest.raises(PermissionError):
        event = CaseEvent.objects.filter(case=case).first()
        assert event is not None
        event.note = "改写历史"
        event.save()


def test_a_dissatisfied_rating_reopens_once_then_stays(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, State.CLOSED)
    reopened = case_transition(
        actor=cast.reporter, case=case, action="rate", step=Step(rating="dissatisfied")
    )
    assert reopened.state == State.IN_PROGRESS and reopened.reopened and reopened.due_at is not None
    for action, who in [("reply", "unit"), ("close", "dispatcher")]:
        reopened = case_transition(
            actor=cast.by_name(who), case=reopened, action=action, step=full_step(tree, action)
        )
    again = case_transition(
        actor=cast.reporter, case=reopened, action="rate", step=Step(rating="dissatisfied")
    )
    assert again.state == State.CLOSED and again.rating == "dissatisfied"
    assert list(
        CaseEvent.objects.filter(case=case, action__in=["rate", "reopen"]).values_list("action", flat=True)
    ) == [
        "reopen",
        "rate",
    ]


def test_a_returned_case_goes_back_to_the_dispatcher_without_a_unit(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, State.RETURNED)
    assert case.unit is None and case.returns == 1
    returned = CaseEvent.objects.get(case=case, action="return")
    assert returned.detail["unit"] == tree.unit.pk and returned.note == "因为所以"
    again = case_transition(actor=cast.dispatcher, case=case, action="dispatch", step=Step(unit=tree.unit))
    assert again.state == State.DISPATCHED and again.unit == tree.unit


def test_the_unit_sees_only_what_was_dispatched_to_it(tree: Any, cast: Any) -> None:
    waiting = case_in(tree, cast, State.ACCEPTED)
    dispatched = case_in(tree, cast, State.DISPATCHED)
    assert list(case_list(actor=cast.unit)) == [dispatched]
    assert waiting in case_list(actor=cast.dispatcher) and waiting in case_list(actor=cast.bystander)
    assert not case_list(actor=cast.outsider).exists()
    assert set(case_list(actor=cast.reporter)) == {waiting, dispatched}
