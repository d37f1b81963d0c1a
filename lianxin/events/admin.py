from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.events.models import Event, Notice, Registration, TrainingHazard


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "node", "publish_at", "expires_at", "is_pinned")
    list_select_related = ("node",)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "node", "starts_at", "state", "capacity")
    list_select_related = ("node",)
    list_filter = ("kind", "state")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("event", "person", "state", "checked_in_at")
    list_select_related = ("event", "person")


@admin.register(TrainingHazard)
class TrainingHazardAdmin(ReadOnlyAdmin):
    list_display = ("event", "kind", "case")
    list_select_related = ("event", "case")
