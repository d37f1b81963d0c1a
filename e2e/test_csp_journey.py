"""Pages work under the Content-Security-Policy (no inline script or style): the log-in, the
workbench with an htmx interaction, the dashboard with its charts, a case page, and the
resident's new-request page, with no CSP violation reported by the browser."""

from __future__ import annotations

from typing import Any

import pytest

from e2e.conftest import log_in
from lianxin.casework.workflow import State
from tests.casework.conftest import case_in, cast  # noqa: F401  (users of every party)

pytestmark = pytest.mark.django_db(transaction=True)


def watch(page: Any) -> list[str]:
    """Console messages and page errors that report a refused script, style or frame."""
    problems: list[str] = []

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            problems.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def test_pages_work_under_the_policy(desktop, phone, live_server, tree, cast):  # type: ignore[no-untyped-def]  # noqa: F811
    case = case_in(tree, cast, State.DISPATCHED)
    seen = watch(desktop)

    response = desktop.goto(f"{live_server.url}/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    log_in(desktop, live_server, cast.dispatcher.username)
    desktop.goto(f"{live_server.url}/workbench/")
    # htmx: opening the scope picker loads the org tree; expanding a node loads its children and
    # the expand button removes itself (data-remove-after-request, core/page.js).
    desktop.locator(".scope-picker button[data-bs-toggle=collapse]").click()
    expand = desktop.locator("#scope-tree button[hx-get]").first
    expand.wait_for()
    children_url = expand.get_attribute("hx-get")
    expand.click()
    desktop.locator("#scope-tree .tree-branch li").first.wait_for()
    assert desktop.locator(f"#scope-tree button[hx-get='{children_url}']").count() == 0

    desktop.goto(f"{live_server.url}/workbench/figures/?node={tree.east.pk}")
    desktop.locator(".chart canvas, .chart svg").first.wait_for()
    desktop.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    desktop.get_by_text(case.number).first.wait_for()
    assert seen == []

    seen_phone = watch(phone)
    log_in(phone, live_server, cast.reporter.username)
    phone.goto(f"{live_server.url}/app/cases/new/")
    phone.locator("#locate").wait_for()
    phone.select_option("#id_case_type", "report")  # the form is usable
    assert seen_phone == []
