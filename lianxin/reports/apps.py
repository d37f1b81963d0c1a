from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "lianxin.reports"
    label = "reports"
    verbose_name = _("Figures and briefings")

    def ready(self) -> None:
        # Each app declares its figures in its own ``figures.py``.
        autodiscover_modules("figures")
