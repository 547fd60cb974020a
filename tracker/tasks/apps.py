from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tracker.tasks"
    label = "tasks"
    verbose_name = _("督办任务")
