from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.liaison.models import Concern, Contact, Link, Representative, Session, Studio


@admin.register(Studio)
class StudioAdmin(ReadOnlyAdmin):
    list_display = ("name", "node", "stale_after_days", "is_active")
    list_select_related = ("node",)
    search_fields = ("name",)


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyAdmin):
    list_display = ("person", "studio", "started_on", "ended_on")
    list_select_related = ("person", "studio")


@admin.register(Link)
class LinkAdmin(ReadOnlyAdmin):
    list_display = ("representative", "person", "started_on", "ended_on")
    list_select_related = ("representative__person", "representative__studio", "person")


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ("link", "on", "method")
    list_select_related = ("link__representative__person", "link__representative__studio", "link__person")


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("studio", "kind", "starts_at", "state", "visitors")
    list_filter = ("kind", "state")
    list_select_related = ("studio",)


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ("name", "representative", "case", "created_at")
    list_select_related = ("representative__person", "representative__studio", "case")
