"""督查通报 generation as a background job (tracker.batch)."""

from django.utils.translation import gettext_lazy as _

from tracker.batch.registry import batch_kind
from tracker.circulars.services import DOCX, GENERATE_JOB, circular_generate_run

CIRCULAR_DOCX = batch_kind(
    name=GENERATE_JOB, label=_("督查通报（.docx）"), run=circular_generate_run, content_type=DOCX
)
