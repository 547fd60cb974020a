from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Duban: health, heartbeats, housekeeping, backups, metrics."""

    name = "tracker.ops"
    verbose_name = _("运行维护")
    default_auto_field = "django.db.models.BigAutoField"
