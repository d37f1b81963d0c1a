"""Monthly evaluation with weighted criteria, ranks, and the red and black flags: the rule,
its ties, a month with missing scores, and what an award does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lianxin.campaigns.models import CommandPost, Criterion, Finding, FlagAward, ScoreSheet, Subject, Task
from lianxin.campaigns.ranking import flag_picks, month_results
from lianxin.campaigns.services.scoring import LineInput, flags_award, sheet_submit, weighted_total
from lianxin.core.models import Notification
from lianxin.core.roles import Role
from tests.campaigns.conftest import JUNE, MAY, person_user

D = Decimal


def score(world, holder, order, tidy, *, who=None, month=MAY, comment=""):
    lines = {world.order.pk: LineInput(D(order)), world.tidy.pk: LineInput(D(tidy))}
    return sheet_submit(
        actor=who or world.inspector,
        campaign=world.campaign,
        month=month,
        holder=holder,
        lines=lines,
        comment=comment,
    )


def finding(world, post, day=dt.date(2026, 5, 12), where=None):
    """A finding of ``day`` (written directly: only its date and post matter here)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    task = Task.objects.create(campaign=world.campaign, post=post, title="整改", working_days=3, due_at=at)
    return Finding.objects.create(
        campaign=world.campaign,
        found_at=at,
        inspector=world.inspector,
        place="路口",
        node=where or world.village,
        post=post,
        description="垃圾未清",
        working_days=3,
        due_at=at,
        task=task,
    )


def third_post(world, name="第三指挥部"):
    return CommandPost.objects.create(campaign=world.campaign, name=name, sort=3)


def test_a_sheet_total_is_the_weighted_mean_of_its_scores(world):
    sheet = score(world, world.post_a, 90, 70)  # (90×60 + 70×40) / 100
    assert sheet.total == D("82.00")
    assert {line.criterion_id: line.weight for line in sheet.lines.all()} == {
        world.order.pk: 60,
        world.tidy.pk: 40,
    }
    assert weighted_total([(D(100), D(1)), (D(0), D(2))]) == D("33.33")


def test_scoring_again_replaces_the_inspectors_own_sheet_and_a_second_inspector_is_averaged(world):
    score(world, world.post_a, 90, 70)
    score(world, world.post_a, 80, 80)
    assert ScoreSheet.objects.get().total == 80
    _p, second = person_user(Role.INSPECTOR, world.tree.west, "第二督察员")
    score(world, world.post_a, 90, 90, who=second)
    results = month_results(campaign=world.campaign, month=MAY)
    standing = results.posts[0]
    assert (standing.holder, standing.score, standing.sheets) == (world.post_a, D("85.00"), 2)


def test_the_weights_as_scored_stay_when_the_sheet_changes(world):
    sheet = score(world, world.post_a, 100, 0)
    Criterion.objects.filter(pk=world.order.pk).update(weight=10)
    assert ScoreSheet.objects.get(pk=sheet.pk).total == 60
    assert sheet.lines.get(criterion=world.order).weight == 60


@pytest.mark.parametrize(
    ("order", "tidy", "field"),
    [(None, 80, "order"), (101, 80, "order"), (-1, 80, "order")],
)
def test_every_criterion_needs_a_score_from_0_to_100(world, order, tidy, field):
    lines = {world.tidy.pk: LineInput(D(tidy))}
    if order is not None:
        lines[world.order.pk] = LineInput(D(order))
    with pytest.raises(ValidationError) as refused:
        sheet_submit(
            actor=world.inspector, campaign=world.campaign, month=MAY, holder=world.post_a, lines=lines
        )
    assert f"score_{world.order.pk}" in refused.value.message_dict
    assert not ScoreSheet.objects.exists()


def test_months_outside_the_campaign_or_in_the_future_are_refused(world):
    for month in (dt.date(2026, 2, 1), dt.date(2026, 7, 1)):
        with pytest.raises(ValidationError) as refused:
            score(world, world.post_a, 80, 80, month=month)
        assert "month" in refused.value.message_dict


def test_only_inspectors_score(world):
    for who in (world.staff, world.leader, world.a_leader, world.outsider):
        with pytest.raises(Http404):
            score(world, world.post_a, 80, 80, who=who)
    assert not ScoreSheet.objects.exists()


def test_ranks_share_equal_scores_and_the_unscored_have_none(world):
    post_c, post_d = third_post(world), third_post(world, "第四指挥部")
    score(world, world.post_a, 90, 90)
    score(world, world.post_b, 80, 80)
    score(world, post_c, 90, 90)
    results = month_results(campaign=world.campaign, month=MAY)
    ranks = {s.holder.name: s.rank for s in results.posts}
    assert ranks == {"第一指挥部": 1, "第三指挥部": 1, "第二指挥部": 3, "第四指挥部": None}
    assert results.posts[-1].holder == post_d and results.unscored[0].holder == post_d


def picks_by_slot(world, month=MAY):
    return {p.slot: p for p in flag_picks(month_results(campaign=world.campaign, month=month))}


def test_red_to_the_highest_black_to_the_lowest(world):
    score(world, world.post_a, 95, 90)
    score(world, world.post_b, 70, 60)
    score(world, world.village, 88, 80)
    score(world, world.village2, 91, 95)
    picks = picks_by_slot(world)
    assert picks["red-post"].winner.holder == world.post_a
    assert picks["black-post"].winner.holder == world.post_b
    assert picks["red-village"].winner.holder == world.village2
    assert picks["black-village"].winner.holder == world.village
    assert picks["red-post"].how == "Highest score."


def test_a_tie_goes_to_fewer_findings_for_red_and_more_findings_for_black(world):
    post_c = third_post(world)
    for post in (world.post_a, world.post_b, post_c):
        score(world, post, 80, 80)
    finding(world, world.post_a)
    finding(world, world.post_a)
    finding(world, world.post_b)
    finding(world, post_c, day=dt.date(2026, 4, 30))  # April's finding does not count in May
    picks = picks_by_slot(world)
    assert picks["red-post"].winner.holder == post_c
    assert "fewer inspection findings" in picks["red-post"].how
    assert picks["black-post"].winner.holder == world.post_a
    assert "more inspection findings" in picks["black-post"].how


def test_a_tie_the_rule_cannot_break_is_chosen_when_awarding(world):
    post_c = third_post(world)
    score(world, world.post_a, 90, 90)
    score(world, world.post_b, 90, 90)
    score(world, post_c, 60, 60)
    red = picks_by_slot(world)["red-post"]
    assert red.needs_choice and {s.holder for s in red.tied} == {world.post_a, world.post_b}
    assert picks_by_slot(world)["black-post"].winner.holder == post_c
    with pytest.raises(ValidationError) as unchosen:
        flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    assert "red-post" in unchosen.value.message_dict
    assert not FlagAward.objects.exists()
    with pytest.raises(ValidationError):
        flags_award(
            actor=world.staff, campaign=world.campaign, month=MAY, choices={"red-post": f"post-{post_c.pk}"}
        )
    awards = flags_award(
        actor=world.staff, campaign=world.campaign, month=MAY, choices={"red-post": f"post-{world.post_b.pk}"}
    )
    red_award = next(a for a in awards if a.colour == "red")
    assert red_award.post == world.post_b and "leading group chooses" in red_award.how


def test_all_level_the_red_and_black_must_be_different(world):
    score(world, world.post_a, 80, 80)
    score(world, world.post_b, 80, 80)
    key_a, key_b = f"post-{world.post_a.pk}", f"post-{world.post_b.pk}"
    with pytest.raises(ValidationError) as same:
        flags_award(
            actor=world.staff,
            campaign=world.campaign,
            month=MAY,
            choices={"red-post": key_a, "black-post": key_a},
        )
    assert "black-post" in same.value.message_dict
    awards = flags_award(
        actor=world.staff,
        campaign=world.campaign,
        month=MAY,
        choices={"red-post": key_a, "black-post": key_b},
    )
    assert {(a.colour, a.post) for a in awards} == {("red", world.post_a), ("black", world.post_b)}


def test_a_month_with_missing_scores(world):
    post_c = third_post(world)
    score(world, world.post_a, 70, 70)
    score(world, world.village, 85, 85)  # one village scored, the other not
    picks = picks_by_slot(world)
    assert picks["red-post"].winner.holder == world.post_a  # only one post scored: red, no black
    assert picks["black-post"].winner is None and "at least two" in picks["black-post"].how
    assert picks["red-village"].winner.holder == world.village and picks["black-village"].winner is None
    unscored = {s.holder for s in month_results(campaign=world.campaign, month=MAY).unscored}
    assert unscored == {world.post_b, post_c, world.village2}
    awards = flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    assert {(a.colour, a.subject) for a in awards} == {("red", Subject.POST), ("red", Subject.VILLAGE)}


def test_a_month_nobody_scored_has_no_flags(world):
    picks = picks_by_slot(world)
    assert all(p.winner is None and not p.tied for p in picks.values())
    with pytest.raises(ValidationError) as refused:
        flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    assert "month" in refused.value.message_dict


def test_an_award_records_its_consequence_and_closes_the_month(world):
    score(world, world.post_a, 95, 95)
    score(world, world.post_b, 60, 60)
    score(world, world.village, 90, 90)
    score(world, world.village2, 70, 70)
    awards = {
        f"{a.colour}-{a.subject}": a
        for a in flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    }
    assert awards["red-village"].village == world.village
    assert awards["red-village"].reward == D(30000) and awards["red-village"].consequence == "奖励村奖补资金"
    assert awards["black-post"].consequence == "全办大会通报批评" and awards["black-post"].reward is None
    assert awards["red-post"].score == 95
    assert Notification.objects.filter(user=world.a_leader, title__contains="第一指挥部").exists()
    with pytest.raises(ValidationError):
        score(world, world.post_b, 99, 99)  # May is closed
    with pytest.raises(ValidationError):
        flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    score(world, world.post_b, 99, 99, month=JUNE)  # June is still open


def test_flags_are_awarded_once_the_month_is_over_and_only_by_managers(world):
    score(world, world.post_a, 95, 95, month=JUNE)
    with pytest.raises(ValidationError) as early:
        flags_award(actor=world.staff, campaign=world.campaign, month=JUNE)
    assert "month" in early.value.message_dict
    score(world, world.post_a, 95, 95)
    for who in (world.inspector, world.leader, world.a_leader):
        with pytest.raises(Http404):
            flags_award(actor=who, campaign=world.campaign, month=MAY)
    assert not FlagAward.objects.exists()


def test_the_flag_moves_month_to_month(world, frozen):
    score(world, world.post_a, 95, 95, month=dt.date(2026, 4, 1))
    score(world, world.post_b, 60, 60, month=dt.date(2026, 4, 1))
    flags_award(actor=world.staff, campaign=world.campaign, month=dt.date(2026, 4, 1))
    score(world, world.post_a, 60, 60)
    score(world, world.post_b, 95, 95)
    flags_award(actor=world.staff, campaign=world.campaign, month=MAY)
    history = [(a.month.month, a.colour, str(a.post)) for a in FlagAward.objects.order_by("month", "colour")]
    assert history == [
        (4, "black", "第二指挥部"),
        (4, "red", "第一指挥部"),
        (5, "black", "第一指挥部"),
        (5, "red", "第二指挥部"),
    ]
