"""国密 SM3 for the audit chain and evidence digests (CRYPTO_HASH = "sm3")."""

from __future__ import annotations

import os
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.tracker.audit.test_audit_and_pages import tamper
from tests.tracker.workflow_helpers import PDF
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.org.models import User
from tracker.security.digests import StreamingSM3, sm3_hex
from tracker.tasks import services
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_sm3_matches_the_standard_test_vectors() -> None:
    # GB/T 32905-2016, appendix A: "abc" and "abcd" repeated 16 times.
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert (
        sm3_hex(b"abcd" * 16) == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def test_streaming_sm3_equals_gmssl_over_chunks() -> None:
    data = os.urandom(300_000)
    streaming = StreamingSM3()
    for start in range(0, len(data), 65_536):
        streaming.update(data[start : start + 65_536])
    assert streaming.hexdigest() == sm3_hex(data)


def test_the_audit_chain_uses_sm3_when_configured_and_verify_audit_checks_it(
    settings: Any, staff_a: User, task_a: Task
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="国产密码前")
    settings.CRYPTO_HASH = "sm3"
    services.comment_add(task=task_a, actor=staff_a, text="国产密码一")
    services.comment_add(task=task_a, actor=staff_a, text="国产密码二")
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.hash_algorithm for e in events][-2:] == ["sm3", "sm3"]
    assert events[0].hash_algorithm == "sha256"
    last = events[-1]
    assert last.hash == sm3_hex(last.canonical().encode())
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "sha256、sm3" in out.getvalue()
    tamper("UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["篡改", last.pk])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert f"#{last.pk}: 内容与哈希不符" in err.getvalue()


def test_evidence_gets_an_sm3_digest_and_verify_audit_finds_a_changed_file(
    settings: Any, task_a: Task, staff_a: User, login: Callable[[User], Client]
) -> None:
    settings.CRYPTO_HASH = "sm3"
    content = PDF + b"%" + os.urandom(2048)
    login(staff_a).post(
        f"/tasks/{task_a.pk}/evidence/", {"files": [SimpleUploadedFile("证明.pdf", content)]}
    )
    evidence = EvidenceFile.objects.get()
    assert evidence.sm3 == sm3_hex(content)
    call_command("verify_audit", "--evidence", stdout=StringIO())
    with open(evidence.file.path, "r+b") as stored:
        stored.seek(20)
        stored.write(b"X")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", "--evidence", stdout=StringIO(), stderr=err)
    assert "SHA-256 不符" in err.getvalue() and "SM3 不符" in err.getvalue()
