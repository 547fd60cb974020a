"""Evidence written under the units' UMask=0027 is not world-readable (deploy/README.md §5)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.tracker.workflow_helpers import PDF, upload
from tracker.evidence.services import evidence_upload
from tracker.org.models import User
from tracker.tasks.models import Task


@pytest.mark.django_db
def test_evidence_files_follow_the_umask(
    task_a: Task, staff_a: User, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    old = os.umask(0o027)
    try:
        (row,) = evidence_upload(task=task_a, actor=staff_a, files=[upload("报告.pdf", PDF)])
    finally:
        os.umask(old)
    path = tmp_path / "media" / row.file.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o007 == 0
