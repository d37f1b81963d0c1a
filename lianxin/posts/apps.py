from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "lianxin.posts"
    label = "posts"
    verbose_name = _("Service posts and in-service party members")

    def ready(self) -> None:
        # Each app declares where its points come from in its own ``points.py``.
        autodiscover_modules("points")
