"""Template filters for tasks: warning light, overdue flag, days overdue."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from tracker.audit.models import action_label
from tracker.escaping import escape_text
from tracker.tasks.models import Light, Task

register = template.Library()


@register.filter
def light(task: Task, today: dt.date | None = None) -> str:
    return task.warning_light(today)


@register.filter
def light_label(value: str) -> str:
    try:
        return str(Light(value).label)
    except ValueError:
        return ""


@register.simple_tag
def cockpit_rows(lights: Any) -> SafeString:
    """The rows of the cockpit's lights table (templates/tasks/_cockpit.html):
    what the template loop wrote for each division (~200 on a leader's home
    page, four light cells each), built here. Text and links are escaped as the
    template escaped them; tests/tracker/test_request_cost.py compares the two."""
    esc = escape_text
    labels = {light: esc(light_label(light)) for light in Light.values}
    # As {% translate "literal" %} writes them: unescaped (a template literal is safe).
    open_label, done_label = gettext("办理中"), gettext("已办结")
    out: list[str] = []
    for d in lights:
        cells = []
        for light, n, url in d.cells():
            red = " red" if light == "red" and n else ""
            value = f'<a href="{esc(url)}">{localize(n)}</a>' if n else "0"
            cells.append(
                f'<td class="n{red}" data-label="{labels.get(light) or esc(light_label(light))}">'
                f"{value}</td>"
            )
        done = f'<a href="{esc(d.done_link)}">{localize(d.done)}</a>' if d.done else "0"
        out.append(
            f'<tr class="{"overdue" if d.counts.get("red") else ""}">\n'
            f'      <td data-label="" class="name"><a href="{esc(d.open_link)}">{esc(d.name)}</a></td>\n'
            f"      {''.join(cells)}\n"
            f'      <td class="n" data-label="{open_label}"><a href="{esc(d.open_link)}">'
            f"{localize(d.total_open)}</a></td>\n"
            f'      <td class="n" data-label="{done_label}">{done}</td>\n'
            "    </tr>"
        )
    if not out:
        out.append(f'<tr><td colspan="7" class="empty">{gettext("暂无已交办的任务。")}</td></tr>')
    return SafeString("".join(out))


@register.filter
def overdue(task: Task, today: dt.date | None = None) -> bool:
    return task.is_overdue(today)


@register.filter
def proposed_due_passed(task: Task, today: dt.date | None = None) -> bool:
    return task.proposed_due_passed(today)


@register.filter
def days_overdue(task: Task, today: dt.date | None = None) -> int:
    return task.days_overdue(today)


@register.filter
def timeline_label(action: str) -> str:
    return action_label(action)


@register.filter
def timeline_detail(event: object) -> str:
    """The one line a person wants to read about an event (plain text, autoescaped)."""
    after = getattr(event, "after", None) or {}
    if not isinstance(after, dict):
        return ""
    action = getattr(event, "action", "")
    parts: list[str] = []
    if action == "progress_report":
        parts.append(f"{after.get('percent')}%：{after.get('text', '')}")
    elif action in ("evidence_upload", "evidence_withdraw"):
        parts.append(f"{after.get('name', '')}（v{after.get('version', '')}）")
        if after.get("sha256"):
            parts.append(f"SHA-256 {after['sha256'][:16]}…")
        if after.get("reason"):
            parts.append(after["reason"])
    elif action == "task_acknowledge" or action == "task_reassign":
        parts.append(gettext("责任人：%s") % after.get("responsible_name", ""))
    elif action == "extension_request":
        parts.append(
            gettext("申请延至 %(date)s：%(reason)s")
            % {"date": after.get("requested_due_on"), "reason": after.get("reason", "")}
        )
    elif action == "extension_decide":
        parts.append(
            gettext("同意，完成时限改为 %s") % after.get("due_on")
            if after.get("approved")
            else gettext("不同意")
        )
        if after.get("note"):
            parts.append(after["note"])
    elif action == "comment_add":
        prefix = gettext("【领导批示】") if after.get("is_instruction") else ""
        parts.append(prefix + after.get("text", ""))
    elif action == "task_assign":
        parts.append(gettext("完成时限 %s") % after.get("due_on"))
    else:
        for key in ("reason", "note"):
            if after.get(key):
                parts.append(after[key])
    return "；".join(str(p) for p in parts if p)


@register.filter
def label_of(labels: dict[str, str], key: str) -> str:
    return str(labels.get(key, key))


@register.inclusion_tag("tasks/_legend.html")
def light_legend() -> dict[str, int]:
    """The 红黄绿灯 legend with the thresholds in force."""
    from tracker.setup.thresholds import light_thresholds

    yellow, orange = light_thresholds()
    return {"yellow_percent": round(yellow * 100), "orange_percent": round(orange * 100)}


@register.inclusion_tag("tasks/_hash.html")
def short_hash(value: str) -> dict[str, str]:
    """A SHA-256 shown as its first 10 characters; a click copies all 64."""
    return {"full": value, "short": value[:10]}


@register.filter
def any_assignable(tasks: Any) -> bool:
    """Whether the list holds a draft or declined task the bulk-assign panel could take."""
    return any(task.status in ("draft", "declined") for task in tasks)


@register.inclusion_tag("tasks/_banner.html", takes_context=True)
def task_banner(context: Any, task: Task) -> dict[str, Any]:
    """What the reader must see first: why the task came back, and the leader's instruction."""
    from tracker.reviews.models import Decision, Review
    from tracker.tasks.models import Comment, Status

    returned = None
    if task.status == Status.RETURNED:
        returned = (
            Review.objects.filter(task=task, decision=Decision.RETURN)
            .select_related("reviewer")
            .order_by("-created_at", "-id")
            .first()
        )
    instruction = (
        Comment.objects.filter(task=task, is_instruction=True)
        .select_related("author")
        .order_by("-created_at", "-id")
        .first()
        if task.is_open
        else None
    )
    return {"returned": returned, "instruction": instruction, "task": task}


@register.filter
def action_groups(actions: list[str]) -> dict[str, list[str]]:
    """The user's actions by weight (primary / secondary / destructive), from the registry."""
    from tracker.tasks.actions import page_groups

    return page_groups(actions)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@functools.cache
def _row_words(language: str) -> dict[str, Any]:
    """The task table's fixed words and labels in ``language`` (the active one
    when asked), escaped: the same for every row and every page (the labels of
    kind and status were escaped afresh for every page, ~600 calls)."""
    return {
        "select": escape_text(gettext("选择")),
        "subtask": f' <span class="tag">{escape_text(gettext("子任务"))}</span>',
        "proposal": (
            f' <span class="tag" title="{escape_text(gettext("尚未交办，不计逾期；交办时请重新设定完成时限"))}">'
            f"{escape_text(gettext('拟定时限已过'))}</span>"
        ),
        # get_FOO_display builds a dict per call.
        "kinds": {k: escape_text(v) for k, v in Task._meta.get_field("kind").flatchoices},
        "statuses": {k: escape_text(v) for k, v in Task._meta.get_field("status").flatchoices},
        "lamps": {
            shade: (
                f'<span class="light light-{escape_text(shade)}"><span class="dot" aria-hidden="true">'
                f"</span>{escape_text(light_label(shade))}</span>"
                if shade != "none"
                else ""
            )
            for shade in Light.values
        },
        "empty": escape_text(gettext("暂无任务。")),
    }


@functools.lru_cache(maxsize=2048)
def _counted(language: str, which: str, n: int) -> str:
    """The phrases "已催办 n 次" and "逾期 n 天" in ``language`` (the active one when asked), as
    the row writes it: a handful of values of n on a page, the same on every page."""
    if which == "urged":
        return ngettext("已催办 %(n)s 次", "已催办 %(n)s 次", n) % {"n": n}
    return ngettext("逾期 %(days)s 天", "逾期 %(days)s 天", n) % {"days": n}


@register.simple_tag
def task_rows(tasks: Any, today: dt.date | None = None, selectable: bool = False) -> SafeString:
    """The rows of the task table (templates/tasks/_task_table.html): the
    markup the row template wrote when it was included per task, built here
    (a list page has 50 rows; the include, its filters and a nested include
    per row cost most of the page's time). Text is escaped as the template
    escaped it; tests/tracker/test_list_output_pinned.py compares the two.

    Per page, not per row: the fixed words and labels (per language, once per
    process), the time zone and the light thresholds; each id is read from the
    row's own dict (the rows of ``selectors.table_rows`` hold every column the
    table reads; a deferred one is read through its descriptor)."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    language = get_language()
    esc = escape_text
    words = _row_words(language)
    detail = reverse("task-detail", args=[0])[: -len("0/")]
    select_label = words["select"]
    subtask = words["subtask"]
    proposal = words["proposal"]
    kinds = words["kinds"]
    statuses = words["statuses"]
    lamps = words["lamps"]
    leads: dict[int | None, str] = {}
    people: dict[int | None, str] = {}
    out: list[str] = []
    for task in tasks:
        values = task.__dict__
        pk = values["id"] if "id" in values else task.pk
        status = task.status
        late = task.is_overdue(today)
        sel = ""
        if selectable:
            box = ""
            if status == "draft" or status == "declined":
                box = (
                    f'<input type="checkbox" name="tasks" value="{pk}" '
                    f'aria-label="{select_label} {esc(task.title)}">'
                )
            sel = f'<td data-label="">{box}</td>'
        title = f'<a class="tasktitle" href="{detail}{pk}/">{esc(task.title)}</a>'
        if values["parent_id"] if "parent_id" in values else task.parent_id:
            title += subtask
        n = task.urge_count
        if n:
            title += f' <span class="tag orange">{_counted(language, "urged", n)}</span>'
        kind = kinds.get(task.kind) or esc(task.get_kind_display())
        title += f' <span class="muted">{kind}</span>'
        shade = task.warning_light(today, zone)
        lamp = lamps.get(shade)
        if lamp is None:
            lamp = (
                f'<span class="light light-{esc(shade)}"><span class="dot" aria-hidden="true">'
                f"</span>{esc(light_label(shade))}</span>"
                if shade != "none"
                else ""
            )
        # A page's rows share a few departments and people: each written once.
        lead_id = (
            values["lead_department_id"]
            if "lead_department_id" in values
            else task.lead_department_id
        )
        if lead_id in leads:
            lead = leads[lead_id]
        else:
            lead = leads[lead_id] = esc(str(task.lead_department)) if lead_id else "—"
        person_id = values["responsible_id"] if "responsible_id" in values else task.responsible_id
        if person_id in people:
            person = people[person_id]
        else:
            person = people[person_id] = esc(str(task.responsible)) if person_id else "—"
        due_on = task.due_on
        due = due_on.isoformat() if due_on else "—"
        if late:
            days = task.days_overdue(today)
            due += f' <span class="tag red">{_counted(language, "days", days)}</span>'
        elif task.proposed_due_passed(today):
            due += proposal
        shown_status: str = statuses.get(status) or esc(task.get_status_display())
        if status == "returned":
            shown_status = f'<span class="tag red">{shown_status}</span>'
        out.append(
            f'\n    <tr class="{"overdue" if late else ""}">\n      {sel}\n'
            f'      <td data-label="">{title}</td>\n'
            f"      <td>{lamp}</td>\n"
            f"      <td>{lead}</td>\n"
            f"      <td>{person}</td>\n"
            f"      <td>{due}</td>\n"
            f"      <td>{shown_status}</td>\n"
            f"      <td>{task.progress}%</td>\n"
            "    </tr>\n  "
        )
    if not out:
        out.append(f'\n    <tr><td colspan="8" class="empty">{words["empty"]}</td></tr>\n  ')
    return SafeString("".join(out))


@functools.cache
def _controls_text(language: str) -> dict[str, str]:
    """The list controls' fixed words in ``language`` (the active one when
    asked): as {% translate "literal" %} writes them, unescaped (a template
    literal is safe, and so is its translation)."""
    words = {
        "scope_nav": gettext("任务范围"),
        "all": gettext("全部"),
        "about": gettext("约"),
        "exact": gettext("精确计数"),
        "filters": gettext("筛选与排序"),
        "keyword": gettext("关键词"),
        "keyword_hint": gettext("标题或内容"),
        "status": gettext("状态"),
        "lead": gettext("牵头单位"),
        "kind": gettext("任务类型"),
        "report": gettext("来源报告"),
        "overdue": gettext("是否逾期"),
        "overdue_yes": gettext("已逾期"),
        "overdue_no": gettext("未逾期"),
        "archived": gettext("是否归档"),
        "archived_yes": gettext("已归档"),
        "archived_no": gettext("未归档"),
        "due_after": gettext("完成时限不早于"),
        "due_before": gettext("完成时限不晚于"),
        "sort": gettext("排序"),
        "apply": gettext("筛选"),
        "clear": gettext("清除条件"),
    }
    return {name: str(text) for name, text in words.items()}


@functools.lru_cache(maxsize=4096)
def _shown_count(language: str | None, n: int, use_l10n: bool | None, autoescape: bool) -> str:
    """``{{ n }}`` of an int as a template writes it in ``language`` (the active
    one when asked): what ``render_value_in_context`` returns, without its
    localisation's ~40 calls. Emptied when a setting changes (the number
    formats are settings, as Django's own format cache)."""
    text = str(localize(n, use_l10n=use_l10n))
    return str(conditional_escape(text)) if autoescape else text


@receiver(setting_changed)
def _forget_counts_shown(**kwargs: Any) -> None:
    _shown_count.cache_clear()


# The filter parameters whose presence opens the filter box.
_OPENING = (
    "q",
    "lead_department",
    "kind",
    "report",
    "overdue",
    "archived",
    "due_after",
    "due_before",
)


@register.simple_tag(takes_context=True)
def task_list_controls(context: Any) -> SafeString:
    """The task list's scope tabs, status chips and filter box
    (templates/tasks/task_list.html): the markup the template wrote for them,
    built here — ~40 {% translate %} tags and ~150 variables, a third of the
    page's Python. Values are escaped as the template escaped them
    (``render_value_in_context``; fixed words unescaped, as the template's
    literals); tests/tracker/test_task_list_page_pinned.py compares the page
    with the template as it was."""
    esc = escape_text
    words = _controls_text(get_language())
    get = context["request"].GET
    form = context["filter"].form
    scope = esc(context["scope"])
    selected = context["selected_statuses"]
    without_scope = esc(context["query_without_scope"])
    without_status = esc(context["query_without_status"])
    statuses = [
        (esc(value), esc(label), value in selected) for value, label, _n in context["status_counts"]
    ]

    language = get_language()

    def shown(value: Any) -> str:
        # {{ value }} as a template writes it: localised, escaped. A count (the
        # chips': nine a page) once per language and number.
        if type(value) is int:
            return _shown_count(language, value, context.use_l10n, context.autoescape)
        return str(render_value_in_context(value, context))

    out = [f'<nav class="tabs" aria-label="{words["scope_nav"]}">\n  ']
    for value, label in context["scopes"]:
        more = f"&amp;{without_scope}" if without_scope else ""
        current = "active" if value == context["scope"] else ""
        out.append(f'<a href="?scope={esc(value)}{more}" class="{current}">{esc(label)}</a>')
    estimated = context["count_estimated"]
    about = words["about"] if estimated else ""
    out.append(
        '\n</nav>\n<ul class="statuscounts">\n'
        f'  <li><a href="?{without_status}" class="{"" if selected else "active"}">'
        f"{words['all']} <b>{about}{shown(context['total'])}</b></a>"
    )
    if estimated:
        without_cursor = esc(context["query_without_cursor"])
        out.append(
            f' <a href="?{without_cursor}&amp;count=exact" class="muted">{words["exact"]}</a>'
        )
    out.append("</li>\n  ")
    for (value, label, active), (_value, _label, n) in zip(
        statuses, context["status_counts"], strict=True
    ):
        out.append(
            f'<li><a href="?{without_status}&amp;status={value}" class="{"active" if active else ""}">'
            f"{label} <b>{shown(n)}</b></a></li>"
        )
    opened = " open" if any(get.get(name) for name in _OPENING) else ""
    status_options = "".join(
        f'<option value="{value}"{" selected" if active else ""}>{label}</option>'
        for value, label, active in statuses
    )
    overdue, archived = get.get("overdue"), get.get("archived")
    sort = context["sort"]
    sort_options = "".join(
        f'<option value="{esc(value)}"{" selected" if value == sort else ""}>{esc(label)}</option>'
        for value, label in context["sorts"]
    )
    out.append(
        f'\n</ul>\n<details class="filterbox"{opened}>\n'
        f"<summary>{words['filters']}</summary>\n"
        '<form method="get" class="filters">\n'
        f'  <input type="hidden" name="scope" value="{scope}">\n'
        f'  <label>{words["keyword"]} <input type="search" name="q" '
        f'value="{shown(form["q"].value() or "")}" placeholder="{words["keyword_hint"]}"></label>\n'
        f'  <label>{words["status"]} <select name="status"><option value="">{words["all"]}</option>'
        f"{status_options}</select></label>\n"
        f"  <label>{words['lead']} {shown(form['lead_department'])}</label>\n"
        f"  <label>{words['kind']} {shown(form['kind'])}</label>\n"
        f"  <label>{words['report']} {shown(form['report'])}</label>\n"
        f'  <label>{words["overdue"]} <select name="overdue"><option value="">{words["all"]}</option>'
        f'<option value="true"{" selected" if overdue == "true" else ""}>{words["overdue_yes"]}</option>'
        f'<option value="false"{" selected" if overdue == "false" else ""}>{words["overdue_no"]}</option>'
        "</select></label>\n"
        f'  <label>{words["archived"]} <select name="archived"><option value="">{words["all"]}</option>'
        f'<option value="true"{" selected" if archived == "true" else ""}>{words["archived_yes"]}</option>'
        f'<option value="false"{" selected" if archived == "false" else ""}>{words["archived_no"]}</option>'
        "</select></label>\n"
        f'  <label>{words["due_after"]} <input type="date" name="due_after" '
        f'value="{shown(form["due_after"].value() or "")}"></label>\n'
        f'  <label>{words["due_before"]} <input type="date" name="due_before" '
        f'value="{shown(form["due_before"].value() or "")}"></label>\n'
        f'  <label>{words["sort"]} <select name="sort">{sort_options}</select></label>\n'
        f'  <button type="submit">{words["apply"]}</button>\n'
        f'  <a href="?scope={scope}">{words["clear"]}</a>\n'
        "</form>\n</details>"
    )
    return SafeString("".join(out))
