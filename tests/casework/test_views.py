"""The request pages: a resident submits and rates, staff take in, dispatch, handle, close."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lianxin.casework.models import Case, Category
from lianxin.casework.services import CaseInput, case_submit
from lianxin.core.pii import keyed_hash
from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.people.models import Person
from tests.casework.conftest import case_in, new_case
from tests.factories import PersonFactory, UserFactory, grant


def test_a_resident_submits_follows_and_rates_a_request(client: Any, tree: Any, cast: Any) -> None:
    client.force_login(cast.reporter)
    category = Category.objects.get(code="safety-wiring")
    bad = client.post(reverse("app-case-new"), {"case_type": "report", "category": category.pk, "text": ""})
    assert bad.status_code == 200 and "这个字段是必填项" in bad.content.decode()
    response = client.post(
        reverse("app-case-new"),
        {
            "case_type": "report",
            "category": category.pk,
            "text": "楼道电线老化冒火花",
            "address": "东一路1号",
        },
    )
    case = Case.objects.get(text="楼道电线老化冒火花")
    assert response["Location"] == reverse("app-case", args=[case.pk])
    assert case.node == tree.building and case.reporter_user == cast.reporter
    assert case.number in client.get(reverse("app-cases")).content.decode()
    assert "待受理" in client.get(reverse("app-case", args=[case.pk])).content.decode()


def test_staff_take_it_through_the_workflow_in_the_workbench(client: Any, tree: Any, cast: Any) -> None:
    case = new_case(tree, cast)
    client.force_login(cast.dispatcher)
    queue = client.get(reverse("cases")).content.decode()
    assert case.number in queue
    page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert (
        "受理" in page and "不予受理" in page and "派遣" not in page.split("下一步")[-1].split("办理记录")[0]
    )
    assert client.post(reverse("case-step", args=[case.pk, "accept"])).status_code == 302
    missing = client.post(reverse("case-step", args=[case.pk, "dispatch"]))
    assert missing.status_code == 400 and "这个字段是必填项" in missing.content.decode()
    client.post(reverse("case-step", args=[case.pk, "dispatch"]), {"dispatch-unit": tree.unit.pk})
    again = client.post(reverse("case-step", args=[case.pk, "accept"]))
    assert again.status_code == 409 and "已派遣" in again.content.decode()

    client.force_login(cast.unit)
    assert case.number in client.get(reverse("cases"), {"mine": "1"}).content.decode()
    client.post(reverse("case-step", args=[case.pk, "acknowledge"]))
    client.post(reverse("case-step", args=[case.pk, "reply"]), {"reply-reply": "已更换线路"})
    client.force_login(cast.dispatcher)
    client.post(reverse("case-step", args=[case.pk, "close"]))
    assert Case.objects.get(pk=case.pk).state == "closed"

    client.force_login(cast.reporter)
    page = client.get(reverse("app-case", args=[case.pk])).content.decode()
    assert "已更换线路" in page and "满意" in page
    client.post(reverse("app-case-rate", args=[case.pk]), {"rate-rating": "satisfied"})
    rated = Case.objects.get(pk=case.pk)
    assert (rated.state, rated.rating) == ("closed", "satisfied")
    assert "rate-rating" not in client.get(reverse("app-case", args=[case.pk])).content.decode()


def test_staff_take_in_a_phone_call(client: Any, tree: Any, cast: Any) -> None:
    client.force_login(cast.dispatcher)
    category = Category.objects.get(code="welfare-pension")
    response = client.post(
        reverse("case-intake"),
        {
            "channel": "hotline",
            "case_type": "help",
            "category": category.pk,
            "priority": "normal",
            "text": "独居老人需要助餐",
            "node": tree.grid.pk,
            "is_anonymous": "on",
            "callback_phone": "13700001111",
        },
    )
    case = Case.objects.get(text="独居老人需要助餐")
    assert response["Location"] == reverse("case", args=[case.pk])
    assert (case.channel, case.is_anonymous, case.node) == ("hotline", True, tree.grid)
    assert "137****1111" in client.get(reverse("case", args=[case.pk])).content.decode()


def test_a_call_from_a_registered_resident_reaches_their_app(client: Any, tree: Any, cast: Any) -> None:
    caller = Person.objects.get(user=cast.reporter)
    Person.objects.filter(pk=caller.pk).update(phone_hash=keyed_hash("13911112222"))
    client.force_login(cast.dispatcher)
    form = {
        "channel": "hotline",
        "case_type": "help",
        "category": Category.objects.get(code="facility-lights").pk,
        "priority": "normal",
        "text": "来电：楼前路灯不亮",
        "node": tree.grid.pk,
        "callback_phone": "13911112222",
    }
    response = client.post(reverse("case-intake"), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = Case.objects.get(text="来电：楼前路灯不亮")
    assert (case.reporter, case.reporter_user) == (caller, cast.reporter)
    client.force_login(cast.reporter)
    assert case.number in client.get(reverse("app-cases")).content.decode()
    client.force_login(cast.outsider)  # another community: the caller is not theirs to name
    client.post(reverse("case-intake"), form | {"text": "来电：另一社区", "node": tree.other_community.pk})
    elsewhere = Case.objects.get(text="来电：另一社区")
    assert elsewhere.reporter is None and elsewhere.reporter_user is None


def test_a_resident_outside_the_area_cannot_be_named_the_reporter(tree: Any, cast: Any) -> None:
    stranger = PersonFactory.create(node=tree.other_community)
    data = CaseInput(
        channel="hotline",
        case_type="help",
        category=Category.objects.get(code="facility-lights"),
        text="路灯坏了",
        node=tree.grid,
        reporter=stranger,
    )
    with pytest.raises(ValidationError) as refused:
        case_submit(actor=cast.bystander, data=data)
    assert "reporter" in refused.value.message_dict
    assert not Case.objects.filter(text="路灯坏了").exists()


def test_nobody_opens_a_case_they_may_not_see(client: Any, tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "accepted")
    neighbour = UserFactory.create()
    PersonFactory.create(node=tree.building, user=neighbour)
    client.force_login(neighbour)
    assert client.get(reverse("app-case", args=[case.pk])).status_code == 404
    assert (
        client.post(reverse("app-case-rate", args=[case.pk]), {"rate-rating": "satisfied"}).status_code == 404
    )
    client.force_login(cast.reporter)
    assert client.get(reverse("case", args=[case.pk])).status_code == 404  # residents have no workbench
    client.force_login(cast.outsider)
    assert client.get(reverse("case", args=[case.pk])).status_code == 404
    assert client.post(reverse("case-step", args=[case.pk, "dispatch"])).status_code == 404


@pytest.mark.parametrize("role", Role.values)
def test_the_queue_and_intake_follow_the_capabilities(client: Any, tree: Any, role: str) -> None:
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    caps = CAPABILITIES[role]
    sees_cases = Cap.WORKBENCH in caps and bool(caps & {Cap.CASES_VIEW, Cap.CASES_DISPATCH, Cap.CASES_HANDLE})
    assert client.get(reverse("cases")).status_code == (200 if sees_cases else 404)
    takes_in = Cap.WORKBENCH in caps and Cap.CASES_INTAKE in caps
    assert client.get(reverse("case-intake")).status_code == (200 if takes_in else 404)
    assert client.get(reverse("app-cases")).status_code == 200


def test_a_unit_that_sends_a_case_back_lands_on_its_queue(client: Any, tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "dispatched")
    client.force_login(cast.unit)
    response = client.post(reverse("case-step", args=[case.pk, "return"]), {"return-note": "不属本单位职责"})
    assert response.status_code == 302 and response["Location"] == reverse("cases")
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("case", args=[case.pk])).status_code == 404  # no longer the unit's
