from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BatchConfig(AppConfig):
    name = "tracker.batch"
    label = "batch"
    verbose_name = _("后台作业")
