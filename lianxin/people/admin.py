from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.people.models import Person, User

admin.site.register(User, UserAdmin)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Phone and ID numbers appear masked; full numbers only through the audited reveal."""

    list_display = ("name", "gender", "phone_masked", "node", "is_party_member", "is_volunteer")
    list_filter = ("is_party_member", "is_in_service_member", "is_volunteer", "is_party_rep")
    search_fields = ("name", "name_pinyin")
    list_select_related = ("node",)
    exclude = ("phone", "id_number")
    readonly_fields = ("phone_masked", "id_number_masked")
