"""A request's whole life in the browser: a resident on a phone submits it with a photo,
staff dispatch it, the unit replies with a photo of the work done, staff close it, the
resident sees the proof, rates it and sees it closed."""

from __future__ import annotations

import pytest

from e2e.conftest import log_in, screenshot
from lianxin.casework.models import Case
from tests.casework.conftest import cast  # noqa: F401  (users of every party)
from tests.factories import TINY_PNG

pytestmark = pytest.mark.django_db(transaction=True)


def test_submit_dispatch_reply_close_and_rate(phone, desktop, live_server, tree, cast, tmp_path):  # noqa: F811
    photo = tmp_path / "现场.png"
    photo.write_bytes(TINY_PNG)

    log_in(phone, live_server, cast.reporter.username)
    phone.goto(f"{live_server.url}/app/cases/new/")
    phone.select_option("#id_case_type", "report")
    phone.select_option("#id_category", label="安全隐患 › 电动车违规充电")
    phone.fill("#id_text", "楼道里有人私拉电线给电动车充电")
    phone.fill("#id_address", "东一路1号")
    phone.set_input_files("#id_photos", str(photo))
    phone.get_by_role("button", name="提交").click()
    phone.get_by_text("待受理").first.wait_for()
    case = Case.objects.get(text="楼道里有人私拉电线给电动车充电")
    assert case.photos.count() == 1 and phone.locator("img[alt^='照片']").is_visible()
    screenshot(phone, "case-submitted")

    def step(user, label: str, fill: dict[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
        log_in(desktop, live_server, user.username)
        desktop.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
        desktop.get_by_role("button", name=label, exact=True).first.click()
        panel = desktop.locator(".accordion-collapse.show")
        for selector, value in (fill or {}).items():
            if selector.startswith("select"):
                panel.locator(selector.split(":", 1)[1]).select_option(value)
            elif selector.startswith("file"):
                panel.locator(selector.split(":", 1)[1]).set_input_files(value)
            else:
                panel.locator(selector).fill(value)
        with desktop.expect_navigation():
            panel.get_by_role("button", name=label, exact=True).click()

    step(cast.dispatcher, "受理")
    step(cast.dispatcher, "派遣", {"select:#id_dispatch-unit": str(tree.unit.pk)})
    step(cast.unit, "签收")
    step(
        cast.unit,
        "办结答复",
        {"#id_reply-reply": "已拆除飞线，并在楼下设置充电桩", "file:#id_reply-photos": str(photo)},
    )
    step(cast.dispatcher, "核查结案")
    screenshot(desktop, "case-closed-by-staff")
    assert Case.objects.get(pk=case.pk).state == "closed"

    log_in(phone, live_server, cast.reporter.username)
    phone.goto(f"{live_server.url}/app/cases/{case.pk}/")
    assert phone.get_by_text("已拆除飞线").first.is_visible()
    assert phone.locator("img[alt^='照片']").count() == 2  # the resident's and the unit's proof
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="评价").click()
    phone.get_by_text("感谢您的评价").wait_for()
    assert phone.get_by_text("已结案").first.is_visible()
    screenshot(phone, "case-rated")
    rated = Case.objects.get(pk=case.pk)
    assert (rated.state, rated.rating) == ("closed", "satisfied")
