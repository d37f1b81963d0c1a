from django.contrib import admin

from lianxin.core.admin import ReadOnlyAdmin
from lianxin.socialwork.models import Contract, ContractEvent, Deliverable, ServiceLog


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "buyer", "organisation", "starts_on", "ends_on", "state")
    list_select_related = ("buyer", "organisation")
    list_filter = ("state",)
    search_fields = ("number", "title")


@admin.register(ContractEvent)
class ContractEventAdmin(ReadOnlyAdmin):
    list_display = ("contract", "at", "state", "actor")
    list_select_related = ("contract", "actor")


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyAdmin):
    list_display = ("name", "contract", "unit", "target")
    list_select_related = ("contract",)


@admin.register(ServiceLog)
class ServiceLogAdmin(ReadOnlyAdmin):
    list_display = ("deliverable", "on", "quantity", "people_served", "hours", "state")
    list_select_related = ("deliverable",)
    list_filter = ("state",)
