"""Campaign records in the admin are for looking only: they change through the workbench."""

from django.contrib import admin

from lianxin.campaigns.models import (
    Campaign,
    CommandPost,
    FigureReport,
    Finding,
    FlagAward,
    ScoreSheet,
    Task,
    WeeklyMeeting,
)
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "node", "starts_on", "ends_on")
    list_select_related = ("node",)


@admin.register(CommandPost)
class CommandPostAdmin(ReadOnlyAdmin):
    list_display = ("name", "campaign", "leader", "sort")
    list_select_related = ("campaign", "leader")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "campaign", "post", "status", "progress", "due_at")
    list_filter = ("status", "source")
    list_select_related = ("campaign", "post")


@admin.register(FigureReport)
class FigureReportAdmin(ReadOnlyAdmin):
    list_display = ("post", "metric", "span", "starts_on", "value")
    list_select_related = ("post", "metric")


@admin.register(WeeklyMeeting)
class WeeklyMeetingAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "week_starts_on", "held_on")


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "month", "subject", "post", "village", "inspector", "total")
    list_select_related = ("campaign", "post", "village", "inspector")


@admin.register(FlagAward)
class FlagAwardAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "month", "colour", "subject", "post", "village", "score")
    list_select_related = ("campaign", "post", "village")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("place", "campaign", "post", "status", "due_at")
    list_filter = ("status",)
    list_select_related = ("campaign", "post")
