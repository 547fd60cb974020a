"""Supervision tasks (督办任务), their progress reports, comments and extensions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Expression, F, Func, Q, Value, When
from django.db.models.functions import Coalesce, Least, TruncDate
from django.db.models.lookups import LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracker.org.models import descendant_ids_of
from tracker.setup.thresholds import light_thresholds

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from tracker.org.models import User


class Status(models.TextChoices):
    DRAFT = "draft", _("待交办")
    ASSIGNED = "assigned", _("已交办（待签收）")
    IN_PROGRESS = "in_progress", _("办理中")
    SUBMITTED = "submitted", _("待审核")
    # 二级审核: submitted by staff, awaiting their head before the office sees it.
    DIVISION_REVIEW = "division_review", _("待处室审核")
    RETURNED = "returned", _("退回重办")
    DONE = "done", _("已办结（销号）")
    DECLINED = "declined", _("退办")
    CANCELLED = "cancelled", _("已中止")


# Statuses in which a task still waits for somebody to do something.
OPEN_STATUSES = (
    Status.DRAFT,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.SUBMITTED,
    Status.DIVISION_REVIEW,
    Status.RETURNED,
    Status.DECLINED,
)
CLOSED_STATUSES = (Status.DONE, Status.CANCELLED)
# Not yet with a division: 待交办, and 退办 (back with the office). Such a task
# is never counted against the division proposed as its lead — not in the
# dashboard's ranking, the leader's overview, the ledger or 考评.
UNASSIGNED_STATUSES = (Status.DRAFT, Status.DECLINED)
# Open and with a division: only these can be late (逾期) or carry a warning
# light. A task not yet with a division has nobody working on it, and its
# deadline is still a proposal the office sets when it (re)assigns the task.
HANDED_OUT_STATUSES = tuple(s for s in OPEN_STATUSES if s not in UNASSIGNED_STATUSES)


class Kind(models.TextChoices):
    PLAN = "plan", _("工作计划")
    PROBLEM = "problem", _("整改任务")
    ADHOC = "adhoc", _("交办事项")


class Priority(models.IntegerChoices):
    LOW = 1, _("一般")
    NORMAL = 2, _("重要")
    HIGH = 3, _("紧急")


class Light(models.TextChoices):
    """The warning light (红黄绿灯) by the share of time left."""

    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    ORANGE = "orange", _("橙灯")
    RED = "red", _("红灯（逾期）")
    NONE = "none", _("—")


# Everything a user can do with a task, with the words the UI uses.
class Action(models.TextChoices):
    EDIT = "edit", _("修改任务")
    ASSIGN = "assign", _("交办")
    ACKNOWLEDGE = "acknowledge", _("签收")
    DECLINE = "decline", _("退办")
    REASSIGN = "reassign", _("更换责任人")
    PROGRESS = "progress", _("反馈进展")
    EVIDENCE = "evidence", _("上传佐证材料")
    WITHDRAW_EVIDENCE = "withdraw_evidence", _("撤回佐证材料")
    SUBMIT = "submit", _("提交审核")
    APPROVE = "approve", _("办结销号")
    RETURN = "return", _("退回重办")
    CANCEL = "cancel", _("中止任务")
    ARCHIVE = "archive", _("归档")
    EXTEND = "extend", _("申请延期")
    DECIDE_EXTENSION = "decide_extension", _("审批延期申请")
    SPLIT = "split", _("拆分子任务")
    COMMENT = "comment", _("发表意见")
    URGE = "urge", _("催办")
    INSTRUCT = "instruct", _("领导批示")
    ADD_MILESTONE = "add_milestone", _("设置时间节点")
    COMPLETE_MILESTONE = "complete_milestone", _("完成时间节点")
    SET_FEEDBACK = "set_feedback", _("设置定期反馈")
    DIVISION_APPROVE = "division_approve", _("处室审核通过")
    DIVISION_RETURN = "division_return", _("处室退回")


# Where each state-changing action takes the task (the state machine of DESIGN.md).
TRANSITIONS: dict[str, str] = {
    Action.ASSIGN: Status.ASSIGNED,
    Action.ACKNOWLEDGE: Status.IN_PROGRESS,
    Action.DECLINE: Status.DECLINED,
    Action.SUBMIT: Status.SUBMITTED,
    Action.APPROVE: Status.DONE,
    Action.RETURN: Status.RETURNED,
    Action.CANCEL: Status.CANCELLED,
    Action.DIVISION_APPROVE: Status.SUBMITTED,
    Action.DIVISION_RETURN: Status.RETURNED,
}

WORKING_STATUSES = (Status.IN_PROGRESS, Status.RETURNED)


def user_department_ids(user: User) -> set[int]:
    """The user's department and those below it, computed once per request user."""
    cached: set[int] | None = getattr(user, "_duban_department_ids", None)
    if cached is None:
        # From the id: the department's row itself is not needed (one query less).
        cached = descendant_ids_of(user.department_id) if user.department_id is not None else set()
        user._duban_department_ids = cached  # type: ignore[attr-defined]
    return cached


class Viewer(NamedTuple):
    """What ``Task.allowed_actions`` reads of its user, read once: a list page
    asks it of 50 tasks (``viewer_of``)."""

    pk: Any
    supervisor: bool
    leader: bool
    head: bool
    sees_everything: bool
    # The department tree matters for visibility and for a head's own actions
    # only: a supervisor or leader who is no head gets an empty set.
    department_ids: set[int]


def viewer_of(user: User | AnonymousUser) -> Viewer | None:
    """The user as ``Task.allowed_actions`` reads them; None for who may do nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    head = user.is_head
    sees_everything = user.sees_everything
    return Viewer(
        user.pk,
        user.is_supervisor,
        user.is_leader,
        head,
        sees_everything,
        user_department_ids(user) if head or not sees_everything else set(),
    )


def open_q() -> Q:
    """Still waiting for somebody: neither done nor cancelled."""
    return Q(status__in=OPEN_STATUSES)


def unassigned_flag() -> Case:
    """True for a task not yet with a division (``UNASSIGNED_STATUSES``), as an
    expression to group counts by (the dashboard and its tallies)."""
    return Case(
        When(status__in=UNASSIGNED_STATUSES, then=Value(True)),
        default=Value(False),
        output_field=models.BooleanField(),
    )


def overdue_q(today: dt.date) -> Q:
    """逾期: handed out, not closed, and the deadline has passed. One definition
    for filters and for the dashboard's and briefings' conditional counts."""
    return Q(status__in=HANDED_OUT_STATUSES, due_on__lt=today)


class InArray(Expression):
    """``field = ANY(ARRAY(subquery))`` (PostgreSQL): the subquery runs once, as
    an InitPlan, and the comparison is an index condition on ``field``."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: Any, subquery: Any) -> None:
        super().__init__()
        self.lhs = field
        self.subquery = subquery

    def get_source_expressions(self) -> list[Any]:
        return [self.lhs, self.subquery]

    def set_source_expressions(self, exprs: Any) -> None:
        self.lhs, self.subquery = exprs

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        field_sql, field_params = compiler.compile(self.lhs)
        sub_sql, sub_params = compiler.compile(self.subquery)
        return f"{field_sql} = ANY(ARRAY{sub_sql})", [*field_params, *sub_params]


class TaskQuerySet(models.QuerySet["Task"]):
    def visible_to(self, user: User | AnonymousUser) -> TaskQuerySet:
        """The one rule of who sees which task.

        Supervisors and leaders see everything; everybody else sees the tasks
        of their own department (and the departments below it) as lead or
        co-operating department, and the tasks they are responsible for.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:  # 三员 administer the system, not the work
            return self.none()
        if user.sees_everything:
            return self
        condition = Q(responsible=user)
        if user.department_id is not None:
            # In ascending order: the SQL's IN list is then the same for the
            # same departments, so is a count's cache key (tracker.tasks.prepared
            # writes them in this order too).
            department_ids = sorted(user_department_ids(user))
            condition |= Q(lead_department_id__in=department_ids)
            cooperating = Task.cooperating_departments.through.objects.filter(
                department_id__in=department_ids
            ).values("task_id")
            if self._vendor() == "postgresql":
                # id = ANY(ARRAY(subquery)): an InitPlan the planner ORs with the
                # two other indexes (BitmapOr). ``id IN (subquery)`` inside an OR
                # is a hashed SubPlan that no index can answer, so every
                # division's dashboard read the whole task table (seq scan).
                condition |= Q(InArray(F("pk"), models.Subquery(cooperating)))
            else:
                condition |= Q(pk__in=cooperating)
        return self.filter(condition)

    def _vendor(self) -> str:
        from django.db import connections

        return connections[self.db].vendor

    def open(self) -> TaskQuerySet:
        return self.filter(open_q())

    def overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        return self.filter(overdue_q(today or timezone.localdate()))

    def with_division(self) -> TaskQuerySet:
        """Open and with a division: 已交办 to 待审核, 退回重办 included (open and
        not unassigned, written as the one list the index task_handed_out_light has)."""
        return self.filter(status__in=HANDED_OUT_STATUSES)

    def lit(self, light: str, today: dt.date | None = None) -> TaskQuerySet:
        """The open tasks with a division whose warning light is ``light`` today,
        computed as ``Task.warning_light`` computes it (not the sweep's record),
        in SQL (``light_case``): no task is read into Python to find them."""
        today = today or timezone.localdate()
        tasks = (
            self.with_division().filter(due_on__isnull=False).annotate(effective_due=EFFECTIVE_DUE)
        )
        if light == Light.RED:
            return tasks.filter(effective_due__lt=today)
        lit_today = tasks.filter(effective_due__gte=today).alias(light_today=light_case(today))
        return lit_today.filter(light_today=light)

    def red_since(self, day: dt.date, today: dt.date | None = None) -> TaskQuerySet:
        """Red today, and turned red on or after ``day`` (its nearer deadline —
        the task's or an open 时间节点's — ended on ``day - 1`` or later)."""
        since = day - dt.timedelta(days=1)
        return self.lit(Light.RED, today).filter(effective_due__gte=since)  # type: ignore[misc]  # annotated by lit()

    def not_overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.exclude(pk__in=self.overdue(today).values("pk"))


# The nearer of the deadline and the next open 时间节点: what the light goes red on.
EFFECTIVE_DUE = Least("due_on", Coalesce("next_milestone_on", "due_on"))

# The fields Task.warning_light reads: who computes lights in Python loads only these.
LIGHT_FIELDS = ("id", "status", "due_on", "next_milestone_on", "assigned_at", "created_at")


class DaysBetween(Func):
    """``later - earlier`` in whole days (two date expressions), as an integer."""

    arity = 2
    output_field = models.IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class Share(Func):
    """``part / whole`` as a double, rounded as Python's ``int / int`` is (IEEE)."""

    arity = 2
    output_field = models.FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(%(expressions)s)",
            arg_joiner=" AS double precision) / ",
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(CAST(%(expressions)s)", arg_joiner=" AS REAL) / "
        )


def light_case(today: dt.date) -> Case:
    """``Task.warning_light(today)`` as one SQL expression, When for if, in its order:
    the database counts and filters lights without a task read into Python.
    tests/tracker/test_light_sql.py holds it equal to the method at every boundary."""
    tz = timezone.get_current_timezone()
    start = Coalesce(TruncDate("assigned_at", tzinfo=tz), TruncDate("created_at", tzinfo=tz))
    day = Value(today, output_field=models.DateField())
    total = DaysBetween(EFFECTIVE_DUE, start)
    share_left = Share(DaysBetween(EFFECTIVE_DUE, day), total)
    yellow, orange = light_thresholds()

    def light(value: str) -> Value:
        return Value(value, output_field=models.CharField())

    return Case(
        When(~Q(status__in=HANDED_OUT_STATUSES) | Q(due_on__isnull=True), then=light(Light.NONE)),
        When(LessThan(EFFECTIVE_DUE, day), then=light(Light.RED)),
        When(LessThanOrEqual(total, 0), then=light(Light.ORANGE)),
        When(
            LessThanOrEqual(share_left, Value(orange, output_field=models.FloatField())),
            then=light(Light.ORANGE),
        ),
        When(
            LessThanOrEqual(share_left, Value(yellow, output_field=models.FloatField())),
            then=light(Light.YELLOW),
        ),
        default=light(Light.GREEN),
        output_field=models.CharField(),
    )


# The deadline as a sort key: tasks without one sort after every date
# (tracker.tasks.paging.due_key; the indexes below use the same expression).
FAR_FUTURE = dt.date(9999, 12, 31)
DUE_KEY = Coalesce("due_on", Value(FAR_FUTURE, output_field=models.DateField()))


class Task(models.Model):
    """A commitment to be carried out by a lead department before a deadline."""

    title = models.CharField(_("工作任务"), max_length=500)
    description = models.TextField(_("任务内容"), blank=True)
    kind = models.CharField(_("任务类型"), max_length=20, choices=Kind.choices, default=Kind.ADHOC)
    report = models.ForeignKey(
        "plans.Report",
        verbose_name=_("来源报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_item = models.ForeignKey(
        "plans.PlanItem",
        verbose_name=_("来源条目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    lead_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    cooperating_departments = models.ManyToManyField(
        "org.Department",
        verbose_name=_("配合单位"),
        blank=True,
        related_name="cooperating_tasks",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_tasks",
    )
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("优先级"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("完成进度（%）"), default=0)
    require_evidence = models.BooleanField(_("提交审核须附佐证材料"), default=True)
    extension_count = models.PositiveSmallIntegerField(_("延期次数"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立项人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="created_tasks",
    )
    created_at = models.DateTimeField(_("立项时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交审核时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("中止时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # 二级审核: the head who passed the work on to the office.
    division_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处室审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division_reviewed_at = models.DateTimeField(_("处室审核时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_tasks",
    )
    # Optimistic locking: every save through a service bumps it, so a second
    # editor working from a stale page is refused instead of overwriting.
    version = models.PositiveIntegerField(_("版本"), default=1)

    # When the reminder sweep must next look at this task; advanced after
    # every occasion so a missed sweep catches up instead of skipping.
    next_remind_at = models.DateTimeField(_("下次提醒时间"), null=True, blank=True)
    # The warning light as last announced; the daily light sweep compares it
    # with today's and tells people when the colour changes.
    light = models.CharField(_("预警灯"), max_length=10, choices=Light.choices, default=Light.NONE)
    light_changed_at = models.DateTimeField(_("预警灯变化时间"), null=True, blank=True)
    # 催办次数, kept by the urge service so lists and the ledger need no join.
    urge_count = models.PositiveSmallIntegerField(_("催办次数"), default=0)
    # The nearest open 时间节点: the light follows it when it comes first.
    next_milestone_on = models.DateField(_("最近时间节点"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办任务")
        verbose_name_plural = _("督办任务")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="task_status_due"),
            # One index per list order (tracker.tasks.paging.SORTS), each ending
            # in id so that a keyset page reads only the rows it shows. The
            # deadline key is coalesce(due_on, FAR_FUTURE): no deadline last.
            models.Index(DUE_KEY, F("id"), name="task_due_id"),
            models.Index(F("priority").desc(), DUE_KEY, F("id"), name="task_priority_due_id"),
            models.Index(fields=["progress", "id"], name="task_progress_id"),
            models.Index(fields=["-progress", "id"], name="task_progress_desc_id"),
            models.Index(fields=["updated_at", "id"], name="task_updated_id"),
            models.Index(F("status"), DUE_KEY, F("id"), name="task_status_due_id"),
            # The filters a list is most often narrowed by, in list order.
            models.Index(F("lead_department"), DUE_KEY, F("id"), name="task_dept_due_id"),
            models.Index(F("responsible"), DUE_KEY, F("id"), name="task_resp_due_id"),
            models.Index(F("report"), DUE_KEY, F("id"), name="task_report_due_id"),
            # Open tasks by deadline: the overdue filter, the dashboard's live
            # counts (逾期, due in 7/30 days) and its most-overdue list. With
            # status included the live counts are an index-only scan (they
            # group by it): the overdue backlog grows with the table.
            models.Index(
                fields=["due_on", "id"],
                include=["lead_department", "report", "kind", "status"],
                condition=Q(status__in=OPEN_STATUSES),
                name="task_open_due",
            ),
            # One division's open tasks by deadline: a division's dashboard
            # reads the deadlines since the tally clock (the division's month,
            # ~100 rows at 1M tasks) and its most overdue tasks, index-only,
            # instead of ANDing the division's ~5,000 rows with the whole
            # month's ~17,000 (tallies.division_tally_groups). "Has a lead
            # department" in the predicate: only a query naming the division
            # can use it, so the whole organisation's live read (no division)
            # stays on task_open_due — on a small table the planner otherwise
            # took this one for it, a scan of every division.
            models.Index(
                fields=["lead_department", "due_on", "id"],
                include=["report", "kind", "status"],
                condition=Q(status__in=OPEN_STATUSES, lead_department__isnull=False),
                name="task_dept_open_due",
            ),
            # Today's lights per division (the cockpit, light_case): every column
            # the light reads, for the handed-out tasks only — an index-only scan
            # instead of ~140,000 task rows fetched from the heap at 1M tasks.
            models.Index(
                fields=["lead_department", "status"],
                include=["due_on", "next_milestone_on", "assigned_at", "created_at", "id"],
                condition=Q(status__in=HANDED_OUT_STATUSES),
                name="task_handed_out_light",
            ),
            # A division's tasks in one status (the filtered list, its count, the
            # dashboards' per-status counts by prefix), in list order: a page of
            # "牵头单位 + 状态" is an index range, not a sort of every match.
            models.Index(
                F("lead_department"), F("status"), DUE_KEY, F("id"), name="task_dept_status_due_id"
            ),
            models.Index(fields=["responsible", "status"], name="task_resp_status"),
            models.Index(fields=["report", "kind"], name="task_report_kind"),
            models.Index(fields=["completed_at"], name="task_completed_at"),
            # 催办 per division on the dashboard (supervision.selectors.urge_counts):
            # only the urged tasks, so the table is not read to find none.
            models.Index(
                fields=["lead_department"],
                include=["urge_count"],
                condition=Q(urge_count__gt=0),
                name="task_urged",
            ),
            models.Index(
                fields=["next_remind_at"],
                name="task_next_remind",
                condition=Q(next_remind_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="task_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """逾期: the deadline has passed, the task is handed out and not closed (overdue_q)."""
        today = today or timezone.localdate()
        return (
            self.status in HANDED_OUT_STATUSES and self.due_on is not None and self.due_on < today
        )

    def proposed_due_passed(self, today: dt.date | None = None) -> bool:
        """A draft or declined task whose proposed deadline is already past: not
        逾期 (nobody holds it), but the office must set a new date to assign it."""
        today = today or timezone.localdate()
        return (
            self.status in UNASSIGNED_STATUSES and self.due_on is not None and self.due_on < today
        )

    def days_overdue(self, today: dt.date | None = None) -> int:
        today = today or timezone.localdate()
        if not self.is_overdue(today) or self.due_on is None:
            return 0
        return (today - self.due_on).days

    def days_left(self, today: dt.date | None = None) -> int | None:
        today = today or timezone.localdate()
        if self.due_on is None:
            return None
        return (self.due_on - today).days

    # -- what a user may do -------------------------------------------------

    def pending_extension(self) -> ExtensionRequest | None:
        """The undecided extension request, if any (uses a prefetch when present)."""
        for request in self.extension_requests.all():
            if request.status == ExtensionStatus.PENDING:
                return request
        return None

    def has_pending_extension(self) -> bool:
        """Whether an extension request waits for a decision: the API's
        ``pending_extension_exists`` annotation when read with it
        (``selectors.api_tasks``), otherwise ``pending_extension()``."""
        row = self.__dict__  # a subscript, not get: a list page asks 50 tasks
        annotated: bool | None = (
            row["pending_extension_exists"] if "pending_extension_exists" in row else None
        )
        if annotated is not None:
            return annotated
        return self.pending_extension() is not None

    def cooperating_ids(self) -> list[int]:
        """The co-operating departments' ids in department order: the API's
        ``cooperating_department_ids`` annotation when read with it, otherwise
        the relation (its prefetch when there is one)."""
        row = self.__dict__  # a subscript, not get: a list page asks 50 tasks
        annotated: list[int] | None = (
            row["cooperating_department_ids"] if "cooperating_department_ids" in row else None
        )
        if annotated is not None:
            return list(annotated)
        return [d.pk for d in self.cooperating_departments.all()]

    @property
    def lead_department_editable(self) -> bool:
        """The lead department is chosen until the task is assigned (待交办, or 退办 back to
        the office); after that it changes only by cancelling and assigning anew."""
        return self.status in UNASSIGNED_STATUSES

    def allowed_actions(self, user: User, viewer: Viewer | None = None) -> list[str]:
        """The one rule of what ``user`` may do with this task right now.

        Every page, API endpoint and service asks this method; an action not
        in the list is refused and changes nothing. ``viewer`` is
        ``viewer_of(user)`` when the caller read it once for many tasks (the
        API list page).
        """
        if viewer is None:
            viewer = viewer_of(user)
            if viewer is None:
                return []
        user_pk, supervisor, leader, head, sees_everything, department_ids = viewer
        # Each foreign key's id read once, from the instance's dict when loaded:
        # its descriptor is a function call (a list page asks 50 tasks).
        row = self.__dict__
        lead_id = (
            row["lead_department_id"] if "lead_department_id" in row else self.lead_department_id
        )
        responsible_id = row["responsible_id"] if "responsible_id" in row else self.responsible_id
        in_lead = lead_id is not None and lead_id in department_ids
        is_responsible = responsible_id is not None and responsible_id == user_pk
        if not (
            sees_everything
            or in_lead
            or is_responsible
            or not department_ids.isdisjoint(self.cooperating_ids())
        ):
            return []
        if self.archived_at is not None:
            return []  # 归档: read-only for everybody (tracker.archives)
        lead_head = in_lead and head
        holder = (
            lead_head or is_responsible
        )  # 承办: the head of the lead division or the person named
        status = self.status
        working = status in WORKING_STATUSES
        # ``+=`` rather than append: no function call per action (a page asks 50 tasks).
        actions: list[str] = []
        if supervisor:
            if status in (Status.DRAFT, Status.DECLINED, Status.ASSIGNED, *WORKING_STATUSES):
                actions += [Action.EDIT]
            if status in (Status.DRAFT, Status.DECLINED):
                actions += [Action.ASSIGN]
        if lead_head and status == Status.ASSIGNED:
            actions += [Action.ACKNOWLEDGE, Action.DECLINE]
        if lead_head and status == Status.DIVISION_REVIEW:
            actions += [Action.DIVISION_APPROVE, Action.DIVISION_RETURN]
        if lead_head and working:
            actions += [Action.REASSIGN]
        if holder and working:
            actions += [Action.PROGRESS, Action.EVIDENCE, Action.WITHDRAW_EVIDENCE, Action.SUBMIT]
        pending = self.has_pending_extension()
        if holder and status in (Status.ASSIGNED, *WORKING_STATUSES) and not pending:
            actions += [Action.EXTEND]
        if supervisor:
            # 销号: never by the person who submitted the task.
            if (
                status == Status.SUBMITTED
                and (row["submitted_by_id"] if "submitted_by_id" in row else self.submitted_by_id)
                != user_pk
            ):
                actions += [Action.APPROVE, Action.RETURN]
            if pending:
                actions += [Action.DECIDE_EXTENSION]
            parent_id = row["parent_id"] if "parent_id" in row else self.parent_id
            if parent_id is None and status in (
                Status.DRAFT,
                Status.DECLINED,
                Status.ASSIGNED,
                *WORKING_STATUSES,
            ):
                actions += [Action.SPLIT]
            if status in OPEN_STATUSES:
                actions += [Action.CANCEL]
            if status == Status.DONE and self.archived_at is None:
                actions += [Action.ARCHIVE]
        urgeable = status in (Status.ASSIGNED, *WORKING_STATUSES)
        if urgeable and (supervisor or (lead_head and responsible_id not in (None, user_pk))):
            actions += [Action.URGE]  # 催办: the office, or a head inside the division
        if leader and status in OPEN_STATUSES:
            actions += [Action.INSTRUCT]
        if supervisor and status in (Status.ASSIGNED, *WORKING_STATUSES):
            actions += [Action.ADD_MILESTONE, Action.SET_FEEDBACK]
        if holder and working and self.next_milestone_on is not None:
            actions += [Action.COMPLETE_MILESTONE]
        actions += [Action.COMMENT]
        return actions

    def allowed_transitions(self, user: User) -> dict[str, str]:
        """The state changes ``user`` may make now: action → the status it leads to."""
        return {
            action: TRANSITIONS[action]
            for action in self.allowed_actions(user)
            if action in TRANSITIONS
        }

    def warning_light(
        self,
        today: dt.date | None = None,
        zone: dt.tzinfo | None = None,
        thresholds: tuple[float, float] | None = None,
    ) -> str:
        """绿/黄/橙/红 by the share of the time between assignment and deadline left.

        Reads LIGHT_FIELDS only; ``light_case`` is the same rule in SQL (keep both
        in step: tests/tracker/test_light_sql.py compares them at every boundary).
        ``zone`` (the current time zone) and ``thresholds`` (``light_thresholds()``)
        when the caller read them once for many tasks (the API list page)."""
        today = today or timezone.localdate()
        due_on = self.due_on
        if self.status not in HANDED_OUT_STATUSES or due_on is None:
            return Light.NONE
        # The nearest open 时间节点 counts as the deadline when it comes first.
        milestone = self.next_milestone_on
        if milestone is not None and milestone < due_on:
            due_on = milestone
        if due_on < today:
            return Light.RED
        started = self.assigned_at or self.created_at
        if zone is not None and started is not None:
            start = started.astimezone(zone).date()  # timezone.localdate's own steps
        else:
            start = timezone.localdate(started)
        total = (due_on - start).days
        if total <= 0:
            return Light.ORANGE
        share_left = (due_on - today).days / total
        yellow, orange = thresholds or light_thresholds()
        if share_left <= orange:
            return Light.ORANGE
        if share_left <= yellow:
            return Light.YELLOW
        return Light.GREEN


class ProgressUpdate(models.Model):
    """进展情况: a progress report with a percentage."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="progress_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT
    )
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    created_at = models.DateTimeField(_("填报时间"), default=timezone.now)

    class Meta:
        verbose_name = _("进展反馈")
        verbose_name_plural = _("进展反馈")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-created_at"], name="progress_task_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="progress_percent_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.percent}%"


class Comment(models.Model):
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发表人"), on_delete=models.PROTECT
    )
    text = models.TextField(_("内容"))
    # 领导批示: a leader's instruction on a task is a comment with this flag.
    is_instruction = models.BooleanField(_("领导批示"), default=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("评论")
        verbose_name_plural = _("评论")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("未同意")


class ExtensionRequest(models.Model):
    """延期申请: a request to move the deadline, and the supervisor's decision."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    current_due_on = models.DateField(_("原完成时限"), null=True, blank=True)
    requested_due_on = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("审批状态"),
        max_length=20,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_decisions",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_due_on}"
