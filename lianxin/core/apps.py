from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lianxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Log-ins come from Django's auth framework (admin and our own form alike); its
        # signals are the one place every log-in passes. Domain writes never use signals.
        from lianxin.core import auth_audit

        auth_audit.connect()
