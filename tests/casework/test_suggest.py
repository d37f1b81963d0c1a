"""Smart intake: category and unit suggestions, likely duplicates, merging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lianxin.casework.models import Case, Category, TimeLimit
from lianxin.casework.services import NotAllowed, StateConflict, Step, case_transition
from lianxin.casework.suggest import likely_duplicates, similarity, suggest_categories, suggest_unit
from lianxin.core import clock
from tests.casework.conftest import case_in, new_case

TEXT = "楼道里有人私拉电线给电动车充电"
BJ = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (TEXT, "safety-ebike"),
        ("电梯又坏了，困人半小时", "property-elevator"),
        ("楼下装修噪音扰民到半夜", "dispute-noise"),
        ("想咨询一下低保怎么申请", "welfare-relief"),
    ],
)
def test_the_text_suggests_its_category(db: None, text: str, code: str) -> None:
    assert suggest_categories(text)[0].category.code == code


def test_nothing_is_suggested_for_text_without_keywords(db: None) -> None:
    assert suggest_categories("你好") == []


def test_the_unit_that_usually_handles_it_is_suggested(tree: Any, cast: Any) -> None:
    first = new_case(tree, cast)
    assert suggest_unit(first) is None
    case_in(tree, cast, "closed")  # same category, same community, handled by 东一物业
    assert suggest_unit(first) == tree.unit


def test_likely_duplicates_are_open_nearby_recent_similar_and_of_the_same_category(
    tree: Any, cast: Any
) -> None:
    point = {"latitude": Decimal("34.750000"), "longitude": Decimal("113.700000")}
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        old = new_case(tree, cast, **point)
    original = new_case(tree, cast, **point)
    elsewhere = new_case(tree, cast, latitude=Decimal("34.760000"), longitude=Decimal("113.720000"))
    unrelated = new_case(tree, cast, **point)
    Case.objects.filter(pk=unrelated.pk).update(text="小区门口的路灯坏了很久")
    again = new_case(tree, cast, **point)
    found = [case for case, _score in likely_duplicates(again)]
    assert original in found
    assert old not in found and elsewhere not in found and unrelated not in found
    assert similarity(TEXT, TEXT) == 1.0 and similarity(TEXT, "路灯坏了") == 0.0


def test_merging_into_the_original_closes_the_repeat(tree: Any, cast: Any) -> None:
    original, repeat = new_case(tree, cast), new_case(tree, cast)
    merged = case_transition(actor=cast.dispatcher, case=repeat, action="merge", step=Step(original=original))
    assert (merged.state, merged.merged_into) == ("declined", original)
    closed = case_in(tree, cast, "closed")
    with pytest.raises(ValidationError):
        case_transition(
            actor=cast.dispatcher, case=new_case(tree, cast), action="merge", step=Step(original=closed)
        )


def test_the_dispatcher_sees_suggestions_and_can_merge_from_the_case_page(
    client: Any, tree: Any, cast: Any
) -> None:
    original, repeat = new_case(tree, cast), new_case(tree, cast)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("case", args=[repeat.pk])).content.decode()
    assert "可能重复" in page and original.number in page
    response = client.post(reverse("case-step", args=[repeat.pk, "merge"]), {"merge-original": original.pk})
    assert response.status_code == 302 and Case.objects.get(pk=repeat.pk).merged_into == original


@pytest.fixture
def hazards_are_quicker(db: None) -> None:
    """Safety hazards: taken in within 1 working hour, handled within 3 working days."""
    safety = Category.objects.get(code="safety")
    for case_type in ("complaint", "report"):
        TimeLimit.objects.create(
            case_type=case_type, category=safety, accept_hours=1, handle_days=3, urgent_hours=2
        )


@pytest.mark.usefixtures("hazards_are_quicker")
def test_taking_a_suggested_category_changes_it_and_its_deadline(tree: Any, cast: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=BJ), tick=False):
        case = new_case(tree, cast, category=Category.objects.get(code="policy-general"), text=TEXT)
        accept_by = case.accept_due
        changed = case_transition(
            actor=cast.dispatcher,
            case=case,
            action="recategorise",
            step=Step(category=Category.objects.get(code="safety-ebike")),
        )
    assert changed.category.code == "safety-ebike" and changed.state == "submitted"
    assert changed.accept_due < accept_by  # a safety hazard must be taken in sooner
    event = changed.events.get(action="recategorise")
    assert event.detail["category"] == {"from": "policy-general", "to": "safety-ebike"}
    with pytest.raises(ValidationError):  # already there
        case_transition(
            actor=cast.dispatcher, case=changed, action="recategorise", step=Step(category=changed.category)
        )
    with pytest.raises(NotAllowed):  # residents do not recategorise their requests
        case_transition(
            actor=cast.reporter,
            case=changed,
            action="recategorise",
            step=Step(category=Category.objects.get(code="city-garbage")),
        )


@pytest.mark.usefixtures("hazards_are_quicker")
def test_after_acceptance_a_new_category_sets_the_handling_deadline_again(tree: Any, cast: Any) -> None:
    case = case_in(tree, cast, "accepted")  # e-bike charging: 3 working days
    assert case.accepted_at is not None
    changed = case_transition(
        actor=cast.dispatcher,
        case=case,
        action="recategorise",
        step=Step(category=Category.objects.get(code="policy-general")),
    )
    assert changed.due_at == clock.add_working_days(case.accepted_at, 15)  # a complaint's 15 days
    assert case.due_at is not None and changed.due_at > case.due_at
    in_progress = case_in(tree, cast, "in_progress")
    with pytest.raises(StateConflict):  # once the unit has it, the category stays
        case_transition(
            actor=cast.dispatcher,
            case=in_progress,
            action="recategorise",
            step=Step(category=Category.objects.get(code="policy-general")),
        )


def test_the_dispatcher_takes_a_suggested_category_from_the_case_page(
    client: Any, tree: Any, cast: Any
) -> None:
    case = new_case(tree, cast, category=Category.objects.get(code="policy-general"), text=TEXT)
    suggested = Category.objects.get(code="safety-ebike")
    client.force_login(cast.dispatcher)
    page = client.get(reverse("case", args=[case.pk])).content.decode()
    assert f'name="recategorise-category" value="{suggested.pk}"' in page
    response = client.post(
        reverse("case-step", args=[case.pk, "recategorise"]), {"recategorise-category": suggested.pk}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).category == suggested
    timeline = client.get(reverse("case", args=[case.pk])).content.decode()
    assert "更改分类" in timeline
    refused = client.post(reverse("case-step", args=[case.pk, "recategorise"]), {"recategorise-category": ""})
    assert refused.status_code == 400 and "这个字段是必填项" in refused.content.decode()


def test_the_api_recategorises_by_code(client: Any, tree: Any, cast: Any) -> None:
    case = new_case(tree, cast)
    client.force_login(cast.dispatcher)
    url = f"/api/v1/cases/{case.pk}/steps/recategorise"
    bad = client.post(url, {"category": "no-such"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"]["category"]
    done = client.post(url, {"category": "safety-wiring"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["category"] == "safety-wiring"
