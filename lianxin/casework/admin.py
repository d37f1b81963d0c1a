from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lianxin.casework.models import Case, CaseEvent, Category, TimeLimit
from lianxin.core.admin import ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Configuration: the taxonomy is the office's to shape (Django's admin log records edits)."""

    list_display = ("__str__", "code", "is_active", "sort")
    list_filter = ("is_active", "parent")
    search_fields = ("name", "code", "keywords")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cases keep their category; retire one with "active" instead


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ("case_type", "category", "accept_hours", "handle_days", "urgent_hours")
    list_filter = ("case_type",)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Cases change only through the workflow (its services), never by editing rows."""

    list_display = ("number", "case_type", "category", "state", "node", "unit", "due_at")
    list_filter = ("state", "case_type", "channel", "priority")
    search_fields = ("number",)
    list_select_related = ("category", "node", "unit")
    exclude = ("callback_phone",)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "at", "action", "from_state", "to_state", "actor")
    list_select_related = ("case", "actor")
