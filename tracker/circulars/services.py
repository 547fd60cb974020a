"""督查通报: generate (a background job), edit, issue.

1. ``circular_generate`` — a supervisor names a month (``2026-11``) or a
   quarter (``2026Q3``); a draft row is created and a tracker.batch job
   (``circular_generate_run``) gathers the facts of the period and renders the
   draft .docx (the job's file).
2. ``circular_edit`` — the office writes the 表扬 and 批评 sections; the
   draft is rendered again at once (the data stays as gathered).
3. ``circular_issue`` — takes the next number of the year (the slips'
   locked per-kind, per-year counter, kind ``circular``), renders the final
   .docx, stores it with its SHA-256, and tells the leaders and the division
   heads through the outbox (in the app, and by e-mail where they have it).

The facts of a period [start, end] are read as they stand at its last day
(``as_of`` = the end, or today for a period not yet over):

- 办结: tasks whose 办结 (completed_at) falls in the period, per lead division,
  with how many on or before the deadline;
- 逾期: tasks assigned (not 待交办/退办), deadline before ``as_of``, neither
  办结 nor 中止 by ``as_of`` — per lead division, with the days overdue;
- 催办: the 催办 (tracker.supervision ``Urge``) made in the period, per division;
- 转为红灯: the tasks whose light turned red in the period (the 预警督办单 the
  light sweep issues for red, tracker.tasks.lights);
- 考评排名: the league table of tracker.scoring (engineer i15a's 考评) for the
  quarter containing the period, as of ``as_of`` — until that module is
  installed, the section says it will be filled from it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections import defaultdict
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.audit.models import AuditAction
from tracker.audit.services import audit_record
from tracker.batch.models import BatchJob
from tracker.batch.registry import BatchRefused, Progress
from tracker.batch.services import batch_start
from tracker.circulars.models import Circular, CircularStatus, PeriodKind
from tracker.circulars.rendering import CircularContent, Section, Table, render_circular_docx
from tracker.notifications.events import channels_for
from tracker.notifications.models import Notification, NotificationKind, NotificationPreference
from tracker.notifications.services import notifications_queue
from tracker.org.models import Role, User
from tracker.slips.models import Slip, SlipKind
from tracker.slips.services import chinese_date, number_take
from tracker.supervision.models import Urge
from tracker.tasks.models import UNASSIGNED_STATUSES, Status, Task

GENERATE_JOB = "circular.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QUARTERS = "一二三四"
NO_LEAGUE = "（考评排名由考评模块提供；考评模块启用后，本节按通报期间所在季度的排名自动填入。）"
_MONTH = re.compile(r"^\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*(?:Q|q|第)\s*([1-4一二三四])\s*(?:季度)?\s*$")


def issuer() -> str:
    return settings.CIRCULAR_ISSUER or settings.SLIP_OFFICE_NAME


def period_parse(text: str) -> tuple[str, dt.date, dt.date, str]:
    """``2026-11`` / ``2026年11月`` → a month; ``2026Q3`` / ``2026年第三季度`` → a quarter."""
    value = (text or "").strip()
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return (
                PeriodKind.MONTH,
                dt.date(year, month, 1),
                dt.date(year, month, last),
                (f"{year}年{month}月"),
            )
    if match := _QUARTER.match(value):
        year = int(match[1])
        quarter = int(match[2]) if match[2].isdigit() else QUARTERS.index(match[2]) + 1
        if 2000 <= year <= 2100:
            start = dt.date(year, 3 * quarter - 2, 1)
            end_month = 3 * quarter
            end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
            return PeriodKind.QUARTER, start, end, f"{year}年第{QUARTERS[quarter - 1]}季度"
    raise ValidationError(
        _("通报期间“%(v)s”无法识别：月度请写 2026-11，季度请写 2026Q3。") % {"v": value[:20]}
    )


# -- the facts ------------------------------------------------------------------


def _division(task: Any) -> str:
    return str(task.lead_department.name) if task.lead_department else "未指定牵头单位"


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def circular_facts(*, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the circular reports for [start, end], as plain JSON values."""
    today = today or timezone.localdate()
    as_of = min(end, today)
    tasks = Task.objects.select_related("lead_department")

    # 办结 in the period (local dates).
    done_rows: list[dict[str, Any]] = []
    for task in tasks.filter(status=Status.DONE, completed_at__isnull=False).order_by(
        "completed_at", "pk"
    ):
        on = _local(task.completed_at)
        if on is None or not start <= on <= end:
            continue
        on_time = task.due_on is None or on <= task.due_on
        done_rows.append(
            {
                "id": task.pk,
                "title": task.title,
                "division": _division(task),
                "on": on.isoformat(),
                "on_time": on_time,
            }
        )

    # 逾期 as of the period's last day: assigned, deadline passed, not closed by then.
    overdue_rows: list[dict[str, Any]] = []
    candidates = (
        tasks.filter(assigned_at__isnull=False, due_on__lt=as_of)
        .exclude(status__in=UNASSIGNED_STATUSES)  # 待交办/退办: nobody's yet (fair numbers)
        .order_by("due_on", "pk")
    )
    for task in candidates:
        assigned_on, due_on = _local(task.assigned_at), task.due_on
        if due_on is None or (assigned_on is not None and assigned_on > as_of):
            continue
        closed_on = _local(task.completed_at) or _local(task.cancelled_at)
        if closed_on is not None and closed_on <= as_of:
            continue
        overdue_rows.append(
            {
                "id": task.pk,
                "title": task.title,
                "division": _division(task),
                "due_on": due_on.isoformat(),
                "days": (as_of - due_on).days,
            }
        )

    # 催办 in the period.
    urge_counts: dict[str, int] = defaultdict(int)
    urged_tasks: dict[str, set[int]] = defaultdict(set)
    for urge in Urge.objects.select_related("task__lead_department").order_by("created_at"):
        on = _local(urge.created_at)
        if on is None or not start <= on <= end:
            continue
        urge_counts[_division(urge.task)] += 1
        urged_tasks[_division(urge.task)].add(urge.task_id)
    urge_rows: list[dict[str, Any]] = sorted(
        ({"division": d, "count": n, "tasks": len(urged_tasks[d])} for d, n in urge_counts.items()),
        key=lambda r: (-r["count"], r["division"]),
    )

    # 转为红灯: the red 预警督办单 of the period.
    red_rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for slip in (
        Slip.objects.filter(kind=SlipKind.WARNING, occasion__startswith="light-red-")
        .select_related("task__lead_department")
        .order_by("issued_at", "pk")
    ):
        on = _local(slip.issued_at)
        if on is None or not start <= on <= end or slip.task_id in seen:
            continue
        seen.add(slip.task_id)
        red_rows.append(
            {
                "id": slip.task_id,
                "title": slip.task.title,
                "division": _division(slip.task),
                "on": on.isoformat(),
                "slip": slip.number,
            }
        )

    # Per division: 办结 (按期), 逾期, 催办.
    divisions: dict[str, dict[str, int]] = defaultdict(
        lambda: {"done": 0, "on_time": 0, "overdue": 0, "urged": 0, "red": 0}
    )
    for row in done_rows:
        divisions[row["division"]]["done"] += 1
        divisions[row["division"]]["on_time"] += int(row["on_time"])
    for row in overdue_rows:
        divisions[row["division"]]["overdue"] += 1
    for row in urge_rows:
        divisions[row["division"]]["urged"] += row["count"]
    for row in red_rows:
        divisions[row["division"]]["red"] += 1
    by_division = [
        {"division": name, **counts}
        for name, counts in sorted(
            divisions.items(), key=lambda item: (item[1]["overdue"], -item[1]["done"], item[0])
        )
    ]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "as_of": as_of.isoformat(),
        "done": done_rows,
        "overdue": overdue_rows,
        "urges": urge_rows,
        "red": red_rows,
        "by_division": by_division,
        "league": league_facts(end=end, as_of=as_of),
    }


def league_facts(*, end: dt.date, as_of: dt.date) -> dict[str, Any]:
    """The 考评 league table of the quarter containing ``end`` (tracker.scoring)."""
    try:
        from tracker.scoring.periods import Period  # type: ignore[import-not-found]
        from tracker.scoring.services import league_table  # type: ignore[import-not-found]
    except ImportError:
        return {"available": False, "rows": []}
    period = Period(end.year, (end.month - 1) // 3 + 1)
    rows = league_table(period=period, as_of=as_of)
    return {
        "available": True,
        "period": str(period.label),
        "rows": [
            {
                "rank": r.rank,
                "division": r.department_name,
                "score": str(r.score),
                "counts": dict(r.counts),
            }
            for r in rows
        ],
    }


# -- the document ------------------------------------------------------------------


def _day(value: str) -> str:
    return chinese_date(dt.date.fromisoformat(value))


def circular_content(
    circular: Circular, *, number: str = "", issued_on: dt.date | None = None
) -> CircularContent:
    facts = circular.facts or {}
    label = circular.period_label
    done, overdue = facts.get("done", []), facts.get("overdue", [])
    urges, red = facts.get("urges", []), facts.get("red", [])
    on_time = sum(1 for r in done if r["on_time"])
    urge_count = sum(r["count"] for r in urges)
    sections = [
        Section(
            "一、总体情况",
            [
                f"{label}，全厅办结督办事项{len(done)}项，其中按期办结{on_time}项；"
                f"截至{_day(facts.get('as_of', circular.period_end.isoformat()))}，"
                f"逾期未办结事项{len(overdue)}项；督查室共催办{urge_count}次；"
                f"转为红灯（逾期）的事项{len(red)}项。"
            ],
            Table(
                ["牵头单位", "办结", "按期办结", "逾期未办结", "催办次数", "转为红灯"],
                [
                    [
                        r["division"],
                        str(r["done"]),
                        str(r["on_time"]),
                        str(r["overdue"]),
                        str(r["urged"]),
                        str(r["red"]),
                    ]
                    for r in facts.get("by_division", [])
                ],
            ),
        ),
        Section(
            "二、逾期未办结事项",
            [] if overdue else ["本期无逾期未办结事项。"],
            Table(
                ["序号", "牵头单位", "事项", "完成时限", "逾期天数"],
                [
                    [str(i), r["division"], r["title"], _day(r["due_on"]), str(r["days"])]
                    for i, r in enumerate(overdue, 1)
                ],
            ),
        ),
        Section(
            "三、催办情况",
            [
                "；".join(f"{r['division']}{r['count']}次（涉及{r['tasks']}项）" for r in urges)
                + "。"
            ]
            if urges
            else ["本期未发生催办。"],
        ),
        Section(
            "四、转为红灯的事项",
            [
                f"{i}. {r['title']}（{r['division']}，{_day(r['on'])}转为红灯，{r['slip']}）"
                for i, r in enumerate(red, 1)
            ]
            or ["本期无转为红灯的事项。"],
        ),
    ]
    league = facts.get("league", {})
    if league.get("available"):
        sections.append(
            Section(
                "五、考评排名",
                [f"以下为{league.get('period', '')}考评得分（截至{_day(facts['as_of'])}）。"],
                Table(
                    ["名次", "处室", "得分"],
                    [[str(r["rank"]), r["division"], r["score"]] for r in league["rows"]],
                ),
            )
        )
    else:
        sections.append(Section("五、考评排名", [NO_LEAGUE]))
    praise = circular.praise.strip() or ("（表扬：督查室在签发前填写。）" if not number else "")
    criticism = circular.criticism.strip() or (
        "（批评：督查室在签发前填写。）" if not number else ""
    )
    if praise:
        sections.append(Section("六、表扬", [praise]))
    if criticism:
        sections.append(Section(f"{'七' if praise else '六'}、批评", [criticism]))
    sections.append(
        Section(
            "",
            after=[
                "请各处室对照本通报，对逾期和转为红灯的事项逐项查找原因、明确措施，"
                "抓紧推进；已办结的事项及时报送佐证材料。"
            ],
        )
    )
    sections = [s for s in sections if s.heading or s.after]
    return CircularContent(
        issuer=f"{issuer()}督查通报" if not issuer().endswith("通报") else issuer(),
        number=number or "督查通报〔　　〕　号（未编号）",
        title=circular.title,
        addressee="各处室、各直属单位：",
        opening=f"现将{label}督查督办工作情况通报如下。",
        sections=sections,
        signature=issuer(),
        issued_on=chinese_date(issued_on or timezone.localdate()),
        copy_to="厅领导",
        printed_by=issuer(),
        draft=not number,
    )


def _store_docx(circular: Circular, data: bytes, name: str) -> None:
    circular.docx.save(name, ContentFile(data), save=False)
    circular.docx_sha256 = hashlib.sha256(data).hexdigest()


# -- the steps ---------------------------------------------------------------------


def _require_supervisor(actor: User) -> None:
    if not actor.is_supervisor:
        raise ValidationError(_("只有督查室可以拟制和签发督查通报。"))


def circular_generate(
    *, actor: User, period: str, request: Any = None
) -> tuple[Circular, BatchJob]:
    """Create the draft and queue the job that gathers the facts and renders it."""
    _require_supervisor(actor)
    kind, start, end, label = period_parse(period)
    if start > timezone.localdate():
        raise ValidationError(_("通报期间尚未开始，不能生成通报。"))
    with transaction.atomic():
        circular = Circular.objects.create(
            period_kind=kind,
            period_start=start,
            period_end=end,
            period_label=label,
            title=f"关于{label}督查督办工作情况的通报",
            created_by=actor,
        )
        audit_record(
            action=AuditAction.CIRCULAR_DRAFT,
            actor=actor,
            obj=circular,
            object_repr=circular.title,
            request=request,
        )
        job = batch_start(
            kind=GENERATE_JOB, user=actor, params={"circular_id": circular.pk}, request=request
        )
    return circular, job


def circular_generate_run(job: BatchJob, target: IO[bytes], progress: Progress) -> str:
    """tracker.batch runner: gather the facts, render the draft, keep both."""
    circular = Circular.objects.filter(pk=job.params.get("circular_id") or 0).first()
    if circular is None:
        raise BatchRefused(_("通报不存在。"))
    if circular.status == CircularStatus.ISSUED:
        raise BatchRefused(_("通报已签发，数据不再重新生成。"))
    progress(0, 3)
    facts = circular_facts(start=circular.period_start, end=circular.period_end)
    progress(1, 3)
    circular.facts = facts
    data = render_circular_docx(circular_content(circular))
    progress(2, 3)
    name = f"督查通报（征求意见稿）-{circular.period_label}.docx"
    with transaction.atomic():
        locked = Circular.objects.select_for_update().get(pk=circular.pk)
        if locked.status == CircularStatus.ISSUED:
            raise BatchRefused(_("通报已签发，数据不再重新生成。"))
        locked.facts = facts
        locked.status = CircularStatus.DRAFT
        locked.generated_at = timezone.now()
        locked.version += 1
        _store_docx(locked, data, f"circular-{locked.pk}-draft.docx")
        locked.save()
    target.write(data)
    progress(3, 3)
    return name


def _locked_draft(circular: Circular, expected_version: int | None) -> Circular:
    locked = Circular.objects.select_for_update().get(pk=circular.pk)
    if locked.status == CircularStatus.ISSUED:
        raise ValidationError(_("该通报已签发（%(n)s），不能再修改。") % {"n": locked.number})
    if locked.status == CircularStatus.GENERATING:
        raise ValidationError(_("通报数据仍在生成中，请稍后再试。"))
    if expected_version is not None and int(expected_version) != locked.version:
        raise ValidationError(_("该通报已被他人修改，请刷新后重试。"))
    return locked


def circular_edit(
    *,
    circular: Circular,
    actor: User,
    praise: str,
    criticism: str,
    expected_version: int | None = None,
    request: Any = None,
) -> Circular:
    """The office's 表扬 and 批评 sections; the draft is rendered again."""
    _require_supervisor(actor)
    with transaction.atomic():
        locked = _locked_draft(circular, expected_version)
        before = {"praise": locked.praise, "criticism": locked.criticism}
        locked.praise = (praise or "").strip()[:5000]
        locked.criticism = (criticism or "").strip()[:5000]
        locked.version += 1
        _store_docx(
            locked,
            render_circular_docx(circular_content(locked)),
            f"circular-{locked.pk}-draft.docx",
        )
        locked.save()
        audit_record(
            action=AuditAction.CIRCULAR_EDIT,
            actor=actor,
            obj=locked,
            object_repr=locked.title,
            before=before,
            after={"praise": locked.praise, "criticism": locked.criticism},
            request=request,
        )
    return locked


def circular_recipients() -> list[User]:
    """Whom a 通报 is issued to: the leaders and the division heads (active)."""
    return list(
        User.objects.filter(is_active=True, role__in=[Role.LEADER, Role.HEAD]).order_by("pk")
    )


def circular_issue(
    *, circular: Circular, actor: User, expected_version: int | None = None, request: Any = None
) -> Circular:
    """签发: number it, render the final .docx, and tell leaders and heads."""
    _require_supervisor(actor)
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked_draft(circular, expected_version)
        if not locked.praise.strip() and not locked.criticism.strip():
            raise ValidationError(_("请先填写表扬或批评内容，再签发通报。"))
        sequence = number_take(kind="circular", year=today.year)
        locked.year, locked.sequence = today.year, sequence
        locked.number = settings.CIRCULAR_NUMBER_FORMAT.format(year=today.year, seq=sequence)
        locked.status = CircularStatus.ISSUED
        locked.issued_by, locked.issued_at = actor, timezone.now()
        locked.version += 1
        content = circular_content(locked, number=locked.number, issued_on=today)
        _store_docx(
            locked, render_circular_docx(content), f"circular-{today.year}-{sequence:03d}.docx"
        )
        locked.save()
        audit_record(
            action=AuditAction.CIRCULAR_ISSUE,
            actor=actor,
            obj=locked,
            object_repr=locked.title,
            after={"number": locked.number, "sha256": locked.docx_sha256},
            request=request,
        )
        _notify(locked, actor)
    return locked


def _notify(circular: Circular, actor: User) -> None:
    people = [p for p in circular_recipients() if p.pk != actor.pk]
    email_off = set(
        NotificationPreference.objects.filter(
            user_id__in=[p.pk for p in people], email=False
        ).values_list("user_id", flat=True)
    )
    facts = circular.facts or {}
    body = (
        f"{circular.number}《{circular.title}》已签发：本期办结{len(facts.get('done', []))}项，"
        f"逾期未办结{len(facts.get('overdue', []))}项。请在督办系统“督查通报”中查看全文。\n"
        f"{settings.SITE_URL.rstrip('/')}/circulars/{circular.pk}/"
    )
    created = []
    for person in people:
        for channel in channels_for(
            person, NotificationKind.CIRCULAR, email_off=person.pk in email_off
        ):
            try:
                with transaction.atomic():
                    created.append(
                        Notification.objects.create(
                            recipient=person,
                            kind=NotificationKind.CIRCULAR,
                            channel=channel,
                            dedupe_key=f"circular:{circular.pk}:{person.pk}:{channel}",
                            subject=f"【督查通报】{circular.number} {circular.title}"[:300],
                            body=body,
                            payload={"circular": circular.pk},
                        )
                    )
            except IntegrityError:
                continue
    notifications_queue(notification_ids=[n.pk for n in created])


def circulars_visible_to(user: Any) -> Any:
    return Circular.objects.visible_to(user)


def circular_download_record(*, circular: Circular, actor: Any, request: Any = None) -> None:
    """Put a download of the circular's .docx on the audit trail."""
    audit_record(
        action=AuditAction.CIRCULAR_DOWNLOAD,
        actor=actor,
        obj=circular,
        object_repr=circular.title,
        request=request,
    )
