"""Read-only questions about tasks: what a user must do now (the buckets of the home
page, 我的待办) and the history a sub-task carries from its parent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _

from tracker.tasks.models import (
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
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db import connections

    from tracker.org.models import Department

    tasks = (
        Task.objects.visible_to(user)
        .select_related("lead_department", "responsible")
        .annotate(
            pending_extension_exists=Exists(
                ExtensionRequest.objects.filter(
                    task_id=OuterRef("pk"), status=ExtensionStatus.PENDING
                )
            )
        )
    )
    if connections[tasks.db].vendor == "postgresql":
        # Ordered by each department's "order" read by primary key: a join here
        # was planned as a hash join (and a sort) per task, ~0.09 ms x 50.
        order = Department.objects.filter(pk=OuterRef("department_id")).values("order")
        cooperating = (
            Task.cooperating_departments.through.objects.filter(task_id=OuterRef("pk"))
            .order_by(Subquery(order), "department_id")
            .values("department_id")
        )
        return tasks.annotate(cooperating_department_ids=ArraySubquery(cooperating))
    return tasks.prefetch_related(
        Prefetch("cooperating_departments", queryset=Department.objects.only("id"))
    )


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
