from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lianxin.core.models import AuditLog, RoleGrant, WorkdayOverride
from lianxin.core.services import workday_override_remove, workday_override_set
from lianxin.people.services import role_grant, role_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain records change through services (the workbench), never by editing rows here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_repr", "outcome", "ip")
    list_filter = ("outcome", "action")
    search_fields = ("actor_label", "action", "object_repr")
    date_hierarchy = "at"

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("core.view_auditlog")


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "node", "valid_from", "valid_until")
    list_filter = ("role",)
    search_fields = ("user__username", "node__name")
    raw_id_fields = ("user", "node")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        saved = role_grant(actor=request.user, user=obj.user, role=obj.role, node=obj.node)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        role_revoke(actor=request.user, grant=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for grant in queryset:
            self.delete_model(request, grant)


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "day"

    def save_model(self, request: HttpRequest, obj: WorkdayOverride, form: Any, change: bool) -> None:
        saved = workday_override_set(
            actor=request.user, day=obj.day, is_workday=obj.is_workday, note=obj.note
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: WorkdayOverride) -> None:
        workday_override_remove(actor=request.user, override=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for override in queryset:
            self.delete_model(request, override)
