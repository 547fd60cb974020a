from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "tracker.archives"
    label = "archives"
    verbose_name = _("归档")

    def ready(self) -> None:
        from tracker.archives import batch_kinds  # noqa: F401 - registers the job kind
