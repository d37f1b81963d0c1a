"""The volunteer's record: corrections kept with their history, certificates, verification, stars."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from lianxin.core.permissions import NotInScope
from lianxin.volunteers import records, selectors
from lianxin.volunteers.models import Correction, CorrectionState, SignUp
from tests.volunteers.conftest import activity_at, at, days, place_for


def served(vw, hours: str, day: int = -3) -> SignUp:
    activity = activity_at(vw.team, at(days(day)), hours=3, title=f"活动{day}")
    return place_for(
        activity,
        vw.volunteer,
        checked_in_at=activity.starts_at,
        hours=Decimal(hours),
        hours_final=Decimal(hours),
    )


@pytest.mark.parametrize(
    ("hours", "level"),
    [
        ("99.75", 0),
        ("100", 1),
        ("299.75", 1),
        ("300", 2),
        ("600", 3),
        ("999.75", 3),
        ("1000", 4),
        ("1500", 5),
    ],
)
def test_star_levels(hours, level):
    assert records.star_level(Decimal(hours)) == level


def test_star_names():
    assert [records.star_name(n) for n in (0, 1, 5)] == ["No star yet", "One star", "Five stars"]


def test_a_correction_approved_counts_and_both_values_are_kept(vw):
    signup = served(vw, "2.00")
    correction = records.correction_request(
        actor=vw.volunteer_user, signup=signup, new_hours=Decimal("2.5"), reason="签退晚了半小时未记录"
    )
    with pytest.raises(ValidationError):  # one pending at a time
        records.correction_request(
            actor=vw.volunteer_user, signup=signup, new_hours=Decimal("3"), reason="再改"
        )
    with pytest.raises(NotInScope):  # a volunteer cannot decide their own
        records.correction_decide(actor=vw.volunteer_user, correction=correction, approve=True)
    records.correction_decide(actor=vw.worker, correction=correction, approve=True)
    signup.refresh_from_db()
    assert (signup.hours, signup.hours_final) == (Decimal("2.00"), Decimal("2.50"))
    kept = Correction.objects.get()
    assert (kept.old_hours, kept.new_hours, kept.state) == (Decimal("2.00"), Decimal("2.50"), "approved")
    record = selectors.record(person=vw.volunteer)
    assert record.hours == Decimal("2.50")


def test_a_refused_correction_needs_a_note_and_changes_nothing(vw):
    signup = served(vw, "2.00")
    correction = records.correction_request(
        actor=vw.volunteer_user, signup=signup, new_content="入户探访独居老人", reason="内容写错"
    )
    with pytest.raises(ValidationError):
        records.correction_decide(actor=vw.worker, correction=correction, approve=False)
    records.correction_decide(actor=vw.worker, correction=correction, approve=False, note="与签到记录一致")
    signup.refresh_from_db()
    assert signup.hours_final == Decimal("2.00") and signup.content_final == ""
    assert Correction.objects.get().state == CorrectionState.REFUSED


def test_a_certificate_pdf_holds_the_number_and_hours_and_verifies_publicly(client, vw, tree):
    served(vw, "2.50", -5)
    served(vw, "1.25", -4)
    certificate = records.certificate_issue(
        actor=vw.worker, person=vw.volunteer, issuer=tree.community, period_from=days(-30), period_to=days(0)
    )
    assert certificate.hours == Decimal("3.75") and certificate.services == 2
    client.force_login(vw.volunteer_user)
    response = client.get(reverse("volunteers:app-certificate", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert certificate.number in text
    assert "3.75" in text
    client.logout()
    page = client.get(reverse("volunteers:verify", args=[certificate.code]))
    body = page.content.decode()
    assert page.status_code == 200
    assert certificate.number in body and "张**" in body and "3.75" in body and tree.community.name in body
    assert "张志愿" not in body and vw.volunteer.id_number_masked not in body
    assert 'data-valid="1"' in body
    records.certificate_revoke(actor=vw.worker, certificate=certificate, reason="重复出具")
    assert (
        'data-valid="0"' in client.get(reverse("volunteers:verify", args=[certificate.code])).content.decode()
    )
    api = client.get(f"/api/v1/volunteers/verify/{certificate.code}").json()
    assert api == {
        "number": certificate.number,
        "name": "张**",
        "hours": "3.75",
        "issuer": "东一社区",
        "valid": False,
    }


def test_no_certificate_without_confirmed_service(vw, tree):
    with pytest.raises(ValidationError):
        records.certificate_issue(
            actor=vw.worker,
            person=vw.volunteer,
            issuer=tree.community,
            period_from=days(-30),
            period_to=days(0),
        )


def test_a_volunteer_cannot_download_someone_elses_certificate(client, vw, tree):
    served(vw, "2.00")
    certificate = records.certificate_issue(
        actor=vw.worker, person=vw.volunteer, issuer=tree.community, period_from=days(-30), period_to=days(0)
    )
    from tests.volunteers.conftest import volunteer_with_login

    _other, user = volunteer_with_login(tree.building, "别人")
    client.force_login(user)
    assert client.get(reverse("volunteers:app-certificate", args=[certificate.pk])).status_code == 404
