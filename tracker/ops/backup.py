"""One-archive backups: the database, every evidence file and a manifest; restore; verify.

The archive (``duban-backup-<time>.tar.gz``) holds

- ``manifest.json``: Duban's version, the time, the database vendor, the audit chain's head
  (also appended to the anchor file), row counts, and the path, size and SHA-256 of every
  evidence file;
- ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite's own
  online backup);
- ``media/…``: the evidence files, under the paths the database names.

``backup_restore`` checks the archive against its manifest before touching anything, replaces
the database and writes the files back, then checks the database against the manifest: the
audit head and chain, the counts and every file's hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from tracker.audit.anchor import anchor_check, anchor_write
from tracker.audit.models import AuditEvent
from tracker.audit.services import audit_verify
from tracker.evidence.models import EvidenceFile
from tracker.version import __version__

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; ``str(error)`` is one line for the admin."""


def sha256_of(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass
class EvidenceProblem:
    evidence_id: int
    path: str
    problem: str

    def __str__(self) -> str:
        return f"#{self.evidence_id} {self.path}: {self.problem}"


def evidence_verify() -> Iterator[EvidenceProblem]:
    """Every stored evidence file against the size and SHA-256 recorded at upload."""
    for evidence in EvidenceFile.objects.order_by("id").iterator(chunk_size=500):
        name = str(evidence.file.name)
        try:
            with evidence.file.storage.open(name, "rb") as handle:
                actual = sha256_of(handle)
        except FileNotFoundError:
            yield EvidenceProblem(evidence.pk, name, "文件缺失 / missing")
            continue
        if actual != evidence.sha256:
            yield EvidenceProblem(evidence.pk, name, "SHA-256 不符（文件被改动） / hash differs")


def _counts() -> dict[str, int]:
    from tracker.tasks.models import Task

    return {
        "tasks": Task.objects.count(),
        "evidence": EvidenceFile.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def _pg_env() -> dict[str, str]:
    """libpq's variables for pg_dump / pg_restore, from DATABASE_URL."""
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = dict(os.environ)
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, name in names.items():
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _dump_database(target: Path) -> str:
    vendor = connection.vendor
    if vendor == "postgresql":
        path = target / "database.pgdump"
        subprocess.run(  # noqa: S603 — fixed arguments; the distribution's pg_dump on PATH
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],  # noqa: S607
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        return path.name
    if vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
        return path.name
    raise BackupError(f"不支持的数据库 / unsupported database: {vendor}")


def backup_create(*, output: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """Write one archive; return its path and manifest."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if output is None:
        Path(settings.BACKUP_DIR).mkdir(parents=True, exist_ok=True)
        output = Path(settings.BACKUP_DIR) / f"duban-backup-{stamp}.tar.gz"
    head = anchor_write(reason="backup")
    files: list[dict[str, Any]] = []
    problems = [str(problem) for problem in evidence_verify()]
    with tempfile.TemporaryDirectory(prefix="duban-backup-") as scratch:
        dump = _dump_database(Path(scratch))
        with (Path(scratch) / dump).open("rb") as handle:
            dump_sha = sha256_of(handle)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(scratch) / dump, arcname=dump)
            for evidence in EvidenceFile.objects.order_by("id").iterator(chunk_size=500):
                name = str(evidence.file.name)
                path = Path(evidence.file.storage.path(name))
                if not path.exists():
                    continue
                with path.open("rb") as handle:
                    digest = sha256_of(handle)
                archive.add(path, arcname=f"media/{name}")
                files.append({"path": name, "size": path.stat().st_size, "sha256": digest})
            manifest = {
                "format": FORMAT,
                "duban_version": __version__,
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": connection.vendor, "file": dump, "sha256": dump_sha},
                "audit_head": {k: head[k] for k in ("id", "hash", "count")},
                "counts": _counts(),
                "evidence": files,
                "problems": problems,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)
    os.chmod(output, 0o600)
    return output, manifest


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)


def _safe_extract(archive: tarfile.TarFile, target: Path) -> None:
    root = target.resolve()
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"备份中有非普通文件 / archive holds a special file: {member.name}")
        if member.name.startswith("/") or not (root / member.name).resolve().is_relative_to(root):
            raise BackupError(f"备份中的路径越界 / archive path leaves the archive: {member.name}")
    if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
        archive.extractall(target, filter="data")
    else:  # Debian 12's python3.11 is 3.11.2: the checks above stand in for the filter
        archive.extractall(target)  # noqa: S202


def _restore_database(scratch: Path, manifest: dict[str, Any]) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"备份来自 {vendor}，当前数据库是 {connection.vendor} / "
            f"the backup is from {vendor}, this database is {connection.vendor}"
        )
    dump = scratch / manifest["database"]["file"]
    connections.close_all()
    if vendor == "postgresql":
        result = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                str(settings.DATABASES["default"]["NAME"]),
                str(dump),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore 失败 / failed: {result.stderr.strip()[-500:]}")
        return
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)  # type: ignore[arg-type]
    finally:
        source.close()


def backup_restore(*, archive_path: Path) -> RestoreResult:
    """Check the archive, replace the database and evidence files, check the result."""
    with tempfile.TemporaryDirectory(prefix="duban-restore-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                _safe_extract(archive, scratch)
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"备份文件无法读取 / cannot read the archive: {error}") from error
        try:
            manifest = json.loads((scratch / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BackupError("备份中没有有效的 manifest.json / no valid manifest") from error
        # Before: every file in the archive is what the manifest says.
        with (scratch / manifest["database"]["file"]).open("rb") as handle:
            if sha256_of(handle) != manifest["database"]["sha256"]:
                raise BackupError(
                    "数据库转储与清单不符 / the database dump differs from the manifest"
                )
        for item in manifest["evidence"]:
            path = scratch / "media" / item["path"]
            if not path.is_file():
                raise BackupError(f"备份缺少文件 / missing from the archive: {item['path']}")
            with path.open("rb") as handle:
                if sha256_of(handle) != item["sha256"]:
                    raise BackupError(f"文件与清单不符 / differs from the manifest: {item['path']}")
        _restore_database(scratch, manifest)
        media_root = Path(settings.MEDIA_ROOT)
        for item in manifest["evidence"]:
            target = media_root / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(scratch / "media" / item["path"], target)
    # After: the database is the one the manifest describes.
    result = RestoreResult(manifest=manifest)
    result.problems += anchor_check(manifest["audit_head"])
    result.problems += list(audit_verify())
    counts = _counts()
    if counts != manifest["counts"]:
        result.problems.append(f"记录数不符 / counts differ: {counts} ≠ {manifest['counts']}")
    result.problems += [str(problem) for problem in evidence_verify()]
    return result
