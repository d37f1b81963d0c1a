"""Smart intake: category and unit suggestions, likely duplicates, merging."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lianxin.casework.models import Case
from lianxin.casework.services import Step, case_transition
from lianxin.casework.suggest import likely_duplicates, similarity, suggest_categories, suggest_unit
from tests.casework.conftest import case_in, new_case

TEXT = "楼道里有人私拉电线给电动车充电"


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
