"""After an import the drafts are assigned from one table, in one action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from plans.services import report_import
from tests.plans.import_helpers import reference_bytes
from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
# A deadline half a year ahead, whenever the suite runs (a past one is refused).
DUE = timezone.localdate() + dt.timedelta(days=180)


def _post(tasks: list[Task], **per_row: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "row-TOTAL_FORMS": str(len(tasks)),
        "row-INITIAL_FORMS": str(len(tasks)),
    }
    for i, task in enumerate(tasks):
        data[f"row-{i}-task"] = str(task.pk)
        data[f"row-{i}-selected"] = "on"
        for name, value in per_row.items():
            data[f"row-{i}-{name}"] = value(i) if callable(value) else value
    return data


def test_drafts_are_assigned_in_one_action(
    login: Login, supervisor: User, dept_a: Department, dept_b: Department, dept_c: Department
) -> None:
    result = report_import(user=supervisor, data=reference_bytes(), filename="jilin.txt")
    drafts = sorted(result.tasks, key=lambda t: t.pk)
    assert all(t.status == Status.DRAFT for t in drafts)
    client = login(supervisor)
    page = client.get(f"/reports/{result.report.pk}/assign/").content.decode()
    assert page.count('name="row-') >= len(drafts) * 4
    assert "应用到全部" in page and "全部交办" in page

    # One row without a deadline: nothing is assigned, the row says why.
    data = _post(
        drafts, lead_department=str(dept_a.pk), due_on=lambda i: "" if i == 3 else DUE.isoformat()
    )
    refused = client.post(f"/reports/{result.report.pk}/assign/", data)
    assert refused.status_code == 200 and "请设定完成时限" in refused.content.decode()
    assert Task.objects.filter(status=Status.ASSIGNED).count() == 0
    # The report's proposed date, long past: refused, or the task would be late on arrival.
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    data = _post(
        drafts,
        lead_department=str(dept_a.pk),
        due_on=lambda i: yesterday if i == 2 else DUE.isoformat(),
    )
    refused = client.post(f"/reports/{result.report.pk}/assign/", data)
    assert refused.status_code == 200 and "完成时限已过，请重新设定" in refused.content.decode()
    assert Task.objects.filter(status=Status.ASSIGNED).count() == 0

    data = _post(
        drafts,
        lead_department=lambda i: str(dept_a.pk if i % 2 else dept_b.pk),
        due_on=DUE.isoformat(),
    )
    data["row-0-cooperating_departments"] = [str(dept_c.pk), str(dept_a.pk)]
    data.pop("row-8-selected")  # unticked: stays a draft
    response = client.post(f"/reports/{result.report.pk}/assign/", data)
    assert response.status_code == 302
    assigned = Task.objects.filter(status=Status.ASSIGNED)
    assert assigned.count() == len(drafts) - 1
    assert set(assigned.values_list("due_on", flat=True)) == {DUE}
    first = Task.objects.get(pk=drafts[0].pk)
    assert first.lead_department == dept_b
    assert set(first.cooperating_departments.all()) == {dept_c, dept_a}
    assert Task.objects.get(pk=drafts[1].pk).lead_department == dept_a
    assert Task.objects.get(pk=drafts[8].pk).status == Status.DRAFT
    # A second post of the same rows changes nothing more.
    again = client.post(f"/reports/{result.report.pk}/assign/", data)
    assert "已被交办" in again.content.decode()


@pytest.mark.parametrize("who", ["head_a", "staff_a", "leader", "head_b"])
def test_only_supervisors_reach_the_assign_table(
    request: pytest.FixtureRequest, login: Login, supervisor: User, dept_a: Department, who: str
) -> None:
    result = report_import(user=supervisor, data=reference_bytes(), filename="jilin.txt")
    client = login(request.getfixturevalue(who))
    url = f"/reports/{result.report.pk}/assign/"
    assert client.get(url).status_code == 404
    data = _post(list(result.tasks), lead_department=str(dept_a.pk), due_on=DUE.isoformat())
    assert client.post(url, data).status_code == 404
    assert not Task.objects.filter(status=Status.ASSIGNED).exists()
