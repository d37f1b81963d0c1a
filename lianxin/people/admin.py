from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.people.models import Person, User
from lianxin.people.services import password_changed


@admin.register(User)
class AccountAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, except that a password set here for someone else must be changed
    at their next log-in, as on the account pages, and every password set here is audited."""

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:  # the form saved
                user = User.objects.select_for_update().get(pk=unquote(id))
                password_changed(actor=request.user, user=user, detail={"via": "admin"})
        return response


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Phone and ID numbers appear masked; full numbers only through the audited reveal."""

    list_display = ("name", "gender", "phone_masked", "node", "is_party_member", "is_volunteer")
    list_filter = ("is_party_member", "is_in_service_member", "is_volunteer", "is_party_rep")
    search_fields = ("name", "name_pinyin")
    list_select_related = ("node",)
    exclude = ("phone", "id_number")
    readonly_fields = ("phone_masked", "id_number_masked")
