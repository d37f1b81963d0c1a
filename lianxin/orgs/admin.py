from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.orgs.models import CommitteeMembership, OrgNode, Position


@admin.register(OrgNode)
class OrgNodeAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "code", "path", "depth", "is_active")
    list_filter = ("kind", "unit_type", "is_active")
    search_fields = ("name", "code")
    ordering = ("path",)


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ReadOnlyAdmin):
    list_display = ("committee", "member", "category", "joined_on", "left_on")
    list_filter = ("category",)
    list_select_related = ("committee", "member")


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("node", "title", "person", "started_on", "ended_on")
    list_filter = ("title",)
    list_select_related = ("node", "person")
    search_fields = ("node__name", "person__name")
