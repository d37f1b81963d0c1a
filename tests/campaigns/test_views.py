"""The pages' forms: bad input shows the field's error and changes nothing; good input does
what the service does; photos are served only to who may see them."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.campaigns.models import (
    Campaign,
    CommandPostArea,
    Criterion,
    FigureReport,
    Finding,
    FlagAward,
    LeadingGroupMember,
    ScoreSheet,
    Task,
    TaskEvidence,
)
from lianxin.campaigns.services.scoring import LineInput, sheet_submit
from tests.campaigns.conftest import MAY
from tests.factories import TINY_PNG, PersonFactory


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def text(response):
    return html.unescape(response.content.decode())


def png(name="现场.png"):
    return SimpleUploadedFile(name, TINY_PNG, content_type="image/png")


def test_starting_a_campaign(en, world):
    en.force_login(world.staff)
    body = {
        "node": world.tree.west.pk,
        "name": "秋季攻坚",
        "starts_on": "2026-09-30",
        "ends_on": "2026-07-01",
        "red_village_reward": "30000",
        "month1_weight": "1",
        "month2_weight": "1",
        "month3_weight": "1",
        "red_flag_points": "2",
        "black_flag_points": "2",
    }
    response = en.post(reverse("campaigns:new"), body)
    assert response.status_code == 200 and "The campaign cannot end before it starts." in text(response)
    assert Campaign.objects.count() == 1
    body["ends_on"] = "2026-12-31"
    response = en.post(reverse("campaigns:new"), body)
    created = Campaign.objects.get(name="秋季攻坚")
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:setup", args=[created.pk]
    )
    body["node"] = world.tree.east.pk  # not theirs: not even offered
    assert "node" in en.post(reverse("campaigns:new"), body).context["form"].errors


def test_set_up_forms_show_errors_and_change_nothing(en, world):
    en.force_login(world.staff)
    stranger = PersonFactory.create(node=world.tree.other_grid, name="外街道人")
    response = en.post(
        reverse("campaigns:seat-add", args=[world.campaign.pk]), {"person": stranger.pk, "duty": "member"}
    )
    assert response.status_code == 400 and not LeadingGroupMember.objects.exists()
    response = en.post(
        reverse("campaigns:area-add", args=[world.post_a.pk]), {"area-node": world.tree.grid.pk}
    )
    assert response.status_code == 400 and CommandPostArea.objects.count() == 2
    response = en.post(
        reverse("campaigns:criterion-add", args=[world.campaign.pk]),
        {"name": "新", "weight": "0", "applies_to": "both", "sort": "1"},
    )
    assert response.status_code == 400 and "A weight is more than zero." in text(response)
    assert Criterion.objects.count() == 2
    response = en.post(
        reverse("campaigns:post-edit", args=[world.campaign.pk, world.post_b.pk]),
        {"name": "第一指挥部", "sort": "2"},
    )
    assert "Another command post of this campaign has this name." in text(response)


def test_reporting_figures_on_the_post_page(en, world):
    en.force_login(world.a_leader)
    url = reverse("campaigns:post-figures", args=[world.post_a.pk])
    response = en.post(url, {"span": "day", "starts_on": "2026-06-09", f"metric_{world.people.pk}": "-4"})
    assert response.status_code == 400 and not FigureReport.objects.exists()
    # A week given by any of its days is the week from its Monday.
    response = en.post(url, {"span": "week", "starts_on": "2026-06-03", f"metric_{world.waste.pk}": "12.5"})
    assert response.status_code == 302
    assert FigureReport.objects.get().starts_on == dt.date(2026, 6, 1)
    response = en.post(url, {"span": "day", "starts_on": "2026-06-02", f"metric_{world.waste.pk}": "1"})
    assert response.status_code == 400 and "This day's week is already reported for this figure." in text(
        response
    )


def test_moving_a_task_on_the_task_page(en, busy):
    w = busy.world
    en.force_login(w.a_leader)
    url = reverse("campaigns:task-progress", args=[busy.leaf_a.pk])
    response = en.post(url, {"status": "todo", "progress": "20"})
    assert response.status_code == 400 and "A task not started has no progress yet." in text(response)
    assert Task.objects.get(pk=busy.leaf_a.pk).progress == 60
    assert en.post(url, {"status": "doing", "progress": "90"}).status_code == 302
    assert Task.objects.get(pk=busy.leaf_a.pk).progress == 90
    # The parent takes its progress from its sub-tasks: no form for it.
    page = en.get(reverse("campaigns:task", args=[busy.root.pk])).content.decode()
    assert reverse("campaigns:task-progress", args=[busy.root.pk]) not in page


def test_evidence_photos_are_served_to_who_sees_the_task(en, busy):
    w = busy.world
    en.force_login(w.a_leader)
    response = en.post(
        reverse("campaigns:task-evidence", args=[busy.leaf_a.pk]), {"ev-photo": png(), "ev-note": "清理后"}
    )
    assert response.status_code == 302
    evidence = TaskEvidence.objects.get()
    url = reverse("campaigns:evidence-photo", args=[busy.leaf_a.pk, evidence.pk])
    photo = en.get(url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    en.force_login(w.b_member)
    assert en.get(url).status_code == 404
    en.force_login(w.leader)
    assert en.get(url).status_code == 200


def test_scoring_on_the_phone(en, world):
    en.force_login(world.inspector)
    url = reverse("campaigns:inspect-score", args=[world.campaign.pk, "post", world.post_a.pk])
    response = en.post(url, {f"score_{world.order.pk}": "90"})
    assert response.status_code == 400 and not ScoreSheet.objects.exists()
    response = en.post(
        url + "?month=2026-05", {f"score_{world.order.pk}": "90", f"score_{world.tidy.pk}": "80"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-05")
    assert ScoreSheet.objects.get().month == MAY
    page = en.get(
        reverse("campaigns:inspect-campaign", args=[world.campaign.pk]) + "?month=2026-05"
    ).content.decode()
    assert (
        f'data-score="post-{world.post_a.pk}"' not in page and f'data-score="post-{world.post_b.pk}"' in page
    )
    response = en.get(
        reverse("campaigns:inspect-score", args=[world.campaign.pk, "village", world.tree.grid.pk])
    )
    assert response.status_code == 404  # not a village of the campaign


def test_recording_a_finding_on_the_phone(en, world):
    en.force_login(world.inspector)
    url = reverse("campaigns:inspect-finding", args=[world.campaign.pk])
    body = {
        "place": "河西路口",
        "node": world.tree.village_grid.pk,
        "post": world.post_a.pk,
        "description": "垃圾堆放",
        "working_days": "3",
        "case_type": "report",
        "involves_residents": "on",
    }
    response = en.post(url, body)
    assert response.status_code == 400 and "Choose the request's category." in text(response)
    assert not Finding.objects.exists()
    page = en.get(url)
    assert page.context["post_of_place"][str(world.tree.village_grid.pk)] == world.post_a.pk
    del body["involves_residents"]
    response = en.post(url, {**body, "photos": [png(), png("第二张.png")]})
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.task is not None and finding.photos.count() == 2
    photo = finding.photos.get(pk=finding.photos.order_by("pk").values_list("pk", flat=True)[0])
    assert en.get(reverse("campaigns:finding-photo", args=[finding.pk, photo.pk])).status_code == 200
    en.force_login(world.b_member)
    assert en.get(reverse("campaigns:finding-photo", args=[finding.pk, photo.pk])).status_code == 404
    en.force_login(world.a_leader)
    assert en.get(reverse("campaigns:finding-photo", args=[finding.pk, photo.pk])).status_code == 200


def test_reinspecting_on_the_phone(en, busy):
    en.force_login(busy.world.inspector)
    url = reverse("campaigns:inspect-recheck", args=[busy.finding_a.pk])
    response = en.post(url, {"passed": "0"})
    assert response.status_code == 400
    assert en.post(url, {"passed": "1", "note": "已整改"}).status_code == 302
    assert Finding.objects.get(pk=busy.finding_a.pk).status == "passed"
    assert en.get(url).status_code == 302  # nothing left to re-inspect: to the finding


def test_awarding_flags_with_a_tie_on_the_page(en, world):
    for holder in (world.post_a, world.post_b):
        sheet_submit(
            actor=world.inspector,
            campaign=world.campaign,
            month=MAY,
            holder=holder,
            lines={world.order.pk: LineInput(Decimal(80)), world.tidy.pk: LineInput(Decimal(80))},
        )
    en.force_login(world.staff)
    page = en.get(reverse("campaigns:flags", args=[world.campaign.pk]) + "?month=2026-05")
    assert 'id="award-form"' in page.content.decode() and set(page.context["form"].fields) == {
        "red-post",
        "black-post",
    }
    url = reverse("campaigns:flags-award", args=[world.campaign.pk])
    key_a, key_b = f"post-{world.post_a.pk}", f"post-{world.post_b.pk}"
    response = en.post(url, {"month": "2026-05", "red-post": key_a, "black-post": key_a})
    assert response.status_code == 400 and "The red and the black flag cannot go to the same." in text(
        response
    )
    assert not FlagAward.objects.exists()
    response = en.post(url, {"month": "2026-05", "red-post": key_b, "black-post": key_a})
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-05")
    assert FlagAward.objects.get(colour="red").post == world.post_b
    june = en.get(reverse("campaigns:flags", args=[world.campaign.pk]) + "?month=2026-06").content.decode()
    assert 'id="award-form"' not in june  # June is not over
