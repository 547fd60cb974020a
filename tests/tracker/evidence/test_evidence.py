"""Evidence uploads and downloads: type by content, size limit while streaming,
versions, withdrawal, authorised and audited downloads, and upload attacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.tracker.workflow_helpers import (
    DOCX,
    JPG,
    OLE,
    PDF,
    PNG,
    PPTX,
    XLSX,
    ZIP,
    files_on_disk,
    upload,
)
from tracker.audit.models import AuditEvent
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import (
    clean_original_name,
    content_disposition,
    evidence_check,
    evidence_upload,
    evidence_withdraw,
)
from tracker.org.models import User
from tracker.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("报告.pdf", PDF, "application/pdf"),
        ("现场.png", PNG, "image/png"),
        ("现场.jpg", JPG, "image/jpeg"),
        ("现场.JPEG", JPG, "image/jpeg"),
        ("旧稿.doc", OLE, "application/msword"),
        ("台账.xls", OLE, "application/vnd.ms-excel"),
        ("汇报.ppt", OLE, "application/vnd.ms-powerpoint"),
        (
            "方案.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("台账.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "汇报.pptx",
            PPTX,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("材料.zip", ZIP, "application/zip"),
        ("说明.txt", "整改情况说明\n".encode(), "text/plain; charset=utf-8"),
        ("说明.txt", "整改情况说明\n".encode("gb18030"), "text/plain; charset=utf-8"),
    ],
)
def test_allowed_types_are_decided_by_content(name: str, content: bytes, content_type: str) -> None:
    checked = evidence_check(upload=upload(name, content))
    assert checked.content_type == content_type
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf.html", b"<html><script>alert(1)</script></html>", "类型不允许"),
        ("a.php.pdf", b"<?php system($_GET['c']); ?>", "不符"),
        ("a.pdf", b"<html><body>x</body></html>", "不符"),
        ("a.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "不符"),
        ("a.txt", b"<!DOCTYPE html><html></html>", "不符"),
        ("a.txt", b"\x00\x01binary", "不符"),
        ("a.docx", ZIP, "不符"),
        ("a.doc", DOCX, "不符"),
        ("a.png", PDF, "不符"),
        ("a.exe", b"MZ\x90\x00", "类型不允许"),
        ("a.svg", b"<svg/>", "类型不允许"),
        ("a.pdf", b"", "空文件"),
        ("a.zip", b"PK\x03\x04broken", "不符"),
        ("a", PDF, "类型不允许"),
    ],
)
def test_refused_types(name: str, content: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        evidence_check(upload=upload(name, content))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\a.pdf", "a.pdf"),
        ("a\x00.pdf", "a.pdf"),
        ("a\r\nSet-Cookie: x=1.pdf", "aSet-Cookie: x=1.pdf"),
        ("“关于整改”的报告.pdf", "“关于整改”的报告.pdf"),
        ("...", "未命名文件"),
    ],
)
def test_names_are_neutralised(raw: str, clean: str) -> None:
    assert clean_original_name(raw) == clean


def test_content_disposition_encodes_the_original_name() -> None:
    name = "“关于整改”的报告 v2.pdf"
    header = content_disposition("attachment", name)
    assert header.startswith("attachment; filename*=utf-8''%E2%80%9C%E5%85%B3")
    assert unquote(header.split("''", 1)[1]) == name
    assert "\r" not in header and "\n" not in header


def test_same_name_becomes_next_version(staff_a: User, task_a: Task) -> None:
    evidence_upload(task=task_a, actor=staff_a, files=[upload("方案.pdf", PDF)])
    evidence_upload(task=task_a, actor=staff_a, files=[upload("方案.pdf", PDF + b"%v2")])
    versions = list(
        EvidenceFile.objects.filter(task=task_a)
        .order_by("version")
        .values_list("version", "sha256")
    )
    assert [v for v, _h in versions] == [1, 2]
    assert versions[0][1] != versions[1][1]


def test_stored_under_a_random_name_outside_static(staff_a: User, task_a: Task) -> None:
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("../../evil.pdf", PDF)])
    assert evidence.original_name == "evil.pdf"
    assert "evil" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.read_bytes() == PDF
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


def test_one_bad_file_refuses_the_whole_request_and_leaves_nothing(
    staff_a: User, task_a: Task
) -> None:
    with pytest.raises(ValidationError):
        evidence_upload(
            task=task_a,
            actor=staff_a,
            files=[upload("好.pdf", PDF), upload("坏.pdf", b"<html></html>")],
        )
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_withdraw_marks_and_keeps(staff_a: User, task_a: Task) -> None:
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("a.pdf")])
    with pytest.raises(ValidationError, match="说明原因"):
        evidence_withdraw(evidence=evidence, actor=staff_a, reason="")
    evidence_withdraw(evidence=evidence, actor=staff_a, reason="上传错误")
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawn_reason == "上传错误"
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).exists()
    assert AuditEvent.objects.filter(action="evidence_withdraw").exists()


# -- through HTTP --------------------------------------------------------------


def _post(client: Client, task: Task, files: list, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("task-evidence-upload", args=[task.pk]), {"files": files, **extra}, follow=True
    )


def test_page_upload_shows_sha256_and_version(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    response = _post(login(staff_a), task_a, [upload("“整改”报告.pdf", PDF)])
    html = response.content.decode()
    evidence = EvidenceFile.objects.get()
    assert "已上传 1 个文件" in html
    assert evidence.sha256 in html and "v1" in html
    assert evidence.original_name == "“整改”报告.pdf"


@pytest.mark.parametrize("api", [False, True])
def test_one_byte_over_the_limit_is_refused_while_streaming(
    api: bool, staff_a: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 4096
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force the disk-writing handler too
    content = PDF + b"0" * (4096 - len(PDF) + 1)
    client = login(staff_a)
    if api:
        response = client.post(
            f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("big.pdf", content)]}
        )
        assert response.status_code == 413
        assert "大小上限" in response.json()["detail"]
    else:
        response = _post(client, task_a, [upload("big.pdf", content)])
        assert "大小上限" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []
    exactly = upload("ok.pdf", content[:-1])
    assert _post(client, task_a, [exactly]).status_code == 200
    assert EvidenceFile.objects.get().size == 4096


@pytest.mark.parametrize("api", [False, True])
def test_101_files_in_one_request_is_a_clear_error(
    api: bool, staff_a: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    files = [upload(f"f{i}.pdf", PDF) for i in range(101)]
    client = login(staff_a)
    if api:
        response = client.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": files})
        assert response.status_code == 400
        assert "一次最多上传 100 个文件" in response.json()["detail"]
    else:
        response = _post(client, task_a, files)
        assert response.status_code == 200
        assert "一次最多上传 100 个文件" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf.html", b"<html></html>", "「a.pdf.html」的类型不允许上传"),
        ("a.php.pdf", b"<?php echo 1; ?>", "「a.php.pdf」的文件内容与扩展名 .pdf 不符，已拒收"),
        ("a.pdf", b"<svg onload=alert(1)>", "「a.pdf」的文件内容与扩展名 .pdf 不符，已拒收"),
        ("a.pdf", b"<!doctype html><p>x", "「a.pdf」的文件内容与扩展名 .pdf 不符，已拒收"),
        ("empty.pdf", b"", "「empty.pdf」是空文件，已拒收"),
    ],
)
def test_attacks_through_the_page_leave_no_file(
    name: str,
    content: bytes,
    message: str,
    staff_a: User,
    task_a: Task,
    login: Callable[[User], Client],
    settings,
) -> None:  # type: ignore[no-untyped-def]
    response = _post(login(staff_a), task_a, [upload(name, content)])
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not EvidenceFile.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_nasty_names_through_the_page_are_neutralised(
    staff_a: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    client = login(staff_a)
    for name in ("../../x.pdf", "..\\..\\y.pdf", "“引号”.pdf"):
        _post(client, task_a, [upload(name, PDF)])
    names = set(EvidenceFile.objects.values_list("original_name", flat=True))
    assert names == {"x.pdf", "y.pdf", "“引号”.pdf"}
    for path in files_on_disk(settings.MEDIA_ROOT):
        assert path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        assert "x" != path.stem


def test_download_headers_and_audit(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("“整改”报告.pdf")])
    response = login(staff_a).get(reverse("evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment; ")
    assert (
        "filename*=utf-8''%E2%80%9C%E6%95%B4%E6%94%B9%E2%80%9D" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert AuditEvent.objects.filter(action="evidence_download", actor=staff_a).count() == 1


def test_preview_only_for_images_and_pdf_with_sandbox(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    pdf, txt = evidence_upload(
        task=task_a, actor=staff_a, files=[upload("a.pdf", PDF), upload("b.txt", b"plain")]
    )
    client = login(staff_a)
    response = client.get(reverse("evidence-preview", args=[pdf.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(reverse("evidence-preview", args=[txt.pk]))
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Content-Type"] == "application/octet-stream"


def test_other_division_cannot_download_or_upload(
    staff_a: User,
    staff_b: User,
    head_b: User,
    task_a: Task,
    login: Callable[[User], Client],
    settings,
) -> None:  # type: ignore[no-untyped-def]
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("a.pdf")])
    for user in (staff_b, head_b):
        client = login(user)
        assert client.get(reverse("evidence-download", args=[evidence.pk])).status_code == 404
        assert client.get(reverse("evidence-preview", args=[evidence.pk])).status_code == 404
        assert client.get(f"/api/v1/evidence/{evidence.pk}/download/").status_code == 404
        assert client.get(f"/api/v1/tasks/{task_a.pk}/evidence/").status_code == 404
        response = client.post(
            reverse("task-evidence-upload", args=[task_a.pk]), {"files": [upload("b.pdf")]}
        )
        assert response.status_code == 404
        # The API's upload reads the task once, through the same visibility rule.
        response = client.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("c.pdf")]})
        assert response.status_code == 404
        assert response.json()["detail"] == "任务不存在或您无权查看。"
    assert EvidenceFile.objects.count() == 1
    assert len(files_on_disk(settings.MEDIA_ROOT)) == 1
    assert not AuditEvent.objects.filter(action="evidence_download").exists()
    assert AuditEvent.objects.filter(action="evidence_upload").count() == 1
    assert AuditEvent.objects.filter(action="permission_denied").count() >= 6
    attempts = AuditEvent.objects.filter(action="permission_denied", object_id=str(task_a.pk))
    assert {event.actor for event in attempts} == {staff_b, head_b}


def test_cooperating_department_may_download_but_not_upload(
    staff_a: User, head_c: User, task_a: Task, login: Callable[[User], Client], settings
) -> None:  # type: ignore[no-untyped-def]
    task_a.cooperating_departments.add(head_c.department)
    [evidence] = evidence_upload(task=task_a, actor=staff_a, files=[upload("a.pdf")])
    client = login(head_c)
    assert client.get(reverse("evidence-download", args=[evidence.pk])).status_code == 200
    response = _post(client, task_a, [upload("c.pdf")])
    assert "您不能执行" in response.content.decode()
    # Through the API: the task is visible (co-operating), the upload is not allowed.
    response = client.post(f"/api/v1/tasks/{task_a.pk}/evidence/", {"files": [upload("d.pdf")]})
    assert response.status_code == 403 and "您不能执行" in response.json()["detail"]
    assert EvidenceFile.objects.count() == 1
    assert len(files_on_disk(settings.MEDIA_ROOT)) == 1
    denied = AuditEvent.objects.filter(action="permission_denied", actor=head_c)
    assert [event.after["attempted"] for event in denied] == ["evidence", "evidence"]
