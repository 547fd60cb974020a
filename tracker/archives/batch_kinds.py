"""归档包 as a background job (tracker.batch)."""

from django.utils.translation import gettext_lazy as _

from tracker.archives.services import ARCHIVE_JOB, archive_package_run
from tracker.batch.registry import batch_kind

ARCHIVE_ZIP = batch_kind(
    name=ARCHIVE_JOB,
    label=_("归档包（zip）"),
    run=archive_package_run,
    content_type="application/zip",
)
