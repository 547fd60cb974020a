from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "tracker.identity"
    label = "identity"
    verbose_name = _("统一身份与目录")
