from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularsConfig(AppConfig):
    name = "tracker.circulars"
    label = "circulars"
    verbose_name = _("督查通报")

    def ready(self) -> None:
        from tracker.circulars import batch_kinds  # noqa: F401 - registers the job kind
