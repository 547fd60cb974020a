"""What one API list request costs (issue #17, the 1,000,000-task run): the page
is read as rows, not built as model instances."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import pre_init
from django.test import Client
from rest_framework.authtoken.models import Token

from tracker.org.models import Department, User
from tracker.tasks.models import Status, Task

pytestmark = pytest.mark.django_db


def api_client(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.fixture
def built() -> Iterator[Counter[str]]:
    """Model instances built through ``Model.__init__``, by model name."""
    counts: Counter[str] = Counter()

    def count(sender: type, **kwargs: Any) -> None:
        counts[sender.__name__] += 1

    pre_init.connect(count)
    yield counts
    pre_init.disconnect(count)


def make_tasks(n: int, department: Department, creator: User, **fields: Any) -> list[Task]:
    return Task.objects.bulk_create(
        [
            Task(
                title=f"量{i}",
                lead_department=department,
                created_by=creator,
                due_on=dt.date(2030, 1, 1) + dt.timedelta(days=i),
                **fields,
            )
            for i in range(n)
        ]
    )


def test_api_list_and_detail_build_no_model_instances_per_row(
    built: Counter[str], supervisor: User, dept_a: Department, staff_a: User
) -> None:
    tasks = make_tasks(60, dept_a, supervisor, responsible=staff_a, status=Status.IN_PROGRESS)
    client = api_client(supervisor)
    client.get("/api/v1/tasks/")  # warm: the token row and its user
    built.clear()
    body = client.get("/api/v1/tasks/").json()
    assert len(body["results"]) == 50
    assert body["results"][0]["lead_department_name"] == dept_a.name
    assert body["results"][0]["responsible_name"] == staff_a.display_name
    # The request's own user (the token's join) is the only model built the generic way.
    assert built["Task"] == 0 and built["Department"] == 0 and built["User"] <= 1
    built.clear()
    detail = client.get(f"/api/v1/tasks/{tasks[0].pk}/").json()
    assert detail["id"] == tasks[0].pk and detail["lead_department_name"] == dept_a.name
    assert built["Task"] == 0 and built["Department"] == 0
