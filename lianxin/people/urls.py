from django.urls import path

from lianxin.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/reveal/<str:field>/", views.person_reveal, name="reveal"),
    path("<int:pk>/account/", views.person_account, name="account"),
    path("<int:pk>/grant/", views.person_grant, name="grant"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="revoke"),
    path("roster/", views.roster_page, name="roster"),
    path("roster/template.xlsx", views.roster_template_download, name="roster-template"),
    path("roster/export.xlsx", views.roster_export_download, name="roster-export"),
]
