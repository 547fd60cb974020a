"""manage.py backup → wipe → restore finds every task, file and audit record intact;
restore refuses a damaged archive before touching anything; verify_evidence finds changes."""

from __future__ import annotations

import io
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.tracker.workflow_helpers import PDF, PNG, upload
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_upload
from tracker.org.models import User
from tracker.tasks import services
from tracker.tasks.models import Task


def snapshot() -> dict[str, object]:
    media = Path(settings.MEDIA_ROOT)
    return {
        "tasks": list(Task.objects.order_by("id").values_list("id", "title", "status")),
        "evidence": list(
            EvidenceFile.objects.order_by("id").values_list("id", "file", "sha256", "version")
        ),
        "audit": list(AuditEvent.objects.order_by("id").values_list("id", "hash", "prev_hash")),
        "bytes": {
            str(p.relative_to(media)): p.read_bytes()
            for p in sorted(media.rglob("*"))
            if p.is_file() and "evidence" in p.parts
        },
    }


def make_data(task: Task, staff: User) -> None:
    services.comment_add(task=task, actor=staff, text="已完成初稿")
    evidence_upload(
        task=task, actor=staff, files=[upload("整改报告.pdf", PDF), upload("现场.png", PNG)]
    )
    evidence_upload(task=task, actor=staff, files=[upload("整改报告.pdf", PDF + b"% v2\n")])


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_keeps_everything(
    task_a: Task, task_b: Task, staff_a: User, tmp_path: Path
) -> None:
    make_data(task_a, staff_a)
    before = snapshot()
    assert len(before["evidence"]) == 3 and len(before["bytes"]) == 3  # type: ignore[arg-type]
    archive = tmp_path / "backup.tar.gz"
    out = StringIO()
    call_command("backup", f"--output={archive}", stdout=out)
    assert "备份完成" in out.getvalue()
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names and sum(n.startswith("media/evidence/") for n in names) == 3
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    # Wipe: every row and every file.
    call_command("flush", "--noinput")
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Task.objects.count() == 0 and AuditEvent.objects.count() == 0

    out = StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert "恢复完成并已校验" in out.getvalue()
    assert snapshot() == before
    out = StringIO()
    call_command("verify_audit", f"--anchor={archive}", stdout=out)  # the manifest's head
    assert "与锚点一致" in out.getvalue()
    call_command("verify_evidence", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_and_changes_nothing(
    task_a: Task, staff_a: User, tmp_path: Path
) -> None:
    make_data(task_a, staff_a)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", f"--output={archive}", stdout=StringIO())
    extracted = tmp_path / "x"
    with tarfile.open(archive) as opened:
        opened.extractall(extracted, filter="data")
    victim = next((extracted / "media" / "evidence").rglob("*.png"))
    victim.write_bytes(PNG + b"tampered")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as rebuilt:
        for item in sorted(extracted.iterdir()):
            rebuilt.add(item, arcname=item.name)
    services.comment_add(task=task_a, actor=staff_a, text="备份之后的记录")
    count = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="文件与清单不符"):
        call_command("restore", str(damaged), "--yes", stdout=StringIO())
    assert AuditEvent.objects.count() == count  # nothing was replaced
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive), stdout=StringIO())


@pytest.mark.django_db
def test_verify_evidence_reports_a_changed_and_a_missing_file(task_a: Task, staff_a: User) -> None:
    make_data(task_a, staff_a)
    out = StringIO()
    call_command("verify_evidence", stdout=out)
    assert "3 个文件的 SHA-256 全部一致" in out.getvalue()
    first, second = EvidenceFile.objects.order_by("id")[:2]
    Path(first.file.path).write_bytes(b"%PDF-1.4 changed")
    Path(second.file.path).unlink()
    err = StringIO()
    with pytest.raises(CommandError, match="2 个文件缺失或被改动"):
        call_command("verify_evidence", stdout=StringIO(), stderr=err)
    assert f"#{first.pk}" in err.getvalue() and "SHA-256 不符" in err.getvalue()
    assert f"#{second.pk}" in err.getvalue() and "缺失" in err.getvalue()


@pytest.mark.parametrize("data_filter", [True, False], ids=["3.11.4+", "3.11.2 (Debian 12)"])
def test_restore_extraction_refuses_paths_that_leave_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_filter: bool
) -> None:
    # Debian 12's python3.11 (3.11.2) has no tarfile extraction filters: the same archive must
    # be refused on both, and a sound one extracted on both.
    from tracker.ops.backup import BackupError, _safe_extract

    if not data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    payload = tmp_path / "payload"
    payload.write_bytes(b"x")
    target = tmp_path / "target"
    target.mkdir()
    for name in ("../escaped", "media/../../escaped", "/var/escaped"):
        bad = tmp_path / "bad.tar"
        with tarfile.open(bad, "w") as archive:
            archive.add(payload, arcname="manifest.json")
            info = tarfile.TarInfo(name)  # exactly this name (add() would strip a leading /)
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
        with tarfile.open(bad) as archive, pytest.raises(BackupError, match="路径越界"):
            _safe_extract(archive, target)
        assert list(target.iterdir()) == []  # nothing extracted, not even the sound member
        assert not (tmp_path / "escaped").exists()
    good = tmp_path / "good.tar"
    with tarfile.open(good, "w") as archive:
        archive.add(payload, arcname="media/evidence/a.pdf")
    with tarfile.open(good) as archive:
        _safe_extract(archive, target)
    assert (target / "media" / "evidence" / "a.pdf").read_bytes() == b"x"
