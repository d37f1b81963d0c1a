"""What every campaign page shares: the tabs, the month picked, the file responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianxin.campaigns import access
from lianxin.campaigns.models import Campaign
from lianxin.campaigns.periods import month_end, month_start, months_between, parse_month

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (url name, label, icon, perm the tab needs on the campaign)
TABS = [
    ("campaigns:board", _("Board"), "speedometer2", "campaigns.view_whole_campaign"),
    ("campaigns:tasks", _("Tasks"), "list-check", "campaigns.view_whole_campaign"),
    ("campaigns:figures", _("Progress figures"), "bar-chart", "campaigns.view_whole_campaign"),
    ("campaigns:meetings", _("Weekly scheduling"), "calendar-week", "campaigns.view_whole_campaign"),
    ("campaigns:scores", _("Monthly evaluation"), "clipboard-check", "campaigns.view_whole_campaign"),
    ("campaigns:flags", _("Red and black flags"), "flag", "campaigns.view_whole_campaign"),
    ("campaigns:quarter", _("Quarterly assessment"), "trophy", "campaigns.view_whole_campaign"),
    ("campaigns:findings", _("Inspections"), "search", "campaigns.view_campaign"),
    ("campaigns:setup", _("Set-up"), "diagram-3", "campaigns.view_whole_campaign"),
]


def campaign_context(request: HttpRequest, campaign: Campaign, current: str, **extra: Any) -> dict[str, Any]:
    """The campaign, its tabs for this user, and the command posts the user works in."""
    user: Any = request.user
    tabs = [
        {"url": reverse(name, args=[campaign.pk]), "label": label, "icon": icon, "active": name == current}
        for name, label, icon, perm in TABS
        if user.has_perm(perm, campaign)
    ]
    mine = list(access.post_ids(user))
    return {
        "campaign": campaign,
        "tabs": tabs,
        "my_posts": campaign.posts.filter(pk__in=mine).order_by("sort", "id") if mine else [],
        "may_manage": user.has_perm("campaigns.manage_campaign", campaign),
        "may_inspect": user.has_perm("campaigns.inspect_campaign", campaign),
        "sees_all": access.sees_all(user, campaign),
        **extra,
    }


def campaign_months(campaign: Campaign) -> list[dt.date]:
    """The campaign's months up to this one, the latest first."""
    today = timezone.localdate()
    return list(reversed(months_between(campaign.starts_on, min(campaign.ends_on, today))))


def picked_month(request: HttpRequest, campaign: Campaign) -> dt.date:
    """The month in ``?month=YYYY-MM``, else this month (or the campaign's last, once over)."""
    months = campaign_months(campaign)
    month = parse_month(request.GET.get("month"))
    if month is not None and month in months:
        return month
    return months[0] if months else month_start(campaign.starts_on)


def period_from_query(request: HttpRequest, campaign: Campaign) -> tuple[dt.date, dt.date]:
    """``?start=&end=`` (ISO dates), within reason; defaults to the campaign's whole period so far."""

    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    start = day("start") or campaign.starts_on
    end = day("end") or min(campaign.ends_on, timezone.localdate())
    if end < start:
        start, end = end, start
    return start, end


def month_choices(campaign: Campaign) -> list[tuple[str, dt.date]]:
    return [(f"{month:%Y-%m}", month) for month in campaign_months(campaign)]


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f"attachment; filename={name}-{stamp}.xlsx"
    return response


def month_is_over(month: dt.date) -> bool:
    return month_end(month) <= timezone.localdate()


def flags_by_month(awards: Any) -> list[tuple[dt.date, dict[str, Any]]]:
    """Awards grouped by month, the latest first; each month maps ``red-post`` etc. to its award."""
    by_month: dict[dt.date, dict[str, Any]] = {}
    for award in awards:
        by_month.setdefault(award.month, {})[f"{award.colour}_{award.subject}"] = award
    return sorted(by_month.items(), key=lambda item: item[0], reverse=True)
