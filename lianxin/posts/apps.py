from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "lianxin.posts"
    label = "posts"
    verbose_name = _("Service posts and in-service party members")
