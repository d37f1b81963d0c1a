from django.contrib.auth import views as auth_views
from django.urls import path

from lianxin.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/", views.app_home, name="app-home"),
    path("app/me/", views.app_me, name="app-me"),
    path("app/me/password/", views.PasswordChange.as_view(), name="password-change"),
    path("notifications/", views.notifications, name="notifications"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/scope/", views.scope_pick, name="scope-pick"),
    path("workbench/audit/", views.audit_log, name="audit-log"),
    path("workbench/audit/export.csv", views.audit_log_export, name="audit-log-export"),
]
