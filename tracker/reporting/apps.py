from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tracker.reporting"
    label = "reporting"
    verbose_name = _("统计报表")

    def ready(self) -> None:
        # Declares the ledger's background job (tracker.batch.registry).
        from tracker.reporting import batch_kinds  # noqa: F401, PLC0415
