from django.urls import path

from lianxin.open311 import pages

app_name = "open311-clients"
urlpatterns = [
    path("", pages.client_list, name="list"),
    path("add/", pages.client_add, name="add"),
    path("<int:pk>/revoke/", pages.client_revoke, name="revoke"),
]
