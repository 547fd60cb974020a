"""督查通报: generated as a background job from the data (checked against a
hand-computed table), edited by the office, numbered per year at issue, told
to leaders and heads through the outbox, kept in a list; nobody else gets it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from docx import Document
from rest_framework.authtoken.models import Token

from tests.tracker.reporting_data import TZ, at
from tracker.batch import services as batch
from tracker.batch.models import BatchJob, JobStatus
from tracker.circulars.models import Circular, CircularStatus
from tracker.circulars.services import NO_LEAGUE, circular_facts, period_parse
from tracker.notifications.models import Channel, Notification, NotificationKind
from tracker.org.models import Department, User
from tracker.supervision.services import task_urge
from tracker.tasks.lights import lights_sweep
from tracker.tasks.models import Status, Task

GENERATED_ON = dt.datetime(2026, 10, 10, 9, 0, tzinfo=TZ)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def api(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


def d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


@pytest.fixture
def quarter(
    supervisor: User,
    dept_a: Department,
    dept_b: Department,
    dept_c: Department,
    staff_a: User,
    staff_b: User,
) -> dict[str, Task]:
    """Three divisions in 2026Q3 (1 July – 30 September); see the expected facts below."""

    def task(
        title: str,
        dept: Department,
        status: str,
        due: dt.date,
        assigned: dt.date | None,
        completed: dt.date | None = None,
        cancelled: dt.date | None = None,
        responsible: User | None = None,
    ) -> Task:
        return Task.objects.create(
            title=title,
            lead_department=dept,
            status=status,
            due_on=due,
            assigned_at=at(assigned) if assigned else None,
            completed_at=at(completed, 16) if completed else None,
            cancelled_at=at(cancelled) if cancelled else None,
            responsible=responsible,
            created_by=supervisor,
            created_at=at(d(5, 1)),
            progress=100 if status == Status.DONE else 40,
        )

    tasks = {
        "A1": task("A1 按期办结", dept_a, Status.DONE, d(8, 31), d(6, 1), completed=d(8, 20)),
        "A2": task("A2 逾期后办结", dept_a, Status.DONE, d(7, 31), d(6, 1), completed=d(8, 10)),
        "A3": task(
            "A3 逾期未办", dept_a, Status.IN_PROGRESS, d(9, 15), d(6, 1), responsible=staff_a
        ),
        "B1": task(
            "B1 退回后逾期", dept_b, Status.RETURNED, d(7, 10), d(5, 1), responsible=staff_b
        ),
        "B2": task("B2 期后才办结", dept_b, Status.DONE, d(9, 20), d(5, 1), completed=d(10, 5)),
        "B3": task("B3 待交办不计", dept_b, Status.DRAFT, d(7, 1), None),
        "C1": task("C1 期前办结", dept_c, Status.DONE, d(6, 30), d(6, 1), completed=d(6, 25)),
        "C2": task("C2 最后一天办结", dept_c, Status.DONE, d(9, 30), d(7, 1), completed=d(9, 30)),
        "C3": task("C3 已中止", dept_c, Status.CANCELLED, d(8, 1), d(6, 1), cancelled=d(8, 15)),
    }
    # 催办: A3 twice and B1 once in the quarter; B1 once more after it.
    for moment, key in (
        (at(d(8, 1)), "A3"),
        (at(d(9, 1)), "A3"),
        (at(d(7, 20)), "B1"),
        (at(d(10, 3)), "B1"),
    ):
        with time_machine.travel(moment, tick=False):
            task_urge(task=tasks[key], actor=supervisor, message="请加快进度。")
    # The daily light sweep: B1 turns red on 11 July, A3 on 16 September.
    for day in (d(7, 11), d(9, 16), d(9, 21)):
        with time_machine.travel(at(day, 8), tick=False):
            lights_sweep(today=day)
    return tasks


# Hand-computed from the fixture: as of 30 September 2026.
# In the order of 办结: A2 on 10 August, A1 on 20 August, C2 on 30 September.
EXPECTED_DONE = [
    ("A2 逾期后办结", "政策法规处", False),
    ("A1 按期办结", "政策法规处", True),
    ("C2 最后一天办结", "救援协调和预案管理处", True),
]
EXPECTED_OVERDUE = [
    ("B1 退回后逾期", "安全生产执法监督处", 82),
    ("A3 逾期未办", "政策法规处", 15),
    ("B2 期后才办结", "安全生产执法监督处", 10),
]
EXPECTED_URGES = [
    {"division": "政策法规处", "count": 2, "tasks": 1},
    {"division": "安全生产执法监督处", "count": 1, "tasks": 1},
]
EXPECTED_RED = [("B1 退回后逾期", "2026-07-11"), ("A3 逾期未办", "2026-09-16")]
EXPECTED_BY_DIVISION = [
    {
        "division": "救援协调和预案管理处",
        "done": 1,
        "on_time": 1,
        "overdue": 0,
        "urged": 0,
        "red": 0,
    },
    {"division": "政策法规处", "done": 2, "on_time": 1, "overdue": 1, "urged": 2, "red": 1},
    {"division": "安全生产执法监督处", "done": 0, "on_time": 0, "overdue": 2, "urged": 1, "red": 1},
]


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(GENERATED_ON, tick=False):
        yield


def generate(client: Client, period: str, capture: Callable) -> tuple[Circular, BatchJob]:
    with capture(execute=False):
        response = client.post("/circulars/", {"period": period})
    job = BatchJob.objects.latest("created_at")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    batch.batch_run(job_id=job.pk)
    job.refresh_from_db()
    return Circular.objects.latest("created_at"), job


def docx_text(data: bytes) -> tuple[str, Document]:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts), document


def download(client: Client, circular: Circular) -> bytes:
    response = client.get(f"/circulars/{circular.pk}/download")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_facts_match_the_hand_computed_quarter(quarter: dict[str, Task], frozen: None) -> None:
    facts = circular_facts(start=d(7, 1), end=d(9, 30))
    assert facts["as_of"] == "2026-09-30"
    assert [(r["title"], r["division"], r["on_time"]) for r in facts["done"]] == EXPECTED_DONE
    assert [(r["title"], r["division"], r["days"]) for r in facts["overdue"]] == EXPECTED_OVERDUE
    assert facts["urges"] == EXPECTED_URGES
    assert [(r["title"], r["on"]) for r in facts["red"]] == EXPECTED_RED
    assert all(r["slip"].startswith("督办〔2026〕") for r in facts["red"])
    assert facts["by_division"] == EXPECTED_BY_DIVISION


@pytest.mark.django_db
def test_generated_as_a_job_edited_and_issued_with_a_number_to_leaders_and_heads(
    quarter: dict[str, Task],
    supervisor: User,
    leader: User,
    head_a: User,
    head_b: User,
    head_c: User,
    staff_a: User,
    login: Callable,
    frozen: None,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = login(supervisor)
    circular, job = generate(client, "2026年第三季度", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE and job.kind == "circular.docx" and job.percent == 100
    assert circular.status == CircularStatus.DRAFT and circular.number == ""
    assert circular.title == "关于2026年第三季度督查督办工作情况的通报"
    draft_text, _ = docx_text(download(client, circular))
    for snippet in (
        "（征求意见稿，未签发）",
        "2026年第三季度，全厅办结督办事项3项，其中按期办结2项",
        "逾期未办结事项3项",
        "督查室共催办3次",
        "转为红灯（逾期）的事项2项",
        "B1 退回后逾期",
        "政策法规处2次（涉及1项）",
        "（表扬：督查室在签发前填写。）",
    ):
        assert snippet in draft_text, snippet
    assert "B3 待交办不计" not in draft_text and "C3 已中止" not in draft_text
    # The page shows the same data with links to the tasks.
    page = client.get(f"/circulars/{circular.pk}/").content.decode()
    assert f"/tasks/{quarter['B1'].pk}/" in page and "逾期 82 天" in page
    # 表扬 and 批评, then 签发.
    response = client.post(
        f"/circulars/{circular.pk}/save/",
        {
            "praise": "政策法规处按期办结率高，予以表扬。",
            "criticism": "安全生产执法监督处两项事项逾期，予以通报批评。",
            "version": circular.version,
            "issue": "1",
        },
    )
    assert response.status_code == 302
    circular.refresh_from_db()
    assert circular.status == CircularStatus.ISSUED and circular.number == "督查通报〔2026〕1号"
    text, document = docx_text(download(client, circular))
    assert "督查通报〔2026〕1号" in text and "征求意见稿" not in text
    assert "政策法规处按期办结率高，予以表扬。" in text and "予以通报批评。" in text
    assert "六、表扬" in text and "七、批评" in text and "抄送：厅领导。" in text
    # GB/T 9704: the issuer's name in red, page numbers as a PAGE field in both footers.
    head = next(p for p in document.paragraphs if p.text.endswith("督查通报") and p.runs)
    assert str(head.runs[0].font.color.rgb) == "E60012"
    section = document.sections[0]
    for footer in (section.footer, section.even_page_footer):
        assert "PAGE" in footer._element.xml and "— " in footer.paragraphs[0].text
    # Told through the outbox: leaders and heads, in the app and by e-mail; nobody else.
    rows = Notification.objects.filter(kind=NotificationKind.CIRCULAR)
    assert {(n.recipient.username, n.channel) for n in rows} == {
        (u.username, c)
        for u in (leader, head_a, head_b, head_c)
        for c in (Channel.APP, Channel.EMAIL)
    }
    assert all("督查通报〔2026〕1号" in n.subject for n in rows)
    inbox = login(head_b).get("/notifications/").content.decode()
    assert "督查通报〔2026〕1号" in inbox
    # Issued means frozen: no more edits, in Chinese.
    again = client.post(
        f"/circulars/{circular.pk}/save/",
        {"praise": "改", "criticism": "", "version": circular.version},
        follow=True,
    )
    assert "该通报已签发（督查通报〔2026〕1号），不能再修改。" in again.content.decode()
    circular.refresh_from_db()
    assert circular.praise == "政策法规处按期办结率高，予以表扬。"
    # Kept in the list for the leaders.
    assert "督查通报〔2026〕1号" in login(leader).get("/circulars/").content.decode()


@pytest.mark.django_db
def test_numbered_per_year_without_gaps(
    supervisor: User, login: Callable, django_capture_on_commit_callbacks: Callable
) -> None:
    numbers = []
    for moment, period in (
        (dt.datetime(2026, 4, 2, 9, tzinfo=TZ), "2026Q1"),
        (dt.datetime(2026, 5, 3, 9, tzinfo=TZ), "2026-04"),
        (dt.datetime(2027, 1, 5, 9, tzinfo=TZ), "2026Q4"),
    ):
        with time_machine.travel(moment, tick=False):
            circular, _ = generate(login(supervisor), period, django_capture_on_commit_callbacks)
            answer = api(supervisor).patch(
                f"/api/v1/circulars/{circular.pk}/",
                {"praise": "表扬。", "version": circular.version},
                content_type="application/json",
            )
            assert answer.status_code == 200, answer.content
            issued = api(supervisor).post(f"/api/v1/circulars/{circular.pk}/issue/")
            assert issued.status_code == 200
            numbers.append(issued.json()["number"])
    assert numbers == ["督查通报〔2026〕1号", "督查通报〔2026〕2号", "督查通报〔2027〕1号"]


@pytest.mark.django_db
def test_bad_input_is_refused_in_chinese_and_changes_nothing(
    supervisor: User,
    login: Callable,
    frozen: None,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    client = login(supervisor)
    for period, message in (
        ("2026-13", "无法识别"),
        ("下个月", "无法识别"),
        ("2027Q1", "尚未开始"),
        ("2026-11", "尚未开始"),
    ):
        response = client.post("/circulars/", {"period": period})
        assert response.status_code == 400 and message in response.content.decode()
        answer = api(supervisor).post(
            "/api/v1/circulars/", {"period": period}, content_type="application/json"
        )
        assert answer.status_code == 400 and message in answer.json()["detail"]
    assert not Circular.objects.exists() and not BatchJob.objects.exists()
    assert period_parse("2026Q3")[1:3] == (d(7, 1), d(9, 30))
    assert period_parse("2026年2月")[1:3] == (d(2, 1), d(2, 28))
    # Issuing with neither 表扬 nor 批评 is refused.
    circular, _ = generate(client, "2026-09", django_capture_on_commit_callbacks)
    answer = api(supervisor).post(f"/api/v1/circulars/{circular.pk}/issue/")
    assert answer.status_code == 400 and "请先填写表扬或批评" in answer.json()["detail"]
    stale = api(supervisor).patch(
        f"/api/v1/circulars/{circular.pk}/",
        {"praise": "x", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 400 and "已被他人修改" in stale.json()["detail"]
    circular.refresh_from_db()
    assert (
        circular.status == CircularStatus.DRAFT and circular.number == "" and circular.praise == ""
    )


@pytest.mark.django_db
def test_drafts_are_the_office_s_and_issued_ones_go_to_leaders_and_heads_only(
    supervisor: User,
    leader: User,
    head_a: User,
    staff_a: User,
    staff_b: User,
    login: Callable,
    frozen: None,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    circular, _ = generate(login(supervisor), "2026-09", django_capture_on_commit_callbacks)
    urls = (f"/circulars/{circular.pk}/", f"/circulars/{circular.pk}/download")
    apis = (f"/api/v1/circulars/{circular.pk}/", f"/api/v1/circulars/{circular.pk}/download/")

    def sees(user: User) -> bool:
        pages = {login(user).get(u).status_code for u in urls}
        answers = {api(user).get(u).status_code for u in apis}
        listed = circular.title in login(user).get("/circulars/").content.decode()
        listed_api = bool(api(user).get("/api/v1/circulars/").json()["results"])
        assert len(pages | answers) == 1 and listed == listed_api == (pages == {200})
        return pages == {200}

    assert sees(supervisor) and not any(sees(u) for u in (leader, head_a, staff_a, staff_b))
    circular.praise = "表扬。"
    circular.save()
    assert api(supervisor).post(f"/api/v1/circulars/{circular.pk}/issue/").status_code == 200
    assert sees(leader) and sees(head_a)
    assert not sees(staff_a) and not sees(staff_b)
    # Only the office generates, edits and issues.
    assert login(head_a).post("/circulars/", {"period": "2026-08"}).status_code == 404
    answer = api(head_a).post(
        "/api/v1/circulars/", {"period": "2026-08"}, content_type="application/json"
    )
    assert answer.status_code == 400 and "只有督查室" in answer.json()["detail"]
    assert api(leader).post(f"/api/v1/circulars/{circular.pk}/issue/").status_code == 400
    assert api(staff_b).post(f"/api/v1/circulars/{circular.pk}/issue/").status_code == 404
    assert Circular.objects.count() == 1


@pytest.mark.django_db
def test_the_league_table_section_fills_from_the_scoring_module(
    quarter: dict[str, Task], frozen: None
) -> None:
    facts = circular_facts(start=d(7, 1), end=d(9, 30))
    try:
        from tracker.scoring.periods import Period
        from tracker.scoring.services import league_table
    except ImportError:
        assert facts["league"] == {"available": False, "rows": []}
        assert "考评模块启用后" in NO_LEAGUE
        return
    rows = league_table(period=Period(2026, 3), as_of=d(9, 30))
    assert facts["league"]["available"] is True
    assert [(r["rank"], r["division"], r["score"]) for r in facts["league"]["rows"]] == [
        (r.rank, r.department_name, str(r.score)) for r in rows
    ]
