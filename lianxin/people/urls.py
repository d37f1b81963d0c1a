from django.urls import path

from lianxin.people import account_views, views

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
    # 账号管理: the system administrator's account pages
    path("accounts/", account_views.account_list, name="accounts"),
    path("accounts/new/", account_views.account_new, name="account-new"),
    path("accounts/new/<int:person>/", account_views.account_new_for, name="account-new-for"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/grant/", account_views.account_grant, name="account-grant"),
    path("accounts/<int:pk>/password/", account_views.account_password, name="account-password"),
    path("accounts/<int:pk>/disable/", account_views.account_disable, name="account-disable"),
    path("accounts/<int:pk>/enable/", account_views.account_enable, name="account-enable"),
    path("accounts/grants/<int:pk>/revoke/", account_views.account_revoke, name="account-revoke"),
]
