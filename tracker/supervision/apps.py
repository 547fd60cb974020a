from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The daily instruments of 督办 around a task: 催办, 批示件, 时间节点."""

    name = "tracker.supervision"
    label = "supervision"
    verbose_name = _("督办工具")
