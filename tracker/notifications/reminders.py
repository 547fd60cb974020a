"""The reminder sweep (催办): from task state to outbox rows, exactly once.

Celery beat only triggers ``reminders_sweep``; the database decides. Each
task carries ``next_remind_at`` (indexed), the moment its next reminder
occasion falls. A sweep reads the tasks whose moment has come, works out
their occasions with the working-day calendar, inserts one row per (task,
recipient, kind, channel, occasion) under the unique ``dedupe_key`` — a
second sweep or a concurrent one inserts nothing — advances
``next_remind_at``, and queues the deliveries after commit. Rows whose
delivery was lost (worker killed, Redis flushed) are queued again.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tracker.notifications import planning, routing
from tracker.notifications.models import (
    QUIET_END,
    QUIET_START,
    Channel,
    DeliveryStatus,
    Holiday,
    Notification,
    NotificationKind,
    NotificationPreference,
    ReminderPolicy,
    TaskReminderPolicy,
)
from tracker.notifications.planning import ACTIVE_STATUSES, Occasion, Policy, TaskFacts
from tracker.notifications.services import notifications_requeue
from tracker.notifications.workdays import WorkCalendar
from tracker.org.models import Department, Role, User
from tracker.tasks.models import ProgressUpdate, Task

CHUNK = 5000
TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)
# Kinds a department's group robot also hears about.
ROBOT_KINDS = (planning.DUE_TODAY, planning.OVERDUE, planning.ESCALATE_HEAD)


def work_calendar() -> WorkCalendar:
    """The calendar, with the admin-edited days for years the package lacks."""
    from tracker.tasks.sentinels import values_rows

    # A statement compiled once per process (~300 function calls of every task write).
    rows = values_rows(
        ("holidays",),
        lambda: Holiday.objects.values("day", "is_workday"),
        Holiday.objects.db,
        [],
        set(),
        [],
    )
    if rows is None:
        return WorkCalendar(dict(Holiday.objects.values_list("day", "is_workday")))
    return WorkCalendar({row["day"]: row["is_workday"] for row in rows})


def policy_from(row: Any) -> Policy:
    return Policy(
        days_before=tuple(row.days_before_list()),
        remind_on_due_day=row.remind_on_due_day,
        overdue_every=max(1, row.overdue_every),
        escalate_head_after=row.escalate_head_after,
        escalate_leader_after=row.escalate_leader_after,
        unacknowledged_after=row.unacknowledged_after,
        send_at=row.send_at,
        report_cycle=getattr(row, "report_cycle", ""),
        report_day=getattr(row, "report_day", 25),
        sms_kinds=routing.sms_kinds(row),
    )


def occasion_moment(day: dt.date, send_at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, send_at, tzinfo=TZ)


def last_occasion_day(now: dt.datetime, send_at: dt.time) -> dt.date:
    """The latest day whose reminder moment has come by ``now``."""
    local = now.astimezone(TZ)
    return local.date() if local.time() >= send_at else local.date() - dt.timedelta(days=1)


def daytime(moment: dt.datetime, send_at: dt.time) -> dt.datetime:
    """``moment``, or the next morning's send time when it falls at night."""
    local = moment.astimezone(TZ)
    if local.time() >= QUIET_START:
        return occasion_moment(local.date() + dt.timedelta(days=1), send_at)
    if local.time() < QUIET_END:
        return occasion_moment(local.date(), send_at)
    return moment


# --------------------------------------------------------------------------- planning


def _facts(task: Task) -> TaskFacts:
    return TaskFacts(
        task_id=task.pk,
        status=task.status,
        due_on=task.due_on,
        assigned_on=timezone.localdate(task.assigned_at, TZ) if task.assigned_at else None,
        acknowledged=task.acknowledged_at is not None,
    )


# The task's id in ``task_override``'s statement (sentinels.MARKS if written as text).
_OVERRIDE_SENTINEL = 2_100_000_911


def _override_query(task_id: int) -> Any:
    # As ``first()`` reads: its ordering (the primary key's when the model has none), one row.
    found = TaskReminderPolicy.objects.filter(task=task_id)
    return (found if found.ordered else found.order_by("pk"))[:1]


def task_override(task: Task) -> TaskReminderPolicy | None:
    """``TaskReminderPolicy.objects.filter(task=task).first()``: the task's own
    policy, by a statement compiled once per process (``sentinels.model_rows``;
    ~1,300 function calls of every task write), or through the ORM where it
    cannot be."""
    from tracker.tasks.sentinels import model_rows

    found = model_rows(
        ("task_reminder_policy",),
        lambda: _override_query(_OVERRIDE_SENTINEL),
        TaskReminderPolicy.objects.db,
        [_OVERRIDE_SENTINEL],
        {0},
        [task.pk],
    )
    if found is None:
        return TaskReminderPolicy.objects.filter(task=task).first()
    return found[0] if found else None


def task_policy(task: Task, *, default: ReminderPolicy | None = None) -> Policy:
    override = task_override(task)
    return policy_from(override or default or ReminderPolicy.load())


@dataclass(frozen=True)
class ReplanInputs:
    """What re-planning reads that is not the task's: the organisation's
    policy and the calendar. A task write reads them before it locks the task's
    row, so the task's other writers do not wait for them (neither edit re-plans tasks; the sweep reads them afresh). The task's own
    override is still read under the task's row lock: it is written under it."""

    default: ReminderPolicy
    calendar: WorkCalendar


def replan_inputs() -> ReplanInputs:
    """The organisation's policy and the calendar: on PostgreSQL in one statement
    (``_policy_with_holidays``), elsewhere or when the policy's row is missing as
    ``ReminderPolicy.load()`` and ``work_calendar()`` read them."""
    both = _policy_with_holidays()
    if both is not None:
        return both
    return ReplanInputs(default=ReminderPolicy.load(), calendar=work_calendar())


# The holidays' columns read with the policy's row (removed from it after).
_HOLIDAY_COLUMNS = {"_replan_holiday_days": "day", "_replan_holiday_workdays": "is_workday"}


def _policy_with_holidays() -> ReplanInputs | None:
    """``ReminderPolicy.load()``'s row — as ``get_or_create``'s ``get`` reads it,
    from the database written to — with the holiday table's days and whether
    each is a workday as two arrays of its row (``ARRAY(SELECT … ORDER BY day)``;
    ``day`` is unique, so both arrays list the days in one order): one round
    trip of every task write instead of two, from a statement compiled once per
    process (``sentinels.model_rows``). None on another database than
    PostgreSQL, or when the statement finds no single row (the caller reads
    both as before, and ``load()`` creates the row)."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db import connections, router
    from django.db.models.query import MAX_GET_RESULTS

    from tracker.tasks.sentinels import model_rows

    db = router.db_for_write(ReminderPolicy)
    if connections[db].vendor != "postgresql":
        return None

    def build() -> Any:
        days = Holiday.objects.order_by("day")
        return (
            ReminderPolicy.objects.filter(pk=1)
            .order_by()
            .annotate(
                **{
                    name: ArraySubquery(days.values(column))
                    for name, column in _HOLIDAY_COLUMNS.items()
                }
            )[:MAX_GET_RESULTS]
        )

    found = model_rows(("reminder_policy_and_holidays",), build, db, [], set(), [])
    if found is None or len(found) != 1:
        return None
    policy = found[0]
    days, workdays = (policy.__dict__.pop(name) for name in _HOLIDAY_COLUMNS)
    return ReplanInputs(
        default=policy, calendar=WorkCalendar(dict(zip(days, workdays, strict=True)))
    )


def task_plan_next_reminder(
    task: Task, *, now: dt.datetime | None = None, inputs: ReplanInputs | None = None
) -> dt.datetime | None:
    """Set ``task.next_remind_at`` (not saved) to the task's next reminder
    occasion, from its state as it is on the object."""
    now = now or timezone.now()
    policy = task_policy(task, default=inputs.default if inputs else None)
    cal = inputs.calendar if inputs else work_calendar()
    today = now.astimezone(TZ).date()
    # The next occasion not yet due: today's counts only if its hour is still ahead.
    start = today if now.astimezone(TZ).time() < policy.send_at else today + dt.timedelta(days=1)
    occasions, next_day = planning.plan(_facts(task), policy, cal, start, start)
    day = occasions[0].day if occasions else next_day
    task.next_remind_at = occasion_moment(day, policy.send_at) if day else None
    return task.next_remind_at


def task_replan_reminders(
    task: Task, *, now: dt.datetime | None = None, inputs: ReplanInputs | None = None
) -> dt.datetime | None:
    """Re-plan one task's reminders after it changed (assigned, acknowledged,
    extended, reassigned, closed…): cancel the pending reminders that no
    longer apply and set ``next_remind_at`` to its next occasion.

    Workflow services call this inside their transaction after saving the task
    (``task_transition``'s save plans first and writes ``next_remind_at`` in the
    task's own UPDATE instead).
    """
    task_plan_next_reminder(task, now=now, inputs=inputs)
    Task.objects.filter(pk=task.pk).update(next_remind_at=task.next_remind_at)
    _cancel_stale([task.pk])
    return task.next_remind_at


# What of a task decides whether a pending reminder still applies.
_STALE_FIELDS = ("status", "due_on", "responsible_id", "acknowledged_at")


def task_cancel_stale_reminders(task: Task) -> int:
    """``_cancel_stale`` for one task as the caller has just saved it, under its
    row lock: the task's fields are taken from the object, not read again."""
    return _cancel_stale_of({task.pk: {name: getattr(task, name) for name in _STALE_FIELDS}})


def _cancel_stale(task_ids: Iterable[int]) -> int:
    """Cancel undelivered reminders of these tasks that no longer apply: the task
    closed, its deadline moved, its holder changed, or it was acknowledged."""
    ids = list(task_ids)
    if not ids:
        return 0
    return _cancel_stale_of(
        {row["pk"]: row for row in Task.objects.filter(pk__in=ids).values("pk", *_STALE_FIELDS)}
    )


def _pending_reminders(task_ids: list[Any]) -> Any:
    return (
        Notification.objects.filter(
            task_id__in=task_ids,
            kind__in=planning.REMINDER_KINDS,
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
        )
        .exclude(channel=Channel.APP)
        .values("pk", "task_id", "kind", "recipient_id", "payload")
    )


# The tasks' ids in the pending reminders' statement, for up to this many tasks
# (a single task's write asks for one): in range, held by no row, and of the
# sentinels' marks (sentinels.MARKS) if written as text.
_PREPARED_TASKS = 8


def _task_sentinel(i: int) -> int:
    return 2_100_000_801 + i


def _pending_reminders_of(task_ids: list[int]) -> Iterable[dict[str, Any]]:
    """``_pending_reminders(task_ids)``'s rows, for a few tasks from a
    statement compiled once per process per number of tasks
    (``sentinels.values_rows``; ~2,500 function calls of every task write)."""
    from tracker.tasks.sentinels import values_rows

    n = len(task_ids)
    if 0 < n <= _PREPARED_TASKS:
        sentinels = [_task_sentinel(i) for i in range(n)]
        rows = values_rows(
            ("pending_reminders", n),
            lambda: _pending_reminders(sentinels),
            Notification.objects.db,
            sentinels,
            set(range(n)),
            task_ids,
        )
        if rows is not None:
            return rows
    return _pending_reminders(task_ids)


def _cancel_stale_of(tasks: dict[int, dict[str, Any]]) -> int:
    stale: list[int] = []
    for row in _pending_reminders_of(list(tasks)):
        task = tasks[row["task_id"]]
        payload = row["payload"] or {}
        if (
            task["status"] not in ACTIVE_STATUSES
            or payload.get("due_on") != (task["due_on"].isoformat() if task["due_on"] else None)
            or (
                payload.get("audience") == "responsible"
                and row["recipient_id"] is not None
                and row["recipient_id"] != task["responsible_id"]
            )
            or (row["kind"] == planning.UNACKNOWLEDGED and task["acknowledged_at"] is not None)
        ):
            stale.append(row["pk"])
    if not stale:
        return 0  # what the UPDATE below answers for no id, without building it
    # A row already being sent (claimed) is left to finish; only pending ones stop.
    return Notification.objects.filter(pk__in=stale, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, last_error="任务已变更，提醒取消。"
    )


# --------------------------------------------------------------------------- the sweep


@dataclass
class _People:
    """Who receives what, loaded once per sweep (a few queries, not one per task)."""

    heads: dict[int, list[int]] = field(default_factory=dict)
    leaders: list[int] = field(default_factory=list)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    prefs: dict[int, tuple[bool, bool, bool]] = field(default_factory=dict)
    robots: dict[int, list[str]] = field(default_factory=dict)
    department_names: dict[int, str] = field(default_factory=dict)
    reach: dict[int, routing.Reach] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _People:
        people = cls()
        for user_id, department_id in User.objects.filter(
            is_active=True, role=Role.HEAD, department__isnull=False
        ).values_list("pk", "department_id"):
            people.heads.setdefault(department_id, []).append(user_id)
        people.leaders = list(
            User.objects.filter(is_active=True, role=Role.LEADER).values_list("pk", flat=True)
        )
        for dept in Department.objects.values(
            "pk", "name", "wecom_webhook_key", "dingtalk_access_token", "robot_disabled_reason"
        ):
            people.department_names[dept["pk"]] = dept["name"]
            channels = []
            if not dept["robot_disabled_reason"]:
                if dept["wecom_webhook_key"]:
                    channels.append(Channel.WECOM.value)
                if dept["dingtalk_access_token"]:
                    channels.append(Channel.DINGTALK.value)
            if channels:
                people.robots[dept["pk"]] = channels
        people.load_everybody()
        return people

    def load_users(self, user_ids: Iterable[int]) -> None:
        """Load these users (and their preferences) unless already loaded."""
        missing = {user_id for user_id in user_ids if user_id not in self.users}
        if not missing:
            return
        self._load(
            User.objects.filter(pk__in=missing),
            NotificationPreference.objects.filter(user_id__in=missing),
        )

    def load_everybody(self) -> None:
        """All active people at once: an organisation has thousands, not millions,
        and two plain queries beat an IN list per chunk."""
        self._load(User.objects.all(), NotificationPreference.objects.all())

    def _load(self, users: Any, prefs: Any) -> None:
        for row in users.filter(is_active=True).values(
            "pk", "email", "phone", "full_name", "username"
        ):
            self.users[row["pk"]] = row
        loaded = [user_id for user_id in self.users if user_id not in self.reach]
        for start in range(0, len(loaded), CHUNK):
            chunk = loaded[start : start + CHUNK]
            self.reach.update(routing.reach_of({pk: self.users[pk]["phone"] for pk in chunk}))
        for user_id, email, robot, digest in prefs.values_list(
            "user_id", "email", "robot", "daily_digest"
        ):
            self.prefs[user_id] = (email, robot, digest)

    def pref(self, user_id: int) -> tuple[bool, bool, bool]:
        """(e-mail, robot @mention, daily digest)."""
        return self.prefs.get(user_id, (True, True, False))


_TASK_FIELDS = (
    "pk",
    "title",
    "status",
    "due_on",
    "assigned_at",
    "acknowledged_at",
    "responsible_id",
    "lead_department_id",
    "next_remind_at",
    "reminder_policy__pk",
)


def _due_tasks(now: dt.datetime) -> Iterator[list[dict[str, Any]]]:
    """Chunks of tasks whose next reminder moment has come, by keyset over the
    partial index on ``next_remind_at`` — plus tasks no service planned yet."""
    queries = [
        Task.objects.filter(next_remind_at__lte=now),
        Task.objects.filter(
            next_remind_at__isnull=True, due_on__isnull=False, status__in=ACTIVE_STATUSES
        ),
    ]
    for query in queries:
        last = 0
        while True:
            chunk = list(query.filter(pk__gt=last).order_by("pk").values(*_TASK_FIELDS)[:CHUNK])
            if not chunk:
                break
            yield chunk
            last = chunk[-1]["pk"]
            if len(chunk) < CHUNK:
                break


def _subject(kind: str, title: str, occasion: Occasion, due_on: dt.date | None, dept: str) -> str:
    short = title if len(title) <= 120 else title[:119] + "…"
    due = f"{due_on.month}月{due_on.day}日" if due_on else ""
    if kind == planning.DUE_SOON:
        return f"【督办提醒】请于{due}前完成（还有{occasion.count}个工作日）：{short}"
    if kind == planning.DUE_TODAY:
        return f"【今日到期】请于今日（{due}）完成并提交审核：{short}"
    if kind == planning.OVERDUE:
        return f"【逾期催办】已逾期{occasion.count}个工作日，请尽快办理：{short}"
    if kind == planning.ESCALATE_HEAD:
        return f"【逾期升级】{dept}承办任务已逾期{occasion.count}个工作日，请督促办理：{short}"
    if kind == planning.ESCALATE_LEADER:
        return f"【逾期升级】{dept}承办任务已逾期{occasion.count}个工作日，请阅示：{short}"
    if kind == planning.UNACKNOWLEDGED:
        return f"【待签收】任务交办后仍未签收，请尽快签收并明确承办人：{short}"
    if occasion.count:
        return f"【进展反馈】本期进展情况已逾期{occasion.count}个工作日未填报，请尽快填报：{short}"
    return f"【进展反馈】请于今日填报本期进展情况：{short}"


@dataclass
class _Row:
    recipient_id: int | None
    department_id: int | None
    task_id: int
    kind: str
    channel: str
    dedupe_key: str
    subject: str
    body: str
    payload: dict[str, Any]
    status: str
    send_after: dt.datetime


def _rows_for(
    task: dict[str, Any],
    occasions: list[Occasion],
    people: _People,
    policy: Policy,
    now: dt.datetime,
) -> list[_Row]:
    rows: list[_Row] = []
    due_on = task["due_on"]
    dept_id = task["lead_department_id"]
    dept_name = people.department_names.get(dept_id, "")
    responsible = task["responsible_id"]
    heads = people.heads.get(dept_id, []) if dept_id else []
    unacknowledged = task["status"] == "assigned" and task["acknowledged_at"] is None
    for occasion in occasions:
        kind = occasion.kind
        if kind in (planning.DUE_SOON, planning.DUE_TODAY, planning.OVERDUE, planning.REPORT_DUE):
            audience = [(responsible, "responsible")] if responsible else []
            if unacknowledged or not responsible:
                audience += [(head, "head") for head in heads]
        elif kind in (planning.ESCALATE_HEAD, planning.UNACKNOWLEDGED):
            audience = [(head, "head") for head in heads]
        else:
            audience = [(leader, "leader") for leader in people.leaders]
        subject = _subject(kind, task["title"], occasion, due_on, dept_name)
        when = daytime(max(occasion_moment(occasion.day, policy.send_at), now), policy.send_at)
        payload = {
            "due_on": due_on.isoformat() if due_on else None,
            "occasion_day": occasion.day.isoformat(),
            "count": occasion.count,
        }
        occasion_key = f"{payload['due_on']}:{occasion.key}"
        seen: set[int] = set()
        for user_id, role in audience:
            if user_id in seen or user_id not in people.users:
                continue
            seen.add(user_id)
            email_on, _robot_on, digest = people.pref(user_id)
            base = f"r:{kind}:{task['pk']}:{user_id}"
            user_payload = {**payload, "audience": role}
            rows.append(
                _Row(
                    user_id,
                    None,
                    task["pk"],
                    kind,
                    Channel.APP,
                    f"{base}:app:{occasion_key}",
                    subject,
                    "",
                    user_payload,
                    DeliveryStatus.SENT,
                    when,
                )
            )
            if email_on and not digest and people.users[user_id]["email"]:
                rows.append(
                    _Row(
                        user_id,
                        None,
                        task["pk"],
                        kind,
                        Channel.EMAIL,
                        f"{base}:email:{occasion_key}",
                        subject,
                        "",
                        user_payload,
                        DeliveryStatus.PENDING,
                        when,
                    )
                )
            reach = people.reach.get(user_id, routing.Reach())
            for channel in reach.channels(kind, policy.sms_kinds):
                rows.append(
                    _Row(
                        user_id,
                        None,
                        task["pk"],
                        kind,
                        channel,
                        f"{base}:{channel}:{occasion_key}",
                        subject,
                        "",
                        user_payload,
                        DeliveryStatus.PENDING,
                        when,
                    )
                )
        if kind in ROBOT_KINDS and dept_id in people.robots:
            mention = []
            if responsible in people.users and people.pref(responsible)[1]:
                phone = people.users[responsible]["phone"]
                if phone:
                    mention.append(phone)
            for channel in people.robots[dept_id]:
                rows.append(
                    _Row(
                        None,
                        dept_id,
                        task["pk"],
                        kind,
                        channel,
                        f"r:{kind}:{task['pk']}:d{dept_id}:{channel}:{occasion_key}",
                        subject,
                        "",
                        {**payload, "audience": "robot", "mention": mention},
                        DeliveryStatus.PENDING,
                        when,
                    )
                )
    return rows


def _insert(rows: list[_Row], now: dt.datetime, queue: list[int], *, dry_run: bool) -> Counter[str]:
    """Insert rows, ignoring those whose key exists; count the new ones by kind.

    On PostgreSQL, new rows due now are marked queued at once and their ids
    appended to ``queue`` (the sweep queues them after commit); elsewhere the
    re-queue step finds them.
    """
    counts: Counter[str] = Counter()
    if not rows:
        return counts
    if dry_run or connection.vendor != "postgresql":
        existing: set[str] = set()
        keys = [row.dedupe_key for row in rows]
        for start in range(0, len(keys), 900):
            existing.update(
                Notification.objects.filter(dedupe_key__in=keys[start : start + 900]).values_list(
                    "dedupe_key", flat=True
                )
            )
        new = [row for row in rows if row.dedupe_key not in existing]
        counts.update(f"{row.kind}:{row.channel}" for row in new)
        if not dry_run:
            Notification.objects.bulk_create(
                [
                    Notification(
                        **row.__dict__,
                        created_at=now,
                        sent_at=now if row.status == DeliveryStatus.SENT else None,
                    )
                    for row in new
                ],
                ignore_conflicts=True,
                batch_size=500,
            )
        return counts
    # PostgreSQL: one INSERT … SELECT … ON CONFLICT DO NOTHING per chunk. The rows
    # travel as one JSON document: a single parameter is far cheaper to bind
    # than tens of thousands of array elements.
    document = json.dumps(
        [
            [
                r.recipient_id,
                r.department_id,
                r.task_id,
                r.kind,
                r.channel,
                r.dedupe_key,
                r.subject,
                r.body,
                r.payload,
                r.status,
                r.send_after.isoformat(),
                now.isoformat() if r.status == DeliveryStatus.SENT else None,
            ]
            for r in rows
        ],
        ensure_ascii=False,
    )
    sql = (
        "INSERT INTO notifications_notification (recipient_id, department_id, task_id, kind,"
        " channel, dedupe_key, subject, body, payload, status, send_after, sent_at, attempts,"
        " last_error, created_at, claim_token, queued_at)"
        " SELECT (x->>0)::bigint, (x->>1)::bigint, (x->>2)::bigint, x->>3, x->>4, x->>5,"
        " x->>6, x->>7, x->8, x->>9, (x->>10)::timestamptz, (x->>11)::timestamptz, 0, '', %s, '',"
        " CASE WHEN x->>4 <> 'app' AND (x->>10)::timestamptz <= %s THEN %s END"
        " FROM jsonb_array_elements(%s::jsonb) AS x"
        " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, kind, channel, queued_at IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, now, document])
        for pk, kind, channel, queued in cursor.fetchall():
            counts[f"{kind}:{channel}"] += 1
            if queued:  # due now; rows held until morning are queued by a later sweep
                queue.append(pk)
    return counts


def _advance(updates: dict[int, dt.datetime | None], *, dry_run: bool) -> None:
    if dry_run or not updates:
        return
    if connection.vendor == "postgresql":
        document = json.dumps(
            [
                [task_id, moment.isoformat() if moment else None]
                for task_id, moment in updates.items()
            ]
        )
        with connection.cursor() as cursor:
            # The rows in ascending id first, as every task write locks them
            # (tracker.audit.services.task_write); the join below would take them
            # in its own order. The sweep's chunks ascend, so the whole sweep does.
            cursor.execute(
                "SELECT id FROM tasks_task WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                [sorted(updates)],
            )
            cursor.execute(
                "UPDATE tasks_task SET next_remind_at = (x->>1)::timestamptz"
                " FROM jsonb_array_elements(%s::jsonb) AS x WHERE tasks_task.id = (x->>0)::bigint",
                [document],
            )
        return
    by_moment: dict[dt.datetime | None, list[int]] = defaultdict(list)
    for task_id, moment in updates.items():
        by_moment[moment].append(task_id)
    for moment, ids in by_moment.items():
        for start in range(0, len(ids), 900):
            Task.objects.filter(pk__in=ids[start : start + 900]).update(next_remind_at=moment)


def _reports_filed(
    task_ids: list[int], since: dt.date, now: dt.datetime
) -> dict[int, list[dt.date]]:
    filed: dict[int, list[dt.date]] = defaultdict(list)
    for task_id, created_at in ProgressUpdate.objects.filter(
        task_id__in=task_ids,
        created_at__gte=occasion_moment(since, dt.time(0, 0)),
        created_at__lte=now,
    ).values_list("task_id", "created_at"):
        filed[task_id].append(created_at.astimezone(TZ).date())
    return filed


def reminders_sweep(*, now: dt.datetime, dry_run: bool = False) -> dict[str, int]:
    """One sweep as of ``now``: write the reminders that have come due, advance
    each task's ``next_remind_at``, build daily digests, and queue every
    undelivered row. Returns counts of new rows per kind (plus ``tasks``,
    ``digest`` and ``queued``). With ``dry_run`` nothing is written.
    """
    with transaction.atomic():
        default_policy = policy_from(ReminderPolicy.load())
        cal = work_calendar()
        people = _People.load()
        counts: Counter[str] = Counter()
        queue: list[int] = []
        tasks_seen = 0
        for chunk in _due_tasks(now):
            tasks_seen += len(chunk)
            with_own_policy = [task["pk"] for task in chunk if task["reminder_policy__pk"]]
            overrides = (
                {
                    row.task_id: policy_from(row)
                    for row in TaskReminderPolicy.objects.filter(task_id__in=with_own_policy)
                }
                if with_own_policy
                else {}
            )
            people.load_users(task["responsible_id"] for task in chunk if task["responsible_id"])
            rows: list[_Row] = []
            updates: dict[int, dt.datetime | None] = {}
            closed: list[int] = []
            reports: dict[int, list[Occasion]] = {}
            for task in chunk:
                policy = overrides.get(task["pk"], default_policy)
                end = last_occasion_day(now, policy.send_at)
                if task["next_remind_at"] is not None:
                    start = task["next_remind_at"].astimezone(TZ).date()
                else:
                    start = end  # never planned: nothing from the past
                facts = TaskFacts(
                    task_id=task["pk"],
                    status=task["status"],
                    due_on=task["due_on"],
                    assigned_on=(
                        task["assigned_at"].astimezone(TZ).date() if task["assigned_at"] else None
                    ),
                    acknowledged=task["acknowledged_at"] is not None,
                )
                occasions, next_day = planning.plan(facts, policy, cal, start, end)
                if task["status"] not in ACTIVE_STATUSES:
                    closed.append(task["pk"])
                report_occasions = [o for o in occasions if o.kind == planning.REPORT_DUE]
                if report_occasions:
                    reports[task["pk"]] = report_occasions
                    occasions = [o for o in occasions if o.kind != planning.REPORT_DUE]
                rows += _rows_for(task, occasions, people, policy, now)
                updates[task["pk"]] = (
                    occasion_moment(next_day, policy.send_at) if next_day else None
                )
            if reports:
                # A report already filed for the period needs no chasing (one query).
                periods = {
                    (task_id, occasion.key): planning.report_period_start(
                        overrides.get(task_id, default_policy),
                        dt.date.fromisoformat(occasion.key.removeprefix("report").split(":")[0]),
                    )
                    for task_id, task_occasions in reports.items()
                    for occasion in task_occasions
                }
                filed = _reports_filed(list(reports), min(periods.values()), now)
                for task in chunk:
                    for occasion in reports.get(task["pk"], []):
                        since = periods[(task["pk"], occasion.key)]
                        if not any(day >= since for day in filed.get(task["pk"], [])):
                            policy = overrides.get(task["pk"], default_policy)
                            rows += _rows_for(task, [occasion], people, policy, now)
            counts += _insert(rows, now, queue, dry_run=dry_run)
            _advance(updates, dry_run=dry_run)
            if closed and not dry_run:
                _cancel_stale(closed)
        result: dict[str, int] = Counter()
        for key, value in counts.items():
            result[key.split(":")[0]] += value
        result = dict(result)
        result["tasks"] = tasks_seen
        result["digest"] = digests_build(now=now, dry_run=dry_run)
        result["queued"] = 0 if dry_run else len(queue) + notifications_requeue(now=now, new=queue)
        return result


# --------------------------------------------------------------------------- digests


def digests_build(*, now: dt.datetime, dry_run: bool = False) -> int:
    """One e-mail per digest user listing today's reminders, none when there are none."""
    policy = ReminderPolicy.load()
    local = now.astimezone(TZ)
    if local.time() < policy.send_at:
        return 0
    today = local.date()
    digest_users = list(
        NotificationPreference.objects.filter(daily_digest=True, email=True, user__is_active=True)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )
    if not digest_users:
        return 0
    items: dict[int, list[Any]] = defaultdict(list)
    for row in (
        Notification.objects.filter(
            recipient_id__in=digest_users,
            channel=Channel.APP,
            kind__in=planning.REMINDER_KINDS,
            created_at__gte=occasion_moment(today, dt.time(0, 0)),
        )
        .order_by("task_id", "id")
        .values("pk", "recipient_id", "task_id", "kind", "subject", "payload")
    ):
        items[row["recipient_id"]].append(row)
    digests = []
    for user_id, user_items in items.items():
        digests.append(
            Notification(
                recipient_id=user_id,
                kind=NotificationKind.DIGEST,
                channel=Channel.EMAIL,
                dedupe_key=f"digest:{user_id}:{today.isoformat()}",
                subject=f"【督办每日汇总】{today.month}月{today.day}日：您有{len(user_items)}项任务需要关注",
                payload={"items": [item["pk"] for item in user_items], "day": today.isoformat()},
                created_at=now,
                send_after=daytime(
                    max(now, occasion_moment(today, policy.send_at)), policy.send_at
                ),
            )
        )
    existing = set(
        Notification.objects.filter(
            dedupe_key__in=[digest.dedupe_key for digest in digests]
        ).values_list("dedupe_key", flat=True)
    )
    new = [digest for digest in digests if digest.dedupe_key not in existing]
    if not dry_run:
        Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
