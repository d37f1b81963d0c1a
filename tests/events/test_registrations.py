"""Sign-up, the waitlist, unit sign-up, check-in and its refusals, reminders and exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.core.models import Notification
from lianxin.core.permissions import NotInScope
from lianxin.events import registrations as regs
from lianxin.events.exports import registrations_xlsx
from lianxin.events.models import Group, Registration, RegistrationStep, RegState
from lianxin.events.tasks import event_reminders_send, remind_event
from tests.events.conftest import at, make_event, person_with_login, register
from tests.factories import PersonFactory


def test_capacity_then_waitlist_then_promotion_in_order(w):
    event = make_event(w.tree.community, w.worker, capacity=1)
    first = regs.sign_up(actor=w.member_user, person=w.member, event=event)
    second = regs.sign_up(actor=w.resident_user, person=w.resident, event=event)
    late, late_user = person_with_login(w.tree.grid, "后来者")
    third = regs.sign_up(actor=late_user, person=late, event=event)
    assert [first.state, second.state, third.state] == ["registered", "waitlisted", "waitlisted"]
    regs.cancel(actor=w.member_user, registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.state, third.state) == ("registered", "waitlisted")
    assert Notification.objects.filter(user=w.resident_user).count() == 1
    assert list(RegistrationStep.objects.filter(registration=second).values_list("action", flat=True)) == [
        "waitlisted",
        "promoted",
    ]
    with pytest.raises(ValidationError, match="already"):
        regs.sign_up(actor=w.resident_user, person=w.resident, event=event)


def test_only_the_audience_may_sign_up(w):
    event = make_event(w.tree.community, w.worker, audience=[(w.tree.community, Group.PARTY_MEMBERS)])
    with pytest.raises(NotInScope):
        regs.sign_up(actor=w.resident_user, person=w.resident, event=event)
    with pytest.raises(NotInScope):
        regs.sign_up(actor=w.neighbour_user, person=w.neighbour, event=event)
    assert not Registration.objects.exists()


def test_a_unit_signs_up_only_its_own_staff(w):
    event = make_event(w.tree.community, w.worker, capacity=1)
    with pytest.raises(ValidationError, match="own unit"):
        regs.unit_sign_up(actor=w.liaison, unit=w.tree.unit, event=event, people=[w.staff_a, w.stranger])
    assert not Registration.objects.exists()
    rows = regs.unit_sign_up(actor=w.liaison, unit=w.tree.unit, event=event, people=[w.staff_a, w.staff_b])
    assert [(r.person, r.state, r.unit) for r in rows] == [
        (w.staff_a, "registered", w.tree.unit),
        (w.staff_b, "waitlisted", w.tree.unit),
    ]
    # The liaison may withdraw what the unit signed up; the next in line moves up.
    regs.cancel(actor=w.liaison, registration=rows[0])
    assert Registration.objects.get(person=w.staff_b).state == RegState.REGISTERED
    with pytest.raises(NotInScope):
        regs.unit_sign_up(actor=w.worker, unit=w.tree.unit, event=event, people=[w.staff_a])


def test_a_unit_signs_up_only_staff_the_event_is_for(w):
    event = make_event(w.tree.community, w.worker, audience=[(w.tree.community, Group.PARTY_MEMBERS)])
    member = PersonFactory.create(node=w.tree.unit, is_party_member=True, name="物业党员")
    with pytest.raises(ValidationError, match="not for: 物业员工甲"):
        regs.unit_sign_up(actor=w.liaison, unit=w.tree.unit, event=event, people=[member, w.staff_a])
    assert [
        r.person for r in regs.unit_sign_up(actor=w.liaison, unit=w.tree.unit, event=event, people=[member])
    ] == [member]


def test_a_unit_cannot_join_an_event_not_open_to_its_area(w):
    event = make_event(w.tree.other_community, w.worker)
    with pytest.raises(NotInScope):
        regs.unit_sign_up(actor=w.liaison, unit=w.tree.unit, event=event, people=[w.staff_a])


def test_code_check_in_refuses_clearly(w):
    event = make_event(w.tree.community, w.worker, starts_at=timezone.now() + dt.timedelta(minutes=30))
    other = make_event(w.tree.community, w.worker, title="另一场活动", starts_at=event.starts_at)
    mine = register(event, w.member)
    theirs = register(other, w.resident)
    waiting = register(event, w.stranger)
    Registration.objects.filter(pk=waiting.pk).update(state=RegState.WAITLISTED)

    assert regs.check_in_code(actor=w.worker, event=event, code=mine.code.lower()).checked_in_at is not None
    with pytest.raises(ValidationError, match="Already checked in"):
        regs.check_in_code(actor=w.worker, event=event, code=mine.code)
    with pytest.raises(ValidationError, match="another event: 另一场活动"):
        regs.check_in_code(actor=w.worker, event=event, code=theirs.code)
    with pytest.raises(ValidationError, match="Not signed up"):
        regs.check_in_code(actor=w.worker, event=event, code=waiting.code)
    with pytest.raises(ValidationError, match="No sign-up has this code"):
        regs.check_in_code(actor=w.worker, event=event, code="NOSUCH99")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1


def test_check_in_opens_an_hour_before(w):
    event = make_event(w.tree.community, w.worker, starts_at=at(2))
    mine = register(event, w.member)
    with pytest.raises(ValidationError, match="opens an hour before"):
        regs.check_in_code(actor=w.worker, event=event, code=mine.code)


def test_door_code_check_in_expires_and_refuses_outsiders(w):
    event = make_event(w.tree.community, w.worker, starts_at=timezone.now() + dt.timedelta(minutes=10))
    register(event, w.member)
    token = regs.door_token(event=event)
    with pytest.raises(ValidationError, match="not signed up"):
        regs.check_in_door(actor=w.resident_user, person=w.resident, token=token)
    with pytest.raises(ValidationError, match="not a valid door code"):
        regs.check_in_door(actor=w.member_user, person=w.member, token=token + "x")
    later = timezone.now() + dt.timedelta(seconds=regs.DOOR_CODE_SECONDS + 5)
    with time_machine.travel(later), pytest.raises(ValidationError, match="expired"):
        regs.check_in_door(actor=w.member_user, person=w.member, token=token)
    assert regs.check_in_door(actor=w.member_user, person=w.member, token=token).checked_in_at
    with pytest.raises(ValidationError, match="Already checked in"):
        regs.check_in_door(actor=w.member_user, person=w.member, token=token)


def test_the_door_page_checks_in_through_our_url(client, w):
    event = make_event(w.tree.community, w.worker, starts_at=timezone.now() + dt.timedelta(minutes=10))
    register(event, w.member)
    client.force_login(w.worker)
    door = client.get(reverse("events:event-door", args=[event.pk])).content.decode()
    assert "<svg" in door
    url = door.split('data-door-url="')[1].split('"')[0]
    assert url.startswith("http://testserver/app/events/check-in/")
    client.force_login(w.member_user)
    path = url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Registration.objects.get(person=w.member).checked_in_at is not None
    again = client.post(path).content.decode()
    assert 'id="check-in-error"' in again


def test_reminders_are_sent_once_per_sign_up(w, django_capture_on_commit_callbacks):
    from lianxin.events import services
    from lianxin.events.services import EventInput

    data = EventInput(
        kind="party_day",
        title="主题党日",
        place="党群服务中心",
        starts_at=at(3),
        ends_at=at(3, 11),
        capacity=10,
        audience=[(w.tree.community, Group.EVERYONE)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_create(actor=w.worker, node=w.tree.community, data=data, publish=True)
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.get()
    assert queued.task_path == remind_event.module_path
    assert queued.run_after == event.starts_at - dt.timedelta(hours=24)
    register(event, w.member)
    register(event, w.stranger)  # no log-in: nobody to remind
    assert remind_event.call(event.pk) == 1
    assert event_reminders_send(event_id=event.pk) == 0
    register(event, w.resident)
    assert event_reminders_send(event_id=event.pk) == 1
    assert Notification.objects.filter(user=w.member_user).count() == 1


def test_exports_open_with_openpyxl_and_hold_the_rows(client, w):
    event = make_event(w.tree.community, w.worker)
    register(event, w.member, checked_in=True)
    register(event, w.resident)
    sheet = load_workbook(io.BytesIO(registrations_xlsx(event=event))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[2:]] == ["党员甲", "居民乙"]
    client.force_login(w.worker)
    response = client.get(reverse("events:event-export", args=[event.pk, "attendance"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    names = [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["党员甲"]


def test_a_hazard_from_a_safety_training_becomes_a_linked_case(client, w):
    from lianxin.casework.models import Case

    event = make_event(w.tree.community, w.worker, kind="training", is_safety=True, starts_at=at(-1))
    register(event, w.member, checked_in=True)
    register(event, w.resident)  # signed up, never came
    hazard = regs.hazard_report(
        actor=w.member_user,
        person=w.member,
        event=event,
        kind="ebike",
        text="楼道里给电动车充电",
        address="1号楼",
    )
    case = Case.objects.get()
    assert (case.category.code, case.reporter, case.training_hazard) == ("safety-ebike", w.member, hazard)
    with pytest.raises(NotInScope):
        regs.hazard_report(actor=w.resident_user, person=w.resident, event=event, kind="other", text="x")
    with pytest.raises(ValidationError):
        regs.hazard_report(actor=w.member_user, person=w.member, event=event, kind="bad", text="x")
    assert Case.objects.count() == 1
    client.force_login(w.worker)
    page = client.get(reverse("events:event", args=[event.pk])).content.decode()
    assert case.number in page and f'data-hazard="{hazard.pk}"' in page


def test_the_phone_flow_sign_up_code_and_withdraw(client, w, django_assert_max_num_queries):
    event = make_event(w.tree.community, w.worker)
    make_event(w.tree.other_community, w.worker, title="东二活动")
    client.force_login(w.member_user)
    with django_assert_max_num_queries(10):
        listing = client.get(reverse("events:app-events")).content.decode()
    assert "主题党日" in listing and "东二活动" not in listing
    client.post(reverse("events:app-event", args=[event.pk]), {"form": "sign_up"})
    registration = Registration.objects.get()
    page = client.get(reverse("events:app-event", args=[event.pk])).content.decode()
    assert registration.code in page and "<svg" in page
    client.post(reverse("events:app-event", args=[event.pk]), {"form": "cancel"})
    assert Registration.objects.get().state == RegState.CANCELLED


def test_staff_lists_pin_their_query_count(client, w, django_assert_max_num_queries):
    for i in range(6):
        event = make_event(w.tree.community, w.worker, title=f"活动{i}")
        register(event, PersonFactory.create(node=w.tree.grid))
    client.force_login(w.worker)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:events")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("events:event", args=[event.pk])).status_code == 200


def test_a_place_taken_inside_the_reminder_window_queues_a_reminder(w, django_capture_on_commit_callbacks):
    event = make_event(w.tree.community, w.worker, starts_at=timezone.now() + dt.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        regs.sign_up(actor=w.member_user, person=w.member, event=event)
    assert Notification.objects.filter(user=w.member_user).count() == 0  # queued, not yet run
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path=remind_event.module_path).count() == 1
    assert remind_event.call(event.pk) == 1 and remind_event.call(event.pk) == 0


def test_figures_count_events_attendance_trainings_and_hazards(w):
    from lianxin.reports.periods import year
    from lianxin.reports.registry import registry

    training = make_event(w.tree.community, w.worker, kind="training", is_safety=True, starts_at=at(-1))
    make_event(w.tree.other_community, w.worker, starts_at=at(-2))
    make_event(w.tree.community, w.worker)  # still to come: not held
    register(training, w.member, checked_in=True)
    register(training, w.resident)
    regs.hazard_report(
        actor=w.member_user, person=w.member, event=training, kind="exits", text="消防通道堵塞"
    )
    period = year(timezone.localdate().year)

    def count(key, node):
        figure = registry.get(key)
        assert figure is not None and figure.records is not None
        return figure.records(node, period).count()

    assert count("events.held", w.tree.community) == 1
    assert count("events.held", w.tree.east) == 2
    assert count("events.trainings_held", w.tree.east) == 1
    assert count("events.attendance", w.tree.community) == 1
    assert count("events.training_hazards", w.tree.community) == 1
    assert count("events.held", w.tree.west) == 0
