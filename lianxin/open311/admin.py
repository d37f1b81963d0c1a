from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.open311.models import Client, Submission


@admin.register(Client)
class ClientAdmin(ReadOnlyAdmin):
    """Keys are created and revoked on the workbench or with ``manage.py open311_client``."""

    list_display = ("name", "key_prefix", "user", "channel", "is_active", "created_at", "revoked_at")
    list_filter = ("is_active", "channel")
    list_select_related = ("user",)
    exclude = ("key_hash",)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("case", "client", "created_at")
    list_select_related = ("case", "client")
    exclude = ("token",)
