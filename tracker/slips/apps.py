from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlipsConfig(AppConfig):
    name = "tracker.slips"
    label = "slips"
    verbose_name = _("督办单")
