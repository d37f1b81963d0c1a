"""A party member studies on a phone: opens the course, opens a lesson with a short required
time, keeps the page in front, and sees the study timer complete the lesson."""

from __future__ import annotations

import pytest

from e2e.conftest import log_in, screenshot
from lianxin.learning.models import Course, Lesson, LessonKind, LessonProgress, StudyCredit
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_keeps_a_lesson_open_and_sees_it_complete(phone, live_server, tree, settings):  # type: ignore[no-untyped-def]
    settings.LEARNING_HEARTBEAT_SECONDS = 2
    user = UserFactory.create(username="dangyuan")
    member = PersonFactory.create(node=tree.building, user=user, name="张党员", is_party_member=True)
    course = Course.objects.create(node=tree.community, title="党章学习", is_published=True)
    lesson = Lesson.objects.create(
        course=course,
        position=1,
        title="党的性质和宗旨",
        kind=LessonKind.TEXT,
        body="<p>全心全意为人民服务</p>",
        required_seconds=10,
    )

    log_in(phone, live_server, "dangyuan")
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
