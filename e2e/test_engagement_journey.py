"""A party member on their phone: reads a notice addressed to them, signs up for an event, shows
their registration code, checks in by scanning the door code the organiser puts up, then studies
a lesson online, keeping the page in front until the study timer completes it."""

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
from lianxin.learning.models import Course, Lesson, LessonKind, LessonProgress, StudyCredit
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_reads_a_notice_signs_up_checks_in_and_studies(phone, live_server, tree, settings):
    settings.LEARNING_HEARTBEAT_SECONDS = 2
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

    # Online learning: the lesson's study timer runs only while the page is in front.
    course = Course.objects.create(node=tree.community, title="党章学习", is_published=True)
    lesson = Lesson.objects.create(
        course=course,
        position=1,
        title="党的性质和宗旨",
        kind=LessonKind.TEXT,
        body="<p>全心全意为人民服务</p>",
        required_seconds=10,
    )
    phone.goto(f"{live_server.url}/app/learning/")
    phone.locator(f"a[data-course='{course.pk}']").click()
    phone.locator(f"a[data-lesson='{lesson.pk}']").click()
    assert "全心全意为人民服务" in phone.locator("article").inner_text()
    assert phone.locator("#study-done").is_hidden()
    phone.locator("#study-done").wait_for(state="visible", timeout=30_000)
    progress = LessonProgress.objects.get(person=member, lesson=lesson)
    assert progress.completed_at is not None and progress.credited_seconds >= 10
    # Credited no faster than the wall clock: every credit is at most one interval plus slack.
    assert max(StudyCredit.objects.values_list("seconds", flat=True)) <= 2 + 5
    assert int(phone.locator("#study-credited").inner_text()) >= 10
    screenshot(phone, "learning-lesson-complete")
    phone.locator("a", has_text="党章学习").first.click()
    assert phone.locator(f"a[data-lesson='{lesson.pk}'] .bi-check-circle-fill").count() == 1
