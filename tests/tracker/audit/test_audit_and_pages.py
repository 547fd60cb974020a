"""The audit trail (chain, tamper detection, page, export, API) and the task
pages: filters, counts, timeline, and query counts that do not grow with data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.tracker.workflow_helpers import PDF, make_task, upload
from tracker.audit.models import AuditAction, AuditEvent
from tracker.evidence.services import evidence_upload
from tracker.org.models import Department, User
from tracker.tasks import services
from tracker.tasks.models import Kind, Status, Task

pytestmark = pytest.mark.django_db


def tamper(sql: str, params: list[object]) -> None:
    """Rewrite the audit table as someone with superuser SQL access would: on PostgreSQL the
    append-only trigger must first be switched off (session_replication_role)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def test_verify_audit_passes_then_detects_a_tampered_row(
    supervisor: User, staff_a: User, task_a: Task
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="第一条")
    services.comment_add(task=task_a, actor=staff_a, text="第二条")
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "校验通过" in out.getvalue()
    target = AuditEvent.objects.filter(action="comment_add").order_by("id").first()
    tamper("UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["冒名者", target.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="发现 1 处异常"):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert f"#{target.pk}: 内容与哈希不符" in err.getvalue()


def test_verify_audit_detects_a_deleted_row(staff_a: User, task_a: Task) -> None:
    for text in ("一", "二", "三"):
        services.comment_add(task=task_a, actor=staff_a, text=text)
    middle = AuditEvent.objects.order_by("id")[1]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [middle.pk])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert "前一条哈希不符" in err.getvalue()


def test_audit_events_carry_actor_role_department_ip(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    login(staff_a).post(
        f"/tasks/{task_a.pk}/do/comment/", {"text": "请关注"}, REMOTE_ADDR="10.1.2.3"
    )
    event = AuditEvent.objects.get(action="comment_add")
    assert (event.actor_name, event.actor_role, event.actor_department, event.ip_address) == (
        "钱科员",
        "staff",
        "政策法规处",
        "10.1.2.3",
    )


def test_audit_page_and_export_for_supervisors_only(
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    task_a: Task,
    login: Callable[[User], Client],
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="导出测试")
    client = login(supervisor)
    page = client.get("/audit/?action=comment_add")
    assert page.status_code == 200 and "comment_add" in page.content.decode()
    export = client.get("/audit/export.csv?action=comment_add")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export["Content-Disposition"].startswith("attachment;")
    lines = body.strip().splitlines()
    assert lines[0].startswith("编号,时间,操作人")
    assert len(lines) == 2 and "导出测试" in lines[1]
    for user in (head_a, staff_a):
        assert login(user).get("/audit/").status_code == 403
        assert login(user).get("/audit/export.csv").status_code == 403
        assert login(user).get("/api/v1/audit/").status_code == 403
    assert login(leader).get("/api/v1/audit/").status_code == 200
    api = client.get("/api/v1/audit/?action=comment_add").json()
    assert api["count"] == 1 and api["results"][0]["after"]["text"] == "导出测试"
    assert AuditEvent.objects.filter(action="permission_denied", actor=staff_a).exists()


def test_audit_api_is_read_only(supervisor: User, login: Callable[[User], Client]) -> None:
    client = login(supervisor)
    event = (
        AuditEvent.objects.first()
        or services.task_create(actor=supervisor, title="x")
        and (AuditEvent.objects.first())
    )
    assert client.delete(f"/api/v1/audit/{event.pk}/").status_code == 405
    assert client.patch(f"/api/v1/audit/{event.pk}/", {}).status_code == 405


def test_timeline_shows_everything_with_who_and_when(
    supervisor: User,
    head_a: User,
    staff_a: User,
    dept_a: Department,
    login: Callable[[User], Client],
) -> None:
    with time_machine.travel(dt.datetime(2022, 2, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        task = services.task_create(actor=supervisor, title="完善行政执法三项制度")
        services.task_assign(
            task=task, actor=supervisor, lead_department=dept_a, due_on=dt.date(2022, 6, 30)
        )
        services.task_acknowledge(task=task, actor=head_a, responsible=staff_a)
        services.progress_report(task=task, actor=staff_a, text="起草完成", percent=50)
        evidence_upload(task=task, actor=staff_a, files=[upload("制度.pdf", PDF)])
        services.extension_request(
            task=task, actor=staff_a, requested_due_on=dt.date(2022, 8, 31), reason="需会签"
        )
        services.extension_decide(task=task, actor=supervisor, approve=True)
        services.comment_add(task=task, actor=head_a, text="抓紧推进")
        services.task_submit(task=task, actor=staff_a)
        services.task_return(task=task, actor=supervisor, reason="缺少会签页")
    html = login(staff_a).get(f"/tasks/{task.pk}/").content.decode()
    timeline = html[html.index('id="timeline"') :]
    for expected in (
        "立项",
        "交办",
        "签收",
        "责任人：钱科员",
        "反馈进展",
        "50%：起草完成",
        "上传佐证材料",
        "制度.pdf（v1）",
        "申请延期",
        "审批延期",
        "发表意见",
        "抓紧推进",
        "提交审核",
        "退回重办",
        "缺少会签页",
        "王督办",
        "赵处长",
        "2022-02-01 09:00",
    ):
        assert expected in timeline, expected
    assert "已延期 1 次" in html


def test_task_page_shows_only_the_actions_the_user_may_take(
    supervisor: User, staff_a: User, head_c: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    task_a.cooperating_departments.add(head_c.department)
    staff_html = login(staff_a).get(f"/tasks/{task_a.pk}/").content.decode()
    assert f"/tasks/{task_a.pk}/do/submit/" in staff_html
    assert f"/tasks/{task_a.pk}/do/approve/" not in staff_html
    assert f"/tasks/{task_a.pk}/do/cancel/" not in staff_html
    sup_html = login(supervisor).get(f"/tasks/{task_a.pk}/").content.decode()
    assert f"/tasks/{task_a.pk}/do/cancel/" in sup_html
    assert f"/tasks/{task_a.pk}/do/submit/" not in sup_html
    coop_html = login(head_c).get(f"/tasks/{task_a.pk}/").content.decode()
    assert f"/tasks/{task_a.pk}/evidence/" not in coop_html
    assert f"/tasks/{task_a.pk}/do/comment/" in coop_html


def test_list_filters_counts_and_overdue_rows(
    supervisor: User, dept_a: Department, dept_b: Department, login: Callable[[User], Client]
) -> None:
    make_task(
        supervisor=supervisor,
        department=dept_a,
        status=Status.IN_PROGRESS,
        title="逾期的计划任务",
        kind=Kind.PLAN,
        due_on=dt.date(2022, 3, 1),
    )
    make_task(
        supervisor=supervisor,
        department=dept_b,
        status=Status.IN_PROGRESS,
        title="按时的整改任务",
        kind=Kind.PROBLEM,
        due_on=dt.date(2022, 12, 1),
    )
    make_task(
        supervisor=supervisor,
        department=dept_b,
        status=Status.DONE,
        title="已办结的任务",
        kind=Kind.PROBLEM,
        due_on=dt.date(2022, 2, 1),
    )
    client = login(supervisor)
    with time_machine.travel(dt.datetime(2022, 6, 1, 2, 0, tzinfo=dt.UTC)):
        html = client.get("/tasks/?overdue=true").content.decode()
        assert "逾期的计划任务" in html and "按时的整改任务" not in html
        assert "已办结的任务" not in html
        assert 'class="overdue"' in html and "逾期 92 天" in html
        html = client.get(f"/tasks/?kind=problem&lead_department={dept_b.pk}").content.decode()
        assert "按时的整改任务" in html and "逾期的计划任务" not in html
        html = client.get("/tasks/?q=整改&status=in_progress").content.decode()
        assert "按时的整改任务" in html and "已办结的任务" not in html
        html = client.get("/tasks/?due_after=2022-04-01&due_before=2022-12-31").content.decode()
        assert "按时的整改任务" in html and "逾期的计划任务" not in html
        html = client.get("/tasks/").content.decode()
        assert "办理中 <b>2</b>" in html and "已办结（销号） <b>1</b>" in html
        html = client.get("/tasks/?sort=-due_on").content.decode()
        assert html.index("按时的整改任务") < html.index("逾期的计划任务")
        bad = client.get("/tasks/?due_after=not-a-date")
        assert bad.status_code == 200 and "筛选条件有误" in bad.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["supervisor", "head_a", "staff_a"])
def test_task_list_queries_do_not_grow_with_tasks(
    role: str,
    request: pytest.FixtureRequest,
    supervisor: User,
    staff_a: User,
    dept_a: Department,
    dept_c: Department,
    login: Callable[[User], Client],
) -> None:
    client = login(request.getfixturevalue(role))

    def add(n: int) -> None:
        for i in range(n):
            task = make_task(
                supervisor=supervisor,
                department=dept_a,
                status=Status.IN_PROGRESS,
                responsible=staff_a,
                title=f"任务{i}",
            )
            task.cooperating_departments.add(dept_c)

    add(5)
    small = _queries(client, "/tasks/")
    add(45)
    large = _queries(client, "/tasks/")
    assert small == large
    assert large <= 15


def test_task_page_queries_do_not_grow_with_evidence_or_events(
    supervisor: User, staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    client = login(staff_a)
    evidence_upload(task=task_a, actor=staff_a, files=[upload("f0.pdf")])
    services.comment_add(task=task_a, actor=staff_a, text="一")
    small = _queries(client, f"/tasks/{task_a.pk}/")
    evidence_upload(task=task_a, actor=staff_a, files=[upload(f"f{i}.pdf") for i in range(1, 10)])
    for i in range(9):
        services.comment_add(task=task_a, actor=staff_a, text=f"评论{i}")
    assert _queries(client, f"/tasks/{task_a.pk}/") == small
    sup = login(supervisor)
    assert _queries(sup, f"/tasks/{task_a.pk}/") <= small + 2


def test_comment_markup_is_escaped_in_the_timeline(
    staff_a: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    services.comment_add(task=task_a, actor=staff_a, text="<script>alert(1)</script>")
    html = login(staff_a).get(f"/tasks/{task_a.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_audit_page_reads_in_chinese_and_filters_by_action(
    supervisor: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    services.comment_add(task=task_a, actor=supervisor, text="请抓紧")
    client = login(supervisor)
    html = client.get("/audit/").content.decode()
    assert f"对《{task_a.title}》发表了意见，请抓紧" in html
    # The action filter offers every kind of event by its Chinese name.
    for action in AuditAction:
        assert f'<option value="{action.value}">{action.label}</option>' in html
    assert "请抓紧" not in client.get("/audit/?action=task_assign").content.decode()


def test_each_ledger_export_is_audited_once_whichever_door(
    supervisor: User, task_a: Task, login: Callable[[User], Client]
) -> None:
    client = login(supervisor)
    for url in (
        "/exports/ledger.xlsx",
        "/exports/ledger.csv",
        "/api/v1/exports/ledger.xlsx",
        "/api/v1/exports/ledger.csv",
    ):
        before = AuditEvent.objects.filter(action="ledger.export").count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert AuditEvent.objects.filter(action="ledger.export").count() == before + 1, url
