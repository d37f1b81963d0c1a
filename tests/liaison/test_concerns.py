"""What people raise with a representative becomes a residents' request in one step, taken in at
the studio; the resident follows and rates it, and the representative sees how it went."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lianxin.casework.models import Case, Category, Channel
from lianxin.casework.selectors import case_list
from lianxin.casework.services import Step, case_transition
from lianxin.core.models import AuditLog
from lianxin.core.permissions import NotInScope
from lianxin.core.roles import Role
from lianxin.liaison import selectors, services
from lianxin.liaison.models import Concern
from tests.liaison.conftest import session_on, user_with


def fields(**changes):  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {
        "case_type": "help",
        "category": Category.objects.get(code="facility-lights"),
    } | changes
    return services.CaseFields(**data)


@pytest.fixture
def concern(tree, sw):  # type: ignore[no-untyped-def]
    session = session_on(sw.studio, timezone.localdate(), kind="mobile", place=tree.building, venue="楼下")
    return services.concern_record(
        actor=sw.rep_user, session=session, name="王大爷", text="楼前路灯坏了一个月", phone="139 1234 5678"
    )


def test_the_phone_number_finds_the_registered_resident_and_is_not_kept(tree, sw, concern):
    assert (concern.person, concern.name, concern.representative) == (sw.resident, "王大爷", sw.rep)
    kept = {f.name for f in Concern._meta.get_fields()}
    assert not kept & {"phone", "phone_hash", "callback_phone"}


def test_a_concern_becomes_a_request_taken_in_at_the_studio_for_the_resident(tree, sw, concern):
    case = services.concern_to_case(actor=sw.rep_user, concern=concern, data=fields())
    assert case.channel == Channel.REP_STUDIO
    assert (case.reporter, case.reporter_user) == (sw.resident, sw.resident_user)
    assert case.text == "楼前路灯坏了一个月" and case.node == tree.building
    assert case.events.get().actor == sw.rep_user  # taken in by the representative
    assert Concern.objects.get(pk=concern.pk).case == case
    assert (
        case_list(actor=sw.resident_user).filter(reporter_user=sw.resident_user).get() == case
    )  # "My requests"
    assert AuditLog.objects.filter(action="liaison.concern.case", outcome="success").count() == 1


def test_a_concern_becomes_a_request_only_once(tree, sw, concern):
    services.concern_to_case(actor=sw.rep_user, concern=concern, data=fields())
    with pytest.raises(ValidationError):
        services.concern_to_case(actor=sw.rep_user, concern=concern, data=fields())
    assert Case.objects.count() == 1


def test_an_unregistered_visitor_makes_a_request_without_a_reporter(tree, sw):
    session = session_on(sw.studio, timezone.localdate())
    concern = services.concern_record(actor=sw.rep_user, session=session, name="路人", text="公厕没有灯")
    case = services.concern_to_case(
        actor=sw.rep_user, concern=concern, data=fields(callback_phone="13800001111")
    )
    assert case.reporter is None and case.node == sw.studio.node
    assert case.callback_phone_masked == "138****1111"


def test_someone_outside_the_area_is_not_matched(tree, sw):
    session = session_on(sw.studio, timezone.localdate())
    concern = services.concern_record(
        actor=sw.rep_user, session=session, name="外社区人", text="问问", phone=sw.outsider.phone
    )
    assert concern.person is None


def test_only_the_representative_who_received_it_turns_it_into_a_request(tree, sw, concern, staff):
    other_rep = user_with(Role.PARTY_REP, tree.community)
    for actor in (staff, other_rep):
        with pytest.raises(NotInScope):
            services.concern_to_case(actor=actor, concern=concern, data=fields())
    assert not Case.objects.exists()
    assert AuditLog.objects.filter(action="liaison.concern.case", outcome="denied").count() == 2


def test_the_request_must_be_in_the_representatives_area(tree, sw, concern):
    with pytest.raises(ValidationError) as refused:
        services.concern_to_case(actor=sw.rep_user, concern=concern, data=fields(place=tree.other_grid))
    assert "place" in refused.value.message_dict
    assert not Case.objects.exists()


def test_the_representative_sees_the_progress_and_the_final_rating(tree, sw, concern, staff):
    case = services.concern_to_case(actor=sw.rep_user, concern=concern, data=fields())
    started = selectors.case_progress(concern=selectors.concern_get(actor=sw.rep_user, pk=concern.pk))
    assert started is not None and started.state == "submitted"
    unit = user_with(Role.UNIT_LIAISON, tree.unit)
    for action, who in [
        ("accept", staff),
        ("dispatch", staff),
        ("acknowledge", unit),
        ("reply", unit),
        ("close", staff),
    ]:
        case = case_transition(
            actor=who, case=case, action=action, step=Step(unit=tree.unit, reply="已更换灯泡")
        )
    case_transition(actor=sw.resident_user, case=case, action="rate", step=Step(rating="satisfied"))

    progress = selectors.case_progress(concern=selectors.concern_get(actor=sw.rep_user, pk=concern.pk))
    assert progress is not None
    assert (progress.number, progress.state, progress.reply, progress.rating) == (
        case.number,
        "closed",
        "已更换灯泡",
        "satisfied",
    )
    assert progress.rating_label == "Satisfied" and not progress.is_open
    # It is a view of the request, with nothing about the resident beyond what the representative entered.
    assert set(vars(progress)) == {
        "number",
        "state",
        "state_label",
        "reply",
        "rating",
        "rating_label",
        "closed_at",
        "is_open",
    }
    # The representative reads it through the concern, not through the request queue.
    assert not case_list(actor=sw.rep_user).filter(pk=case.pk).exists()


def test_a_concern_can_be_answered_instead(tree, sw, concern):
    answered = services.concern_answer(actor=sw.rep_user, concern=concern, answer="已当场解释政策")
    assert answered.answer == "已当场解释政策" and answered.case is None
