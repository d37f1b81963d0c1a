from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.meetings.models import Action, ActionEvent, Decision, DutyReport, Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "node", "starts_at", "state", "grading")
    list_filter = ("kind", "state")
    list_select_related = ("node",)
    search_fields = ("title",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number")
    list_select_related = ("meeting",)


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "owner_node", "owner_person", "due_at", "state")
    list_filter = ("state",)
    list_select_related = ("owner_node", "owner_person")


@admin.register(ActionEvent)
class ActionEventAdmin(ReadOnlyAdmin):
    list_display = ("action", "kind", "at", "actor")
    list_select_related = ("action", "actor")


@admin.register(DutyReport)
class DutyReportAdmin(ReadOnlyAdmin):
    """Tallies only: ballots and comments are not shown here (grading is anonymous)."""

    list_display = ("reporter", "post", "meeting", "good", "fairly_good", "average", "poor")
    list_select_related = ("reporter", "meeting")
