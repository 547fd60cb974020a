"""The daily warning-light sweep: a change of colour is news.

Yellow is told to the holder, orange also to the division's head, red also
to the leaders; orange and red also issue a 预警督办单. Each (task, colour,
day) is announced once, however often the sweep runs.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.notifications.events import task_event
from tracker.notifications.models import NotificationKind
from tracker.org.models import Role, User
from tracker.slips.models import SlipKind
from tracker.slips.services import slip_issue
from tracker.tasks.models import HANDED_OUT_STATUSES, Light, Task
from tracker.tasks.services import lead_heads

# The colours worth telling, from least to most urgent.
ANNOUNCED = (Light.YELLOW, Light.ORANGE, Light.RED)


def _audience(task: Task, light: str) -> list[User]:
    people: list[User] = []
    holder = task.responsible
    heads = lead_heads(task)
    if holder is not None:
        people.append(holder)
    else:
        people += heads
    if light in (Light.ORANGE, Light.RED):
        people += heads
    if light == Light.RED:
        people += list(User.objects.filter(is_active=True, role=Role.LEADER))
    return people


def lights_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Compare every open assigned task's light with the one last announced."""
    today = today or timezone.localdate()
    counts = {light.value: 0 for light in ANNOUNCED}
    tasks = (
        Task.objects.filter(status__in=HANDED_OUT_STATUSES, due_on__isnull=False)
        .select_related("lead_department", "responsible")
        .order_by("pk")
    )
    for task in tasks.iterator(chunk_size=500):
        light = task.warning_light(today)
        if light == task.light:
            continue
        with transaction.atomic():
            Task.objects.filter(pk=task.pk).update(light=light, light_changed_at=timezone.now())
            # Only a change towards red is news; going back to green is quiet.
            if light in ANNOUNCED and ANNOUNCED.index(light) > _rank(task.light):
                counts[light] += 1
                _announce(task=task, light=light, today=today)
    return counts


def _rank(light: str) -> int:
    return ANNOUNCED.index(light) if light in ANNOUNCED else -1  # type: ignore[arg-type]


def _announce(*, task: Task, light: str, today: dt.date) -> None:
    label = Light(light).label
    occasion = f"light-{light}-{task.due_on}"
    if light == Light.RED:
        body = _("已超过完成时限 %(days)s 天，请尽快办理并说明情况。") % {
            "days": task.days_overdue(today)
        }
    else:
        body = _("距完成时限还有 %(days)s 天，请抓紧办理。") % {"days": task.days_left(today)}
    task_event(
        task=task,
        kind=NotificationKind.LIGHT_CHANGED,
        recipients=_audience(task, light),
        occasion=occasion,
        subject=_("【%(light)s】%(title)s") % {"light": label, "title": task.title[:100]},
        body=body,
    )
    if light in (Light.ORANGE, Light.RED):
        # 预警督办单: one per colour per task.
        slip_issue(
            task=task,
            kind=SlipKind.WARNING,
            occasion=f"light-{light}-{task.due_on}",
            extra={"light_label": str(label)},
        )
