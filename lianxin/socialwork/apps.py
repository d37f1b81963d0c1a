from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialworkConfig(AppConfig):
    name = "lianxin.socialwork"
    label = "socialwork"
    verbose_name = _("Purchased social-work services")
