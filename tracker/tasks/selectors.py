"""Read-only questions about tasks: what a user must do now (the buckets of the home
page, 我的待办) and the history a sub-task carries from its parent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    BigIntegerField,
    DateTimeField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.query import ValuesIterable
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext_lazy as _

from plans.models import Report
from tracker.tasks.models import (
    DUE_KEY,
    UNASSIGNED_STATUSES,
    WORKING_STATUSES,
    ExtensionRequest,
    ExtensionStatus,
    ProgressUpdate,
    Status,
    Task,
    TaskQuerySet,
    user_department_ids,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.functional import Promise

    from tracker.org.models import User

DUE_SOON_DAYS = 7


def api_tasks(user: User) -> TaskQuerySet:
    """The tasks of the API (list and detail) with what their representation
    reads, in one query: names by join; whether an extension request is
    pending (all that ``allowed_actions`` asks of them) and, on PostgreSQL,
    the co-operating departments' ids in department order as annotations
    (``Task.has_pending_extension``, ``Task.cooperating_ids``). Two prefetches
    cost a list page of 50 tasks two more queries and ~100 related managers
    and querysets built in Python. SQLite prefetches the ids."""
    from tracker.org.models import Department

    tasks = api_visible(user).select_related("lead_department", "responsible")
    if "cooperating_department_ids" in tasks.query.annotations:
        return tasks
    return tasks.prefetch_related(
        Prefetch("cooperating_departments", queryset=Department.objects.only("id"))
    )


def api_visible(user: User) -> TaskQuerySet:
    """The visible tasks with the annotations of ``api_tasks`` but no joins."""
    return _template("annotated").all().visible_to(user)


def api_rows(user: User) -> TaskQuerySet:
    """The visible tasks as the API's list and detail read them: rows
    (``TaskRows``) of the columns the representation reads, with the annotations
    of ``api_tasks``. What the list filters, orders, counts and pages; a count
    names the two joins of the names but the database drops them (an outer join
    to a primary key nothing reads)."""
    return _template("rows").all().visible_to(user)


# The annotated tasks and their rows by (database vendor, which), built once:
# the annotations' expressions and the 30 names of the rows are resolved once
# per process, not per request (~1,800 function calls a list page). ``.all()``
# clones the template, as DRF does with a view's ``queryset``.
_TEMPLATES: dict[tuple[str, str], TaskQuerySet] = {}


def _template(which: str) -> TaskQuerySet:
    from django.db import connections

    vendor = connections[Task.objects.db].vendor
    if (vendor, which) not in _TEMPLATES:
        annotated = _annotated(vendor == "postgresql")
        _TEMPLATES[vendor, "annotated"] = annotated
        _TEMPLATES[vendor, "rows"] = _as_api_rows(annotated)
    return _TEMPLATES[vendor, which]


def _annotated(postgresql: bool) -> TaskQuerySet:
    from django.contrib.postgres.expressions import ArraySubquery

    from tracker.org.models import Department

    tasks = Task.objects.annotate(
        pending_extension_exists=Exists(
            ExtensionRequest.objects.filter(task_id=OuterRef("pk"), status=ExtensionStatus.PENDING)
        )
    )
    if postgresql:
        # Ordered by each department's "order" read by primary key: a join here
        # was planned as a hash join (and a sort) per task, ~0.09 ms x 50.
        order = Department.objects.filter(pk=OuterRef("department_id")).values("order")
        cooperating = (
            Task.cooperating_departments.through.objects.filter(task_id=OuterRef("pk"))
            .order_by(Subquery(order), "department_id")
            .values("department_id")
        )
        return tasks.annotate(cooperating_department_ids=ArraySubquery(cooperating))
    return tasks


# The columns of a task row of the API (list and detail): what
# ``TaskSerializer.to_representation``, ``allowed_actions``, ``warning_light`` and the
# list's cursors read. tests/tracker/test_list_output_pinned.py pins the output; a
# column missing here is read by a query per row (test_request_cost counts them).
ROW_COLUMNS = (
    "id",
    "title",
    "description",
    "kind",
    "priority",
    "status",
    "lead_department_id",
    "responsible_id",
    "due_on",
    "progress",
    "require_evidence",
    "extension_count",
    "report_id",
    "parent_id",
    "created_at",
    "updated_at",
    "assigned_at",
    "acknowledged_at",
    "submitted_at",
    "completed_at",
    "archived_at",
    "version",
    "submitted_by_id",
    "next_milestone_on",
)
# Read on PostgreSQL as microseconds since the epoch (``_EpochMicros``): psycopg's
# timestamp loader that Django installs is Python (~350 timestamps a page).
_MOMENTS = tuple(
    name for name in ROW_COLUMNS if isinstance(Task._meta.get_field(name), DateTimeField)
)
_LEAD = ("lead_department__name",)
_RESPONSIBLE = (
    "responsible__username",
    "responsible__first_name",
    "responsible__last_name",
    "responsible__full_name",
)


class _EpochMicros(Func):
    """Timestamps as one array of whole microseconds since 1970-01-01 UTC: exact
    (``extract`` is numeric from PostgreSQL 14, the oldest Duban runs on),
    independent of the session's DateStyle and time zone, and loaded by psycopg's
    C loaders. One array rather than seven columns: the planner then computes it
    after the sort, for the page's rows only (a filtered page sorts every
    matching task)."""

    arg_joiner = ", "
    template = "ARRAY[%(expressions)s]"

    def __init__(self, *names: str) -> None:
        epoch = "(extract(epoch from %(expressions)s) * 1000000)::bigint"
        parts = [Func(F(name), template=epoch, output_field=BigIntegerField()) for name in names]
        super().__init__(*parts, output_field=ArrayField(BigIntegerField()))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class TaskRows(ValuesIterable):
    """The rows of ``api_rows`` as ``Task`` instances with their lead department
    (id, name) and responsible person (the name's four columns) cached, as
    ``select_related`` would have them: read from the query's row tuples, built
    without ``Model.__init__``. On SQLite the co-operating departments' ids are
    read for the whole page in one query (PostgreSQL has them as an annotation)."""

    # The timestamps read as ``epoch_moments`` (PostgreSQL), in its order.
    moments: tuple[str, ...] = _MOMENTS
    # Whether the rows carry their co-operating departments' ids.
    cooperators = True

    def __iter__(self):  # type: ignore[no-untyped-def]
        # ValuesIterable's own steps, without its dict per row (build makes one).
        queryset = self.queryset
        query = queryset.query
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        rows = query.get_compiler(queryset.db).results_iter(
            chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size
        )
        return iter(self.build(names, rows, queryset.db))

    @classmethod
    def build(cls, names: Sequence[str], rows: Iterable[Sequence[Any]], db: str) -> list[Task]:
        """The tasks of rows whose columns are ``names`` (those of ``_read_as``).

        A page reads 50 rows of ~30 columns: per row this makes three instances
        (task, lead department, responsible person) and their states by
        subscripts and ``del``, each instance's ``__dict__`` one dict, with no
        function call but the three ``__new__`` (``Model.__init__`` sets every
        field by name and sends two signals: ~30 µs an instance). Fields not read
        stay deferred, as with ``only()``. tests/tracker/test_list_cost.py bounds
        a row."""
        from tracker.org.models import Department, User

        new = object.__new__
        state_of = ModelState
        moments = cls.moments if "epoch_moments" in names else ()
        epoch, micro = _EPOCH, dt.timedelta
        responsible_names = _RESPONSIBLE
        tasks: list[Task] = []
        for row in rows:
            values = dict(zip(names, row, strict=True))
            if moments:
                stamps = values["epoch_moments"]
                del values["epoch_moments"]
                for name, micros in zip(moments, stamps, strict=True):
                    values[name] = None if micros is None else epoch + micro(microseconds=micros)
            lead_name = values["lead_department__name"]
            del values["lead_department__name"]
            person = {}
            for name in responsible_names:
                person[name[13:]] = values[name]
                del values[name]
            state = state_of()
            state.adding = False
            state.db = db
            cache: dict[str, Any] = {}
            state.fields_cache = cache
            values["_state"] = state
            task = new(Task)
            task.__dict__ = values
            lead_id = values["lead_department_id"]
            if lead_id is None:
                cache["lead_department"] = None
            else:
                state = state_of()
                state.adding = False
                state.db = db
                lead = new(Department)
                lead.__dict__ = {"_state": state, "id": lead_id, "name": lead_name}
                cache["lead_department"] = lead
            responsible_id = values["responsible_id"]
            if responsible_id is None:
                cache["responsible"] = None
            else:
                state = state_of()
                state.adding = False
                state.db = db
                person["_state"] = state
                person["id"] = responsible_id
                responsible = new(User)
                responsible.__dict__ = person
                cache["responsible"] = responsible
            tasks += [task]
        if cls.cooperators and tasks and "cooperating_department_ids" not in tasks[0].__dict__:
            through = Task.cooperating_departments.through.objects.using(db)
            ids: dict[int, list[int]] = {task.pk: [] for task in tasks}
            for task_id, department_id in (
                through.filter(task_id__in=ids)
                .order_by("department__order", "department_id")
                .values_list("task_id", "department_id")
            ):
                ids[task_id].append(department_id)
            for task in tasks:
                task.__dict__["cooperating_department_ids"] = ids[task.pk]
        return tasks


def _as_api_rows(tasks: TaskQuerySet) -> TaskQuerySet:
    """``tasks`` (annotated as ``api_tasks``, no joins) read as rows (``TaskRows``)
    of the columns the representation reads: a list page of 50 builds no 150
    model instances the generic way. The list order's deadline key is an alias
    already (``paging.sorted_tasks``)."""
    names = [*ROW_COLUMNS, *_LEAD, *_RESPONSIBLE, "pending_extension_exists"]
    if "cooperating_department_ids" in tasks.query.annotations:
        names.append("cooperating_department_ids")
    return _read_as(tasks.alias(due_key=DUE_KEY.copy()), names, TaskRows)


def _read_as(tasks: TaskQuerySet, names: list[str], rows: type[TaskRows]) -> TaskQuerySet:
    """``tasks`` read as ``rows`` of the columns ``names``; on PostgreSQL the
    row class's timestamps come as one array of epoch microseconds."""
    from django.db import connections

    if connections[tasks.db].vendor == "postgresql":
        names = [name for name in names if name not in rows.moments]
        tasks = tasks.annotate(epoch_moments=_EpochMicros(*rows.moments))
        names.append("epoch_moments")
    read = tasks.values(*names)
    read._iterable_class = rows
    return read


# What a row of the HTML task table (``duban.task_rows``) and the list's cursors
# read. A column missing here is read by a query per row (test_list_cost counts
# the page's queries for 3 and 60 tasks).
TABLE_COLUMNS = (
    "id",
    "title",
    "parent_id",
    "urge_count",
    "kind",
    "status",
    "priority",
    "due_on",
    "next_milestone_on",
    "assigned_at",
    "created_at",
    "updated_at",
    "progress",
    "lead_department_id",
    "responsible_id",
)
_TABLE_MOMENTS = tuple(
    name for name in TABLE_COLUMNS if isinstance(Task._meta.get_field(name), DateTimeField)
)


class TableRows(TaskRows):
    """The rows of ``table_rows``: TaskRows without the co-operating departments."""

    moments = _TABLE_MOMENTS
    cooperators = False


def table_rows(tasks: TaskQuerySet) -> TaskQuerySet:
    """``tasks`` (filtered, ordered, not yet sliced) read as the HTML task table's
    rows (``TableRows``): a page of 50 builds no 150 model instances the generic
    way and parses no timestamps in Python (as ``api_rows``)."""
    return _read_as(tasks, [*TABLE_COLUMNS, *_LEAD, *_RESPONSIBLE], TableRows)


def reports_visible_to(user: User | AnonymousUser) -> QuerySet[Report]:
    """``Report.objects.visible_to(user)`` — a report in which ``user`` sees a
    task — read, for a user who does not see everything, on PostgreSQL, from the
    group tally (reports with a task led by the user's departments), the
    co-operation tally (co-operated on by them) and the tasks the user is
    responsible for: the three parts of ``Task.objects.visible_to``. The rule's
    own semi-join read every visible task with a report (a division's ~5,000 at
    a million tasks, ANDed with the 130,000 tasks having one: ~30-50 ms) for the
    task list's report filter; the tallies hold one row per (department,
    report, …), kept by the task triggers. A test compares both for every role."""
    from django.db import connections

    from tracker.tasks.sentinels import statement

    # The rule's own queryset only where it is the answer: building it (the task
    # visibility's subquery inside) was ~1,500 function calls of every head's list page.
    if not user.is_authenticated or connections[Report.objects.db].vendor != "postgresql":
        return Report.objects.visible_to(user)
    user = cast("User", user)
    if not user.is_active or user.is_administrator or user.sees_everything:
        return Report.objects.visible_to(user)
    # The rule's ids by SQL compiled once per shape of user (tracker.tasks.sentinels):
    # building and compiling the three parts below was ~4,000 function calls of
    # every division user's task list page (its report select).
    ids = statement(("reports visible", "ids"), _report_ids, user, Report.objects.db, False)
    if ids is not None:
        return Report.objects.filter(pk__in=RawSQL(*ids))  # noqa: S611 - the ORM's SQL, values as parameters
    return _reports_from_tallies(user)


def report_options(user: User | AnonymousUser) -> tuple[str, tuple[Any, ...]] | None:
    """(SQL, parameters) of the task list's 来源报告 options — the id and title
    of ``reports_visible_to(user)``, in the reports' order — compiled once per
    shape of user (building and compiling them was ~800 function calls of every
    task list page); None where the ORM answers (not PostgreSQL, a user the
    rule shows nothing)."""
    from tracker.tasks.sentinels import statement

    return statement(
        ("reports visible", "options"), _report_options, user, Report.objects.db, False
    )


def _report_options(user: User) -> QuerySet[Report, Any]:
    return reports_visible_to(user).only("id", "title").values_list("pk", "title")


def _report_ids(user: User) -> QuerySet[Report, Any]:
    return _reports_from_tallies(user).order_by().values("pk")


def _reports_from_tallies(user: User) -> QuerySet[Report]:
    from tracker.reporting.models import TaskCoopTally, TaskGroupTally

    departments = user_department_ids(user) if user.department_id is not None else set()
    # report_id 0 is "no report" in the tallies; a total of 0 is a group emptied.
    led = TaskGroupTally.objects.filter(
        lead_department_id__in=departments, report_id__gt=0, total__gt=0
    ).values("report_id")
    co_operated = TaskCoopTally.objects.filter(
        department_id__in=departments, report_id__gt=0, total__gt=0
    ).values("report_id")
    # No "report is not null" here: the planner ANDed it with the report index
    # (130,000 entries); a NULL in the list matches no report anyway.
    responsible = Task.objects.filter(responsible=user).values("report_id")
    return Report.objects.filter(Q(pk__in=led) | Q(pk__in=co_operated) | Q(pk__in=responsible))


@dataclass(frozen=True)
class Bucket:
    key: str
    label: Promise | str
    tone: str  # "" | "warn" | "late": the colour of its counter
    tasks: TaskQuerySet


def my_scope(user: User) -> TaskQuerySet:
    """The tasks a person answers for: everything for supervisors and leaders,
    the division's for a head, one's own (and one's division's as co-operator) for staff."""
    tasks = Task.objects.visible_to(user)
    if user.sees_everything:
        return tasks
    if user.is_head:
        return tasks
    return tasks.filter(responsible=user)


def todo_buckets(user: User, today: dt.date) -> list[Bucket]:
    """The counters of the home page, in the order a person should work through them."""
    visible = Task.objects.visible_to(user)
    scope = my_scope(user).exclude(status__in=UNASSIGNED_STATUSES)
    ids = user_department_ids(user)
    buckets: list[Bucket] = []
    if user.is_supervisor:
        buckets.append(
            Bucket(
                "to_assign",
                _("待交办"),
                "",
                visible.filter(status__in=UNASSIGNED_STATUSES),
            )
        )
    if user.is_head:
        buckets.append(
            Bucket(
                "to_acknowledge",
                _("待我签收"),
                "",
                visible.filter(status=Status.ASSIGNED, lead_department_id__in=ids),
            )
        )
    if not user.is_supervisor and not user.is_leader:
        mine = Q(responsible=user)
        if user.is_head:
            mine |= Q(lead_department_id__in=ids, responsible__isnull=True)
        buckets.append(
            Bucket(
                "to_submit",
                _("待我提交"),
                "",
                visible.filter(mine, status__in=WORKING_STATUSES),
            )
        )
    if user.is_supervisor:
        buckets.append(
            Bucket(
                "to_review",
                _("待我审核"),
                "",
                visible.filter(
                    Q(status=Status.SUBMITTED) & ~Q(submitted_by=user)
                    | Q(extension_requests__status=ExtensionStatus.PENDING)
                ).distinct(),
            )
        )
    elif user.is_leader:
        buckets.append(
            Bucket("to_review", _("待审核"), "", visible.filter(status=Status.SUBMITTED))
        )
    buckets.append(
        Bucket(
            "due_soon",
            _("即将到期"),
            "warn",
            scope.open().filter(
                due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
            ),
        )
    )
    buckets.append(Bucket("overdue", _("已逾期"), "late", scope.overdue(today)))
    return buckets


def split_history(task: Task) -> list[ProgressUpdate]:
    """The parent's progress reports made before ``task`` was split off from it, oldest
    first: the history a sub-task carries (拆分前的进展). Empty for a task with no parent."""
    if task.parent_id is None:
        return []
    return list(
        ProgressUpdate.objects.filter(task_id=task.parent_id, created_at__lte=task.created_at)
        .select_related("author")
        .order_by("created_at", "id")
    )


class Deferred(SimpleLazyObject):
    """A task queryset built on first use (``build()``); its ``model``, its
    ``db`` and its ``order_by()`` (deferred in turn) answer without building it.
    The task lists (``views.task_list``, the API's ``TaskViewSet``) hand it to
    the pager and counts where statements compiled once may answer instead."""

    def __init__(self, build: Callable[[], QuerySet[Task]], db: str) -> None:
        super().__init__(build)
        self.__dict__["model"] = Task
        self.__dict__["db"] = db

    def built(self) -> QuerySet[Task]:
        if self._wrapped is empty:
            self._setup()
        return cast(QuerySet[Task], self._wrapped)

    def order_by(self, *fields: Any) -> Deferred:
        return Deferred(lambda: self.built().order_by(*fields), self.db)


# The task's id in the statements of a task read by id for a user
# (``api_visible_task``, ``api_detail_task``, ``page_task``): in range for the
# column, held by no row, and of the sentinels' marks (sentinels.MARKS) if
# written as text.
_TASK_SENTINEL = 2_100_000_701


def _visible_by_id(
    read: Callable[[Any], QuerySet[Any]],
    rows: Callable[..., list[Any] | None],
    user: User,
    pk: int,
) -> list[Any] | None:
    """``read(user).filter(pk=pk).first()`` as a list (empty: not visible),
    from a statement compiled once per process per shape of the user
    (``sentinels.user_shape``: seeing everything, the number of departments
    in scope), read by ``rows`` (``sentinels.model_rows`` or ``values_rows``);
    None for a user the rule shows nothing (the ORM answers, as before) or
    where the query cannot be prepared. The statement's key is ``read``
    itself and the shape: ``read`` must build its query from nothing of the
    user but what the shape names (the visibility rule reads no more), and
    no two readers share a statement."""
    from tracker.tasks.sentinels import sentinels_of, stand_in_for, user_shape

    found = user_shape(user, False)
    if found is None:
        return None
    shape, real = found

    def build() -> QuerySet[Any]:
        stand_in, _ = stand_in_for(user, shape)
        visible = read(stand_in).filter(pk=_TASK_SENTINEL)
        # As ``first()`` reads: by primary key unless ordered, one row.
        return (visible if visible.ordered else visible.order_by("pk"))[:1]

    sentinels = [*sentinels_of(shape), _TASK_SENTINEL]
    return rows((read, shape), build, Task.objects.db, sentinels, {len(sentinels) - 1}, [*real, pk])


def api_visible_task(user: User, pk: int) -> list[Task] | None:
    """``api_visible(user).filter(pk=pk).first()`` as a list (empty: not
    visible), compiled once per shape of the user (``_visible_by_id``): the
    API upload's and progress report's read."""
    from tracker.tasks.sentinels import model_rows

    return _visible_by_id(api_visible, model_rows, user, pk)


def _api_detail_read(user: User) -> QuerySet[Task]:
    return api_rows(user).order_by("due_on", "id")


def api_detail_task(user: User, pk: int) -> list[Task] | None:
    """The API's task detail: ``api_rows(user).order_by("due_on", "id")``
    (``TaskViewSet.get_queryset``'s for "retrieve") by id, as a list of the
    task read as ``TaskRows`` (empty: not visible), compiled once per shape of
    the user (``_visible_by_id``; ~3,000 function calls a request)."""
    from tracker.tasks.sentinels import values_rows

    return _visible_by_id(_api_detail_read, values_rows, user, pk)


# What the task page shows of a task beside its own row.
PAGE_RELATED = ("lead_department", "responsible", "created_by", "report", "source_item", "parent")


def page_prefetches() -> tuple[Any, ...]:
    """The task page's prefetches: co-operating departments, evidence (by
    name, newest version first), extension requests, sub-tasks."""
    from tracker.evidence.models import EvidenceFile

    return (
        "cooperating_departments",
        Prefetch(
            "evidence",
            queryset=EvidenceFile.objects.select_related("uploaded_by", "withdrawn_by").order_by(
                "original_name", "-version"
            ),
        ),
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
        ),
        Prefetch(
            "subtasks", queryset=Task.objects.select_related("lead_department", "responsible")
        ),
    )


def _page_read(user: User) -> QuerySet[Task]:
    return Task.objects.select_related(*PAGE_RELATED).visible_to(user)


def page_task(user: User, pk: int) -> list[Task] | None:
    """The task page's task (``views.task_detail``): ``Task.objects
    .select_related(*PAGE_RELATED).visible_to(user)`` by id, compiled once per
    shape of the user (``_visible_by_id``), then its ``page_prefetches``
    read as the queryset's prefetch would read them; a list (empty: not
    visible), None where the ORM answers."""
    from django.db.models import prefetch_related_objects

    from tracker.tasks.sentinels import model_rows

    found = _visible_by_id(_page_read, model_rows, user, pk)
    if found:
        prefetch_related_objects(found, *page_prefetches())
    return found
