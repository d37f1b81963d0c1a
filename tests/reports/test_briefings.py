"""Work briefings: written from the figures in the page's register, edited, issued and frozen,
downloaded as Word and PDF, and only for those who may."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from lianxin.core.roles import CAPABILITIES, Cap, Role
from lianxin.reports.models import Briefing
from lianxin.reports.periods import parse
from lianxin.reports.selectors import briefing_numbers
from lianxin.reports.services import briefing_create, briefing_issue, briefing_update
from tests.casework.test_measures import NOW, known_set, make
from tests.factories import UserFactory, grant

NOVEMBER = parse("2026-11", today=NOW.date())


@pytest.fixture
def writer(tree: Any) -> Any:
    user = UserFactory.create()
    grant(user, Role.SUBDISTRICT_STAFF, tree.east)
    return user


def test_a_draft_is_written_from_the_figures_in_chinese(tree: Any, writer: Any) -> None:
    known_set(tree)
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    assert briefing.title == "城东路街道工作简报（2026年11月）"
    assert "一、民意诉求" in briefing.body and "{cases.submitted}" in briefing.body
    numbers = briefing_numbers(actor=writer, briefing=briefing)
    assert numbers["cases.submitted"] == "9件" and numbers["cases.satisfaction_rate"] == "66.7%"


def test_a_period_without_records_says_so(tree: Any, writer: Any) -> None:
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    assert "本期间该区域尚无工作记录" in briefing.body and "民意诉求" not in briefing.body


def test_bad_edits_are_refused_and_change_nothing(tree: Any, writer: Any) -> None:
    known_set(tree)
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    for title, body, field in [
        ("", "正文", "title"),
        ("标题", "共收到{cases.nonsense}", "body"),
        ("标题", "   ", "body"),
    ]:
        with pytest.raises(ValidationError) as refused:
            briefing_update(actor=writer, briefing=briefing, title=title, body=body)
        assert field in refused.value.message_dict
    assert Briefing.objects.get(pk=briefing.pk).body == briefing.body


def test_an_issued_briefing_keeps_its_numbers_and_can_no_longer_be_changed(tree: Any, writer: Any) -> None:
    known_set(tree)
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    briefing = briefing_update(
        actor=writer, briefing=briefing, title=briefing.title, body="本月共收到群众诉求{cases.submitted}。"
    )
    issued = briefing_issue(actor=writer, briefing=briefing)
    assert issued.figures == {"cases.submitted": {"value": "9", "text": "9件"}}
    make(tree.grid, submitted_at=NOW)  # the records move on …
    assert (
        briefing_numbers(actor=writer, briefing=issued)["cases.submitted"] == "9件"
    )  # … the briefing does not
    with pytest.raises(ValidationError):
        briefing_update(actor=writer, briefing=issued, title="改", body="改")
    with pytest.raises(ValidationError):
        briefing_issue(actor=writer, briefing=issued)


def test_word_and_pdf_open_and_hold_the_text(client: Any, tree: Any, writer: Any) -> None:
    known_set(tree)
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    client.force_login(writer)
    word = client.get(reverse("reports:briefing-file", args=[briefing.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "城东路街道工作简报" in text and "收到群众诉求9件" in text and "66.7%" in text
    pdf = client.get(reverse("reports:briefing-file", args=[briefing.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    extracted = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "城东路街道工作简报" in extracted.replace(" ", "") and "9件" in extracted.replace(" ", "")
    assert client.get(reverse("reports:briefing-file", args=[briefing.pk, "exe"])).status_code == 404


def test_the_web_page_links_every_number_to_its_records(client: Any, tree: Any, writer: Any) -> None:
    known_set(tree)
    briefing = briefing_create(actor=writer, node=tree.east, period=NOVEMBER)
    client.force_login(writer)
    page = client.get(reverse("reports:briefing", args=[briefing.pk])).content.decode()
    link = f"{reverse('reports:records', args=['cases.submitted'])}?node={tree.east.pk}&amp;period=2026-11"
    assert f'href="{link}" data-figure="cases.submitted">9件</a>' in page


def test_writing_in_the_browser(client: Any, tree: Any, writer: Any) -> None:
    known_set(tree)
    client.force_login(writer)
    created = client.post(reverse("reports:briefing-new"), {"node": tree.east.pk, "period": "2026-11"})
    briefing = Briefing.objects.get()
    assert created["Location"] == reverse("reports:briefing", args=[briefing.pk])
    bad = client.post(
        reverse("reports:briefing-edit", args=[briefing.pk]), {"title": "简报", "body": "{x.y}"}
    )
    assert bad.status_code == 200 and "{x.y}" in bad.content.decode()
    client.post(
        reverse("reports:briefing-edit", args=[briefing.pk]),
        {"title": "十一月简报", "body": "共{cases.submitted}。"},
    )
    client.post(reverse("reports:briefing-issue", args=[briefing.pk]))
    issued = Briefing.objects.get()
    assert (issued.title, issued.state, issued.issued_by) == ("十一月简报", "issued", writer)
    assert client.get(reverse("reports:briefing-edit", args=[briefing.pk])).status_code == 404


@pytest.mark.parametrize("role", Role.values)
def test_who_may_read_and_write_briefings(client: Any, tree: Any, writer: Any, role: str) -> None:
    inside = briefing_create(actor=writer, node=tree.community, period=NOVEMBER)
    outsider = UserFactory.create()
    grant(outsider, Role.SUBDISTRICT_STAFF, tree.west)
    elsewhere = briefing_create(actor=outsider, node=tree.village, period=NOVEMBER)
    user = UserFactory.create()
    grant(user, role, tree.community)
    client.force_login(user)
    caps = CAPABILITIES[role]
    reads = Cap.WORKBENCH in caps and Cap.FIGURES_VIEW in caps
    writes = reads and Cap.BRIEFINGS_WRITE in caps
    assert client.get(f"{reverse('reports:briefings')}?node={tree.community.pk}").status_code == (
        200 if reads else 404
    )
    assert client.get(reverse("reports:briefing", args=[inside.pk])).status_code == (200 if reads else 404)
    assert client.get(reverse("reports:briefing-file", args=[inside.pk, "docx"])).status_code == (
        200 if reads else 404
    )
    assert client.get(reverse("reports:briefing-edit", args=[inside.pk])).status_code == (
        200 if writes else 404
    )
    before = Briefing.objects.count()
    made = client.post(reverse("reports:briefing-new"), {"node": tree.community.pk, "period": "2026-11"})
    assert made.status_code == (302 if writes else 404)
    assert Briefing.objects.count() == before + (1 if writes else 0)
    issue = client.post(reverse("reports:briefing-issue", args=[inside.pk]))
    assert issue.status_code == (302 if writes else 404)
    assert Briefing.objects.get(pk=inside.pk).is_issued == writes
    for url in [
        reverse("reports:briefing", args=[elsewhere.pk]),
        reverse("reports:briefing-file", args=[elsewhere.pk, "pdf"]),
        reverse("reports:briefing-edit", args=[elsewhere.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("reports:briefing-issue", args=[elsewhere.pk])).status_code == 404
    assert not Briefing.objects.get(pk=elsewhere.pk).is_issued
