"""Full coverage (全覆盖): every grid of the campaign's area by exactly one command post."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lianxin.campaigns.coverage import coverage
from lianxin.campaigns.models import CommandPostArea
from lianxin.campaigns.services.setup import post_area_add, post_area_remove
from lianxin.core.models import AuditLog


def names(grids):
    return sorted(grid.name for grid in grids)


def test_two_posts_covering_a_village_each_cover_every_grid_once(world):
    found = coverage(campaign=world.campaign)
    assert names(found.grids) == names([world.tree.village_grid, world.grid_b, world.grid_c, world.grid_d])
    assert found.is_full and found.gaps == [] and found.overlaps == []
    assert found.covered_count == 4


def test_a_grid_nobody_covers_is_a_gap(world):
    CommandPostArea.objects.filter(post=world.post_b).delete()
    CommandPostArea.objects.create(post=world.post_b, node=world.grid_c)
    found = coverage(campaign=world.campaign)
    assert names(found.gaps) == ["河东第二网格"]
    assert not found.is_full and found.overlaps == []


def test_a_grid_covered_through_its_village_and_directly_by_another_post_is_an_overlap(world):
    post_area_add(actor=world.staff, post=world.post_a, node=world.grid_c)
    found = coverage(campaign=world.campaign)
    [(grid, posts)] = found.overlaps
    assert grid.name == "河东第一网格"
    assert [post.name for post in posts] == ["第一指挥部", "第二指挥部"]
    assert found.gaps == [] and not found.is_full


def test_removing_the_extra_area_makes_it_full_again(world):
    area = post_area_add(actor=world.staff, post=world.post_a, node=world.grid_c)
    post_area_remove(actor=world.staff, area=area)
    assert coverage(campaign=world.campaign).is_full


def test_an_area_outside_the_campaign_or_of_the_wrong_kind_is_refused(world):
    for place in (world.tree.grid, world.tree.building):
        with pytest.raises(ValidationError) as refused:
            post_area_add(actor=world.staff, post=world.post_a, node=place)
        assert "node" in refused.value.message_dict
    assert CommandPostArea.objects.count() == 2


def test_covering_the_same_place_twice_is_refused(world):
    with pytest.raises(ValidationError):
        post_area_add(actor=world.staff, post=world.post_a, node=world.village)


def test_only_managers_change_coverage_and_a_refusal_is_audited(world):
    from django.http import Http404

    for who in (world.inspector, world.leader, world.a_leader, world.outsider):
        with pytest.raises(Http404):
            post_area_add(actor=who, post=world.post_a, node=world.grid_c)
    assert CommandPostArea.objects.count() == 2
    assert AuditLog.objects.filter(action="campaigns.post.cover", outcome="denied").count() == 4
