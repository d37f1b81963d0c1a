from django.contrib.auth import views as auth_views
from django.urls import path

from lianxin.core import views
from lianxin.core.security import views as security_views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("login/verify/", security_views.login_verify, name="login-verify"),
    path("login/two-factor/", security_views.two_factor_setup, name="two-factor-setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("app/", views.app_home, name="app-home"),
    path("app/me/", views.app_me, name="app-me"),
    path("app/me/password/", views.PasswordChange.as_view(), name="password-change"),
    path("notifications/", views.notifications, name="notifications"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/scope/", views.scope_pick, name="scope-pick"),
    path("workbench/audit/", views.audit_log, name="audit-log"),
    path("workbench/security/", security_views.security_admin, name="security-admin"),
    path("workbench/security/lockouts/<int:pk>/unlock/", security_views.unlock, name="security-unlock"),
    path(
        "workbench/security/users/<int:user_id>/two-factor-reset/",
        security_views.two_factor_reset,
        name="security-2fa-reset",
    ),
    path("workbench/audit/export.csv", views.audit_log_export, name="audit-log-export"),
]
