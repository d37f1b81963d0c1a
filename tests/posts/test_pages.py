"""List pages with a fixed number of queries, the employer's feedback sheet and its export, and
the member's phone pages."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lianxin.posts.models import (
    Claim,
    ListItem,
    ListVersion,
    Need,
    Post,
    PostKind,
    QuarterComment,
    Report,
    Shift,
    State,
)
from tests.posts.conftest import confirmed, member, service

TODAY = timezone.localdate()


def fill(tree, pw, n):  # type: ignore[no-untyped-def]
    """``n`` more of everything: posts with rosters, reported members with claims and services."""
    start = Post.objects.count()
    for i in range(start, start + n):
        person = member(tree.grid, pw.unit)
        report = confirmed(person, pw.community, pw.unit)
        post = Post.objects.create(community=pw.community, kind=PostKind.MODEL, name=f"岗{i}")
        Shift.objects.create(
            post=post,
            person=person,
            weekday=i % 7,
            starts=dt.time(0),
            ends=dt.time(23, 59),
            started_on=dt.date(2026, 1, 1),
        )
        Claim.objects.create(report=report, post=post, state=State.CONFIRMED)
        service(report, TODAY, "1")
        service(report, TODAY, "1", state=State.PENDING)
        Claim.objects.create(report=report, need=pw.need)
        Report.objects.create(person=member(tree.grid, pw.unit), community=pw.community, employer=pw.unit)
        Need.objects.create(community=pw.community, title=f"需求{i}")
        member(tree.grid, pw.unit)  # not reported
        version = ListVersion.objects.create(community=pw.community, number=i + 1, published_by=pw.liaison)
        ListItem.objects.create(version=version, position=1, matter="事项", responsible_post="书记")
        QuarterComment.objects.create(
            report=report, year=TODAY.year, quarter=(TODAY.month - 1) // 3 + 1, text="好"
        )


def count(client, url, django_assert_max_num_queries, limit):  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


PINNED = {
    "posts:posts": 14,
    "posts:on-duty": 12,
    "posts:lists": 12,
    "posts:needs": 13,
    "posts:queue": 13,
}
EMPLOYER = {"posts:employer": 12, "posts:feedback": 13}
MEMBER = {"posts:app-home": 14, "posts:app-services": 12, "posts:app-points": 14}


def test_list_pages_do_not_grow_with_their_rows(client, tree, pw, worker, django_assert_max_num_queries):
    fill(tree, pw, 2)
    confirmed(pw.member, pw.community, pw.unit)
    for users, pages in ((worker, PINNED), (pw.liaison, EMPLOYER), (pw.member_user, MEMBER)):
        client.force_login(users)
        for name, limit in pages.items():
            count(client, reverse(name), django_assert_max_num_queries, limit)
    fill(tree, pw, 8)
    for users, pages in ((worker, PINNED), (pw.liaison, EMPLOYER), (pw.member_user, MEMBER)):
        client.force_login(users)
        for name, limit in pages.items():
            count(client, reverse(name), django_assert_max_num_queries, limit)


def test_the_feedback_sheet_shows_the_quarter_and_exports_to_excel(client, tree, pw):
    report = confirmed(pw.member, pw.community, pw.unit)
    quarter = (TODAY.month - 1) // 3 + 1
    first_day = dt.date(TODAY.year, 3 * (quarter - 1) + 1, 1)
    service(report, first_day, "2")
    service(report, first_day, "1.5")
    service(report, first_day - dt.timedelta(days=1), "5")  # the quarter before
    service(report, first_day, "4", state=State.RETURNED)
    Claim.objects.create(report=report, post=pw.post, state=State.CONFIRMED)
    QuarterComment.objects.create(report=report, year=TODAY.year, quarter=quarter, text="服务热情")
    other = confirmed(member(tree.other_grid, pw.other_unit), tree.other_community, pw.other_unit)
    service(other, first_day, "3")
    member(tree.grid, pw.unit, name="未报到党员")
    client.force_login(pw.liaison)
    page = client.get(reverse("posts:feedback")).content.decode()
    assert page.count("data-feedback=") == 1 and "服务热情" in page and "政策宣传岗" in page
    assert ">2<" in page and ">3.5<" in page
    home = client.get(reverse("posts:employer")).content.decode()
    assert "未报到党员" in home and f'data-unreported="{pw.member.pk}"' not in home
    assert f'data-receipt="{report.pk}"' in home
    export = client.get(reverse("posts:feedback") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][0] == "张在职" and rows[2][5] == 2 and rows[2][6] == 3.5 and rows[2][7] == "服务热情"
    assert len(rows) == 3


def test_the_member_phone_home_offers_posts_and_needs_to_claim(client, pw):
    confirmed(pw.member, pw.community, pw.unit)
    client.force_login(pw.member_user)
    page = client.get(reverse("posts:app-home")).content.decode()
    assert "政策宣传岗" in page and "敬老院陪伴" in page
    client.post(reverse("posts:app-claim"), {"post": pw.post.pk})
    page = client.get(reverse("posts:app-home")).content.decode()
    assert Claim.objects.filter(post=pw.post).count() == 1


def test_a_member_reports_on_the_phone(client, pw):
    client.force_login(pw.member_user)
    response = client.post(
        reverse("posts:app-report"), {"community": pw.community.pk, "employer": pw.unit.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("posts:app-home")).content.decode()
    assert 'data-state="pending"' in page
