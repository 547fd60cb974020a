"""The audit chain's head, kept outside the audit table.

A chain verified from its first row cannot tell that its newest rows were deleted: what
remains is still a valid chain. So the head (id, hash, count) is written somewhere the
database cannot rewrite — the log, a file of anchors (AUDIT_ANCHOR_DIR/anchors.jsonl) once a
day, every backup's manifest and the weekly briefing — and ``verify_audit --anchor`` checks that
the anchored row is still there with the same hash.
"""

from __future__ import annotations

import json
import logging
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from tracker.audit.models import GENESIS_HASH, AuditEvent

log = logging.getLogger("duban.audit.anchor")

ANCHOR_FILE = "anchors.jsonl"


def audit_head() -> dict[str, Any]:
    """The newest event's id and hash and the number of events, as of now."""
    last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    return {
        "id": last["id"] if last else 0,
        "hash": last["hash"] if last else GENESIS_HASH,
        "count": AuditEvent.objects.count(),
        "at": timezone.now().isoformat(),
    }


def anchor_write(*, reason: str) -> dict[str, Any]:
    """Log the head and append it to the anchor file; return it."""
    head = {**audit_head(), "reason": reason}
    line = json.dumps(head, ensure_ascii=False, sort_keys=True)
    log.info("AUDIT-ANCHOR %s", line)
    directory = Path(settings.AUDIT_ANCHOR_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ANCHOR_FILE).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return head


def anchor_parse(text: str) -> dict[str, Any]:
    """An anchor from what an admin has: ``ID:HASH``, one JSON anchor, a backup manifest
    (its ``audit_head``), or a path to an anchor file (its last line), a manifest or a
    backup archive."""
    text = text.strip()
    path = Path(text)
    if len(text) < 4096 and path.is_file():
        if tarfile.is_tarfile(path):  # a backup archive: its manifest
            with tarfile.open(path) as archive:
                member = archive.extractfile("manifest.json")
                if member is None:
                    raise ValueError("备份中没有 manifest.json")
                text = member.read().decode("utf-8")
        else:
            content = path.read_text(encoding="utf-8").strip()
            text = content.splitlines()[-1] if path.suffix == ".jsonl" else content
    if text.startswith("{"):
        data = json.loads(text)
        data = data.get("audit_head", data)
        return {"id": int(data["id"]), "hash": str(data["hash"]), "count": data.get("count")}
    ident, _, digest = text.partition(":")
    if not ident.isdigit() or len(digest) != 64:
        raise ValueError("锚点格式应为 ID:HASH / anchor must look like ID:HASH")
    return {"id": int(ident), "hash": digest, "count": None}


def anchor_check(anchor: dict[str, Any]) -> list[str]:
    """What is wrong with the table given a head recorded earlier (nothing when fine)."""
    if anchor["id"] == 0:
        return []
    row = AuditEvent.objects.filter(pk=anchor["id"]).values("hash").first()
    if row is None:
        newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        return [
            f"#{anchor['id']}: 锚点记录已不存在（最新记录为 #{newest or 0}，末尾记录可能被删除）"
        ]
    if row["hash"] != anchor["hash"]:
        return [f"#{anchor['id']}: 哈希与锚点不符（记录可能被替换）"]
    if anchor.get("count") is not None:
        upto = AuditEvent.objects.filter(pk__lte=anchor["id"]).count()
        if upto != anchor["count"]:
            return [f"锚点时共 {anchor['count']} 条，现存 {upto} 条（记录可能被删除）"]
    return []
