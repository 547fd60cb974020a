from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "tracker.org"
    label = "org"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        from tracker.org import signals  # noqa: F401  (connects the audit receivers)
