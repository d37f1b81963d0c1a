"""A party member on their phone: reads a notice addressed to them, signs up for an event, shows
their registration code, and checks in by scanning the door code the organiser puts up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from e2e.conftest import log_in, screenshot
from lianxin.core.roles import Role
from lianxin.events import registrations as regs
from lianxin.events.models import (
    Event,
    EventAudience,
    EventKind,
    EventState,
    Group,
    ReadReceipt,
    Registration,
)
from lianxin.events.services import NoticeInput, notice_publish
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reads_a_notice_signs_up_and_checks_in(phone, live_server, tree):
    worker = UserFactory.create(username="shequ")
    grant(worker, Role.COMMUNITY_WORKER, tree.community)
    member_user = UserFactory.create(username="dangyuan")
    member = PersonFactory.create(node=tree.building, user=member_user, name="党员小王", is_party_member=True)
    notice_publish(
        actor=worker,
        node=tree.community,
        data=NoticeInput(
            title="关于开展主题党日活动的通知",
            body="<p>请全体党员<strong>准时参加</strong>。</p><script>alert(1)</script>",
            audience=[(tree.community, Group.PARTY_MEMBERS)],
        ),
    )
    starts = timezone.now() + dt.timedelta(minutes=20)
    event = Event.objects.create(
        node=tree.community,
        kind=EventKind.PARTY_DAY,
        title="主题党日：重温入党誓词",
        place="东一社区党群服务中心",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        capacity=30,
        state=EventState.PUBLISHED,
        organiser=worker,
    )
    EventAudience.objects.create(event=event, node=tree.community, group=Group.PARTY_MEMBERS)

    # The notice, marked new, opened once: a read receipt.
    log_in(phone, live_server, "dangyuan")
    phone.goto(f"{live_server.url}/app/notices/")
    phone.locator("[data-notice]").first.click()
    phone.get_by_text("准时参加").wait_for()
    assert ReadReceipt.objects.filter(person=member).count() == 1
    screenshot(phone, "member-reads-notice")

    # Signs up and gets a registration code with its QR.
    phone.goto(f"{live_server.url}/app/events/")
    phone.locator(f"[data-event='{event.pk}']").click()
    phone.locator("#sign-up").click()
    phone.locator("#my-registration[data-state='registered']").wait_for()
    registration = Registration.objects.get(person=member)
    assert registration.code in phone.locator("[data-code]").inner_text()
    assert phone.locator("#my-registration svg").count() == 1
    screenshot(phone, "member-registration-code")

    # At the door: scans the organiser's door code, which opens our check-in page.
    phone.goto(f"{live_server.url}{regs.door_url(event=event)}")
    phone.locator("#check-in").click()
    phone.locator("[data-checked-in]").wait_for()
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None
    screenshot(phone, "member-checked-in")

    # Scanning again is refused with a clear message.
    phone.goto(f"{live_server.url}{regs.door_url(event=event)}")
    phone.locator("#check-in").click()
    phone.locator("#check-in-error").wait_for()
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
