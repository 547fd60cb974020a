from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    label = "plans"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        # Declares the background job that reads a long report (tracker.batch.registry).
        from plans import batch_kinds  # noqa: F401, PLC0415
