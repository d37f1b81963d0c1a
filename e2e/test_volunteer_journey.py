"""A volunteer's activity in the browser: on the phone they sign up, check in by opening the URL
of the organiser's QR code, check out by the next code, and see their hours waiting; the
organiser confirms them on the workbench and the volunteer sees them confirmed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from e2e.conftest import log_in, screenshot
from lianxin.core.models import RoleGrant
from lianxin.core.roles import Role
from lianxin.volunteers.models import Activity, Brand, Membership, MembershipState, SignUp, Team
from tests.factories import PersonFactory, UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_volunteer_signs_up_checks_in_and_out_by_qr_and_sees_the_hours(phone, desktop, live_server, tree):
    worker = UserFactory.create(username="shequ")
    held = grant(worker, Role.COMMUNITY_WORKER, tree.community)
    RoleGrant.objects.filter(pk=held.pk).update(valid_from=dt.date(2026, 1, 1))
    volunteer_user = UserFactory.create(username="zhiyuan")
    volunteer = PersonFactory.create(
        node=tree.building, user=volunteer_user, name="张志愿", is_volunteer=True
    )
    brand = Brand.objects.create(node=tree.community, name="暖心驿站")
    team = Team.objects.create(brand=brand, node=tree.community, name="东一社区暖心志愿服务队")
    Membership.objects.create(
        team=team, person=volunteer, state=MembershipState.ACTIVE, joined_on=dt.date(2026, 1, 1)
    )
    start = (timezone.now() + dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    activity = Activity.objects.create(
        team=team,
        title="楼道清扫",
        place="1号楼",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=5,
        organiser=worker,
    )

    # The volunteer signs up on the phone.
    log_in(phone, live_server, "zhiyuan")
    phone.goto(f"{live_server.url}/app/volunteers/")
    phone.locator(f"a[data-open-activity='{activity.pk}']").click()
    phone.locator("button[value=sign_up]").click()
    phone.locator("[data-signup-state=confirmed]").wait_for()
    log_in(desktop, live_server, "shequ")

    with time_machine.travel(start, tick=True) as clock:
        # The activity starts: the organiser shows the codes; the phone opens the check-in URL.
        desktop.goto(f"{live_server.url}/workbench/volunteers/activities/{activity.pk}/qr/")
        desktop.locator("[data-direction=in] svg").wait_for()
        screenshot(desktop, "volunteer-qr")
        check_in = desktop.locator("a[data-url=in]").get_attribute("href")
        phone.goto(check_in)
        phone.locator("form button.btn-primary").click()
        phone.locator("[data-check-done=in]").wait_for()

        # Scanning again is refused with a clear message.
        phone.goto(check_in)
        phone.locator("form button.btn-primary").click()
        assert phone.locator("[data-check-error]").inner_text()

        # 25 and 45 minutes in (both keep their sessions alive), the volunteer checks out.
        clock.shift(dt.timedelta(minutes=25))
        desktop.reload()
        phone.goto(f"{live_server.url}/app/volunteers/")
        clock.shift(dt.timedelta(minutes=20))
        desktop.reload()
        phone.goto(desktop.locator("a[data-url=out]").get_attribute("href"))
        phone.locator("form button.btn-primary").click()
        phone.locator("[data-check-done=out]").wait_for()
        assert phone.locator("[data-pending-hours]").get_attribute("data-pending-hours") == "0.75"
        screenshot(phone, "volunteer-checked-out")

        # The organiser confirms; the volunteer sees the hours on the activity and on their record.
        desktop.goto(f"{live_server.url}/workbench/volunteers/activities/{activity.pk}/")
        desktop.locator("input[name=form][value=confirm_all] + button").click()
        desktop.locator("tr[data-signup] [data-hours]").wait_for()
        phone.goto(f"{live_server.url}/app/volunteers/activities/{activity.pk}/")
        assert phone.locator("[data-hours]").get_attribute("data-hours") == "0.75"
        phone.goto(f"{live_server.url}/app/volunteers/")
        assert phone.locator("[data-total-hours]").get_attribute("data-total-hours") == "0.75"
        screenshot(phone, "volunteer-hours")
    assert SignUp.objects.get().hours_final == SignUp.objects.get().hours
