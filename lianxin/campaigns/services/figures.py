"""Command posts report their progress figures for a day or a week; the weekly scheduling
meeting (周调度) is recorded with the week's figures as they stood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxin.campaigns.models import Campaign, CommandPost, FigureReport, Metric, Span, WeeklyMeeting
from lianxin.campaigns.periods import week_start
from lianxin.campaigns.totals import figure_table
from lianxin.core.audit import audit_record
from lianxin.core.permissions import require

WEEK = dt.timedelta(days=6)


def period_of(span: str, starts_on: dt.date) -> tuple[dt.date, dt.date]:
    return (starts_on, starts_on + WEEK) if span == Span.WEEK else (starts_on, starts_on)


def _check_period(post: CommandPost, span: str, starts_on: dt.date) -> dt.date:
    campaign = post.campaign
    if span not in Span.values:
        raise ValidationError({"span": [_("Choose a day or a week.")]})
    if span == Span.WEEK and starts_on.weekday() != 0:
        raise ValidationError({"starts_on": [_("A week is reported from its Monday.")]})
    ends_on = period_of(span, starts_on)[1]
    if ends_on < campaign.starts_on or starts_on > campaign.ends_on:
        raise ValidationError({"starts_on": [_("This is outside the campaign's period.")]})
    if starts_on > timezone.localdate():
        raise ValidationError({"starts_on": [_("Figures are reported for days that have begun.")]})
    return ends_on


def figures_report(
    *,
    actor: Any,
    post: CommandPost,
    span: str,
    starts_on: dt.date,
    values: Mapping[Metric, Decimal | None],
    note: str = "",
) -> int:
    """Record (or correct) the post's figures for one day or one week; empty values are left
    alone. A day inside a week already reported, or a week with days reported, is refused so
    that nothing is counted twice. Returns how many figures were written."""
    require(actor, "campaigns.report_figures", post, action="campaigns.figures.report")
    ends_on = _check_period(post, span, starts_on)
    given = {metric: value for metric, value in values.items() if value is not None}
    errors: dict[str, list[str]] = {}
    for metric, value in given.items():
        if metric.campaign_id != post.campaign_id:
            errors[f"metric_{metric.pk}"] = [_("This figure is not counted by the campaign.")]
        elif value < 0:
            errors[f"metric_{metric.pk}"] = [_("Enter zero or more.")]
    if not given:
        errors["__all__"] = [_("Enter at least one figure.")]
    if errors:
        raise ValidationError(errors)
    other_span = Span.DAY if span == Span.WEEK else Span.WEEK
    clashes = FigureReport.objects.filter(
        post=post, metric__in=list(given), span=other_span, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).select_related("metric")
    for clash in clashes:
        message = (
            _("Days of this week are already reported for this figure.")
            if span == Span.WEEK
            else _("This day's week is already reported for this figure.")
        )
        errors[f"metric_{clash.metric_id}"] = [message]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    written: dict[str, dict[str, str]] = {}
    with transaction.atomic():
        existing = {
            report.metric_id: report
            for report in FigureReport.objects.select_for_update().filter(
                post=post, starts_on=starts_on, span=span, metric__in=list(given)
            )
        }
        fresh = []
        for metric, value in given.items():
            report = existing.get(metric.pk)
            if report is None:
                fresh.append(
                    FigureReport(
                        post=post,
                        metric=metric,
                        span=span,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        value=value,
                        note=note,
                        reported_by=actor,
                        reported_at=now,
                    )
                )
                written[metric.name] = {"now": str(value)}
            else:
                written[metric.name] = {"was": str(report.value), "now": str(value)}
                report.value, report.note, report.reported_by, report.reported_at = value, note, actor, now
                report.save(update_fields=["value", "note", "reported_by", "reported_at"])
        FigureReport.objects.bulk_create(fresh)
        audit_record(
            actor=actor,
            action="campaigns.figures.report",
            obj=post,
            detail={"span": span, "from": starts_on.isoformat(), "figures": written},
        )
    return len(written)


def plain(value: Decimal) -> str:
    """A figure as text, the same on every database: ``30``, ``30.5``, ``1200.25``."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def week_figures(campaign: Campaign, monday: dt.date) -> list[dict[str, Any]]:
    """The week's figures per metric and post, as kept in the meeting record."""
    table = figure_table(campaign=campaign, start=monday, end=monday + WEEK)
    return [
        {
            "metric": metric.name,
            "unit": metric.unit,
            "total": plain(table.total(metric)),
            "posts": {
                post.name: plain(table.cell(post, metric)) for post in table.posts if table.cell(post, metric)
            },
        }
        for metric in table.metrics
    ]


def meeting_record(
    *,
    actor: Any,
    campaign: Campaign,
    week_of: dt.date,
    held_on: dt.date,
    chair: str = "",
    attendance: str = "",
    problems: str = "",
    decisions: str = "",
) -> WeeklyMeeting:
    """Record the week's scheduling meeting, with the week's figures as they stand now."""
    require(actor, "campaigns.manage_campaign", campaign, action="campaigns.meeting.record")
    monday = week_start(week_of)
    errors: dict[str, list[str]] = {}
    if monday + WEEK < campaign.starts_on or monday > campaign.ends_on:
        errors["week_of"] = [_("This week is outside the campaign's period.")]
    elif WeeklyMeeting.objects.filter(campaign=campaign, week_starts_on=monday).exists():
        errors["week_of"] = [_("This week's meeting is already recorded.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Record a meeting once it has been held.")]
    if not (problems.strip() or decisions.strip()):
        errors["problems"] = [_("Note the problems raised or what was decided.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = WeeklyMeeting.objects.create(
            campaign=campaign,
            week_starts_on=monday,
            held_on=held_on,
            chair=chair.strip(),
            attendance=attendance.strip(),
            problems=problems.strip(),
            decisions=decisions.strip(),
            figures=week_figures(campaign, monday),
            recorded_by=actor,
        )
        audit_record(actor=actor, action="campaigns.meeting.record", obj=meeting)
    return meeting
