"""Notices: who sees them, what survives of their text, read receipts and the not-read list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lianxin.events import selectors, services
from lianxin.events.files import sanitise
from lianxin.events.models import Group, Notice, ReadReceipt
from lianxin.events.services import NoticeInput
from tests.events.conftest import make_notice
from tests.factories import PersonFactory


def titles(person):
    return [n.title for n in selectors.notices_for(person=person)]


def test_a_resident_of_one_community_never_sees_anothers_notice(w):
    make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)], title="东一通知")
    make_notice(
        w.tree.other_community, w.worker, [(w.tree.other_community, Group.EVERYONE)], title="东二通知"
    )
    assert titles(w.resident) == ["东一通知"]
    assert titles(w.neighbour) == ["东二通知"]


def test_flags_decide_within_the_area(w):
    make_notice(w.tree.east, w.worker, [(w.tree.east, Group.PARTY_MEMBERS)], title="党员通知")
    make_notice(w.tree.east, w.worker, [(w.tree.community, Group.VOLUNTEERS)], title="志愿者通知")
    assert titles(w.member) == ["党员通知"]
    assert titles(w.resident) == []
    volunteer = PersonFactory.create(node=w.tree.grid, is_volunteer=True)
    assert titles(volunteer) == ["志愿者通知"]


def test_expired_and_future_notices_are_hidden_and_pinned_come_first(w):
    now = timezone.now()
    make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)], title="旧", expires_at=now)
    make_notice(
        w.tree.community,
        w.worker,
        [(w.tree.community, Group.EVERYONE)],
        title="将来",
        publish_at=now + dt.timedelta(days=1),
    )
    make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)], title="普通")
    make_notice(
        w.tree.community,
        w.worker,
        [(w.tree.community, Group.EVERYONE)],
        title="置顶",
        is_pinned=True,
        publish_at=now - dt.timedelta(days=3),
    )
    assert titles(w.resident) == ["置顶", "普通"]


def test_sanitising_removes_scripts_handlers_and_javascript_links():
    dirty = (
        '<p onclick="steal()">你好<script>alert(1)</script></p><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">点</a><a href="https://example.org/x">好链接</a><b>粗</b>'
    )
    clean = sanitise(dirty)
    for bad in ("script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in clean
    assert '<a href="https://example.org/x" rel="noopener noreferrer">好链接</a>' in clean
    assert "<b>粗</b>" in clean and "<p>你好</p>" in clean


def test_publishing_sanitises_and_records_the_audience(w):
    data = NoticeInput(
        title="学习通知",
        body="<p>请参加</p><script>alert(1)</script>",
        audience=[(w.tree.community, Group.PARTY_MEMBERS), (w.tree.community, Group.PARTY_MEMBERS)],
        is_pinned=True,
    )
    notice = services.notice_publish(actor=w.worker, node=w.tree.community, data=data)
    assert notice.body == "<p>请参加</p>"
    assert notice.audiences.count() == 1
    assert titles(w.member) == ["学习通知"]


def test_an_audience_outside_the_area_is_refused_and_nothing_written(w):
    data = NoticeInput(title="越界", body="x", audience=[(w.tree.other_community, Group.EVERYONE)])
    with pytest.raises(ValidationError) as exc:
        services.notice_publish(actor=w.worker, node=w.tree.community, data=data)
    assert "audience" in exc.value.message_dict
    assert not Notice.objects.exists()


def test_attachments_are_type_checked(w):
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf")
    data = NoticeInput(
        title="附件", body="x", audience=[(w.tree.community, Group.EVERYONE)], attachments=[fake]
    )
    with pytest.raises(ValidationError) as exc:
        services.notice_publish(actor=w.worker, node=w.tree.community, data=data)
    assert "病毒.pdf" in exc.value.message_dict["attachments"][0]
    assert not Notice.objects.exists()


def test_attachments_are_served_only_to_the_audience(client, w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("须知.pdf", b"%PDF-1.4 hello")
    data = NoticeInput(
        title="附件", body="x", audience=[(w.tree.community, Group.EVERYONE)], attachments=[pdf]
    )
    notice = services.notice_publish(actor=w.worker, node=w.tree.community, data=data)
    stored = notice.attachments.get()
    url = reverse("events:app-notice-file", args=[notice.pk, stored.pk])
    client.force_login(w.resident_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(w.neighbour_user)
    assert client.get(url).status_code == 404


def test_first_open_records_a_receipt_and_the_not_read_list_shrinks(client, w):
    notice = make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)])
    # Everyone registered in 东一社区: member, resident, the unit's staff member, the stranger.
    assert selectors.notice_stats(notice=notice).audience == 4
    client.force_login(w.resident_user)
    for _ in range(2):
        assert client.get(reverse("events:app-notice", args=[notice.pk])).status_code == 200
    receipt = ReadReceipt.objects.get()
    assert receipt.person == w.resident
    stats = selectors.notice_stats(notice=notice)
    assert (stats.audience, stats.read, stats.not_read) == (4, 1, 3)
    assert w.resident not in selectors.notice_not_read(notice=notice)
    client.force_login(w.neighbour_user)
    assert client.get(reverse("events:app-notice", args=[notice.pk])).status_code == 404
    assert ReadReceipt.objects.count() == 1


def test_the_publisher_sees_counts_and_who_has_not_read(client, w, django_assert_max_num_queries):
    notice = make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)], title="看谁没读")
    ReadReceipt.objects.create(notice=notice, person=w.member, read_at=timezone.now())
    PersonFactory.create_batch(10, node=w.tree.grid)
    client.force_login(w.worker)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:notice", args=[notice.pk]))
    page = response.content.decode()
    assert "data-read>1<" in page and "data-not-read>13<" in page
    assert f'data-unread="{w.resident.pk}"' in page and f'data-unread="{w.member.pk}"' not in page


def test_notice_lists_pin_their_query_count(client, w, django_assert_max_num_queries):
    for i in range(8):
        make_notice(w.tree.community, w.worker, [(w.tree.community, Group.EVERYONE)], title=f"通知{i}")
    client.force_login(w.worker)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("events:notices")).status_code == 200
    client.force_login(w.resident_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:app-notices"))
    assert response.content.decode().count("data-notice=") == 8


def test_the_editor_publishes_with_an_audience_and_shows_field_errors(client, w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(w.worker)
    response = client.post(reverse("events:notice-add"), {"title": "", "node": w.tree.community.pk})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    body = {
        "node": w.tree.community.pk,
        "title": "停水通知",
        "body": "<p>明日停水</p>",
        "audience_nodes": [w.tree.grid.pk],
        "groups": [Group.RESIDENTS],
        "attachments": [io.BytesIO(b"%PDF-1.4 x")],
    }
    body["attachments"][0].name = "通知.pdf"  # type: ignore[attr-defined]
    response = client.post(reverse("events:notice-add"), body)
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert notice.attachments.count() == 1
    assert titles(w.resident) == ["停水通知"]
