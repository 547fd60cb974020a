from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SetupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker.setup"
    verbose_name = _("系统设置")
