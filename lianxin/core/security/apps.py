from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "lianxin.core.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.contrib import admin

        from lianxin.core.security import sessions
        from lianxin.core.security.forms import AdminLoginForm

        sessions.connect()
        admin.site.login_form = AdminLoginForm  # the admin's log-in counts failures and lock-outs too
