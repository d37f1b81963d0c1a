"""A party representative's duty in the browser: on a phone they log a mobile session, record a
resident's concern and turn it into a request; the request is handled; the resident rates it in
their app; and the representative, back on their phone, sees it rated."""

from __future__ import annotations

import datetime as dt

import pytest

from e2e.conftest import log_in, screenshot
from lianxin.casework.models import Case, Category, Channel
from lianxin.casework.services import Step, case_transition
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.liaison.models import Concern, Representative, Session, Studio
from tests.casework.conftest import cast  # noqa: F401  (users of every party)
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_representative_turns_a_concern_into_a_request_and_sees_it_rated(phone, live_server, tree, cast):  # noqa: F811
    rep_user = UserFactory.create(username="daibiao")
    held = grant(rep_user, Role.PARTY_REP, tree.community)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=dt.date(2026, 1, 1))
    rep_person = PersonFactory.create(
        node=tree.building, user=rep_user, name="李代表", is_party_rep=True, is_party_member=True
    )
    studio = Studio.objects.create(node=tree.community, name="东一社区党代表工作室")
    Representative.objects.create(studio=studio, person=rep_person, started_on=dt.date(2026, 1, 1))
    resident = cast.reporter.person
    lights = Category.objects.get(code="facility-lights")

    # On duty: a mobile session in front of building 1.
    log_in(phone, live_server, "daibiao")
    phone.goto(f"{live_server.url}/app/rep/")
    phone.locator("a[href='/app/rep/sessions/new/']").first.click()
    phone.select_option("#id_place", str(tree.building.pk))
    phone.fill("#id_venue", "1号楼前小广场")
    phone.locator("form button.btn-primary").click()
    phone.locator("#record-visitor").wait_for()
    session = Session.objects.get()
    assert (session.kind, session.place) == ("mobile", tree.building)
    screenshot(phone, "rep-session-logged")

    # A resident comes by: the representative records who and what, finding them by their number.
    phone.fill("#id_concern-name", "王大爷")
    phone.fill("#id_concern-phone", resident.phone)
    phone.fill("#id_concern-text", "楼前路灯坏了快一个月，晚上出门很不方便")
    phone.locator("#record-visitor button").click()
    phone.locator("li[data-concern] a").first.click()

    # One step: the concern becomes a request, taken in at the studio, for the resident.
    phone.select_option("#id_case-case_type", "help")
    phone.select_option("#id_case-category", str(lights.pk))
    phone.locator("form:has(input[name=form][value=case]) button").click()
    phone.locator("[data-case]").wait_for()
    case = Case.objects.get()
    assert (case.channel, case.reporter, case.reporter_user) == (Channel.REP_STUDIO, resident, cast.reporter)
    assert Concern.objects.get().case == case
    assert case.number in phone.locator("[data-case]").inner_text()
    screenshot(phone, "rep-concern-became-request")

    # Handled and closed by the subdistrict and the unit.
    for action, who in [
        ("accept", cast.dispatcher),
        ("dispatch", cast.dispatcher),
        ("acknowledge", cast.unit),
    ]:
        case = case_transition(actor=who, case=case, action=action, step=Step(unit=tree.unit))
    case = case_transition(actor=cast.unit, case=case, action="reply", step=Step(reply="已更换路灯灯泡"))
    case = case_transition(actor=cast.dispatcher, case=case, action="close")

    # The resident follows it in their app, and rates it.
    log_in(phone, live_server, cast.reporter.username)
    phone.goto(f"{live_server.url}/app/cases/")
    phone.locator(f"a[href='/app/cases/{case.pk}/']").click()
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="评价").click()
    phone.get_by_text("感谢您的评价").wait_for()

    # Back on duty, the representative sees the reply and the rating.
    log_in(phone, live_server, "daibiao")
    phone.goto(f"{live_server.url}/app/rep/")
    assert phone.locator("[data-rating='satisfied']").count() == 1
    phone.locator("li[data-concern] a").first.click()
    assert phone.locator("#progress [data-rating='satisfied']").is_visible()
    assert "已更换路灯灯泡" in phone.locator("#progress").inner_text()
    screenshot(phone, "rep-sees-request-rated")
    assert Case.objects.get(pk=case.pk).rating == "satisfied"
