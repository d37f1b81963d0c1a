"""Reporting to the community, its confirmation or return, the receipt the employer sees,
claims and services with their confirmation."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lianxin.posts import employer, member_services
from lianxin.posts.member_services import ServiceInput
from lianxin.posts.models import Claim, Report, ServiceRecord, State, Step
from tests.factories import TINY_PNG
from tests.posts.conftest import confirmed


def test_a_member_reports_is_returned_with_a_reason_reports_again_and_is_confirmed(pw, worker):
    first = member_services.report_submit(actor=pw.member_user, community=pw.community)
    assert first.state == State.PENDING and first.employer == pw.unit  # from the person's record
    with pytest.raises(ValidationError) as exc:
        member_services.report_decide(actor=worker, report=first, confirm=False)
    assert "reason" in exc.value.message_dict
    returned = member_services.report_decide(
        actor=worker, report=first, confirm=False, reason="不在本社区居住"
    )
    assert returned.state == State.RETURNED and returned.number == ""
    again = member_services.report_submit(actor=pw.member_user, community=pw.community)
    with pytest.raises(ValidationError):
        member_services.report_submit(actor=pw.member_user, community=pw.community)  # one open report
    done = member_services.report_decide(actor=worker, report=again, confirm=True)
    year = timezone.localdate().year
    assert done.state == State.CONFIRMED and done.number == f"BD{year}-000001"
    assert [s.state for s in Step.objects.filter(report=first)] == ["pending", "returned"]
    assert [s.state for s in Step.objects.filter(report=again)] == ["pending", "confirmed"]
    with pytest.raises(ValidationError):
        member_services.report_decide(actor=worker, report=done, confirm=False, reason="再退回")


def test_a_member_reports_only_to_the_community_where_they_live(pw, tree):
    with pytest.raises(ValidationError) as exc:
        member_services.report_submit(actor=pw.member_user, community=tree.other_community)
    assert "community" in exc.value.message_dict
    assert not Report.objects.exists()


def test_the_receipt_is_seen_by_the_members_employer_only(client, pw, worker):
    pending = member_services.report_submit(actor=pw.member_user, community=pw.community)
    report = member_services.report_decide(actor=worker, report=pending, confirm=True)
    assert list(employer.receipts(actor=pw.liaison)) == [report]
    assert list(employer.receipts(actor=pw.other_liaison)) == []
    client.force_login(pw.liaison)
    assert report.number in client.get(reverse("posts:employer")).content.decode()
    assert client.get(reverse("posts:report", args=[report.pk])).status_code == 200
    client.force_login(pw.other_liaison)
    assert report.number not in client.get(reverse("posts:employer")).content.decode()
    assert client.get(reverse("posts:report", args=[report.pk])).status_code == 404
    client.force_login(pw.member_user)
    page = client.get(reverse("posts:app-receipt")).content.decode()
    assert report.number in page and "东一物业" in page


def test_claims_of_a_post_and_a_need_until_the_need_is_full(pw, worker, tree):
    report = confirmed(pw.member, pw.community, pw.unit)
    post_claim = member_services.claim_submit(actor=pw.member_user, post=pw.post)
    with pytest.raises(ValidationError):
        member_services.claim_submit(actor=pw.member_user, post=pw.post)  # twice
    member_services.claim_submit(actor=pw.member_user, need=pw.need)
    from tests.factories import UserFactory
    from tests.posts.conftest import member

    for n in range(2):
        user = UserFactory.create()
        confirmed(member(tree.grid, pw.unit, user=user), pw.community, pw.unit)
        if n == 0:
            member_services.claim_submit(actor=user, need=pw.need)
        else:
            with pytest.raises(ValidationError) as exc:
                member_services.claim_submit(actor=user, need=pw.need)
            assert "Enough people" in str(exc.value)
    member_services.claim_decide(actor=worker, claim=post_claim, confirm=True)
    assert Claim.objects.get(pk=post_claim.pk).state == State.CONFIRMED
    assert report.claims.count() == 2


def test_a_member_without_a_confirmed_report_cannot_claim_or_log(pw):
    with pytest.raises(ValidationError):
        member_services.claim_submit(actor=pw.member_user, post=pw.post)
    data = ServiceInput(on=timezone.localdate(), hours=Decimal(2), what="清扫")
    with pytest.raises(ValidationError):
        member_services.service_log(actor=pw.member_user, data=data)
    assert not ServiceRecord.objects.exists()


def test_a_service_with_a_photo_is_logged_and_confirmed_another_returned(
    client, pw, worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    confirmed(pw.member, pw.community, pw.unit)
    client.force_login(pw.member_user)
    today = timezone.localdate()
    response = client.post(
        reverse("posts:app-service-new"),
        {
            "on": today.isoformat(),
            "hours": "2.5",
            "what": "为居民讲解医保政策",
            "people_served": 12,
            "photo": SimpleUploadedFile("a.png", TINY_PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, __import__("re").findall(
        r"(?:invalid-feedback|alert-danger)[^>]*>.{0,300}", response.content.decode()
    )
    logged = ServiceRecord.objects.get()
    assert logged.state == State.PENDING and logged.photo_type == "image/png"
    assert client.get(reverse("posts:service-photo", args=[logged.pk])).status_code == 200
    member_services.service_decide(actor=worker, service=logged, confirm=True)
    other = member_services.service_log(
        actor=pw.member_user, data=ServiceInput(on=today, hours=Decimal(1), what="重复登记")
    )
    member_services.service_decide(actor=worker, service=other, confirm=False, reason="与上一条重复")
    states = dict(ServiceRecord.objects.values_list("what", "state"))
    assert states == {"为居民讲解医保政策": "confirmed", "重复登记": "returned"}
    page = client.get(reverse("posts:service", args=[other.pk])).content.decode()
    assert "与上一条重复" in page


def test_bad_service_input_shows_the_fields_errors_and_writes_nothing(client, pw):
    confirmed(pw.member, pw.community, pw.unit)
    client.force_login(pw.member_user)
    client.cookies["django_language"] = "en"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        reverse("posts:app-service-new"),
        {
            "on": tomorrow.isoformat(),
            "hours": "30",
            "what": "x",
            "people_served": 0,
            "photo": SimpleUploadedFile("a.png", io.BytesIO(b"not an image").read()),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Log a service once it has been done." in page
    assert "Enter between 0.5 and 12 hours." in page
    assert "is not a JPEG, PNG or WebP photo" in page
    assert not ServiceRecord.objects.exists()
