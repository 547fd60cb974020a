"""Error pages speak Chinese."""

from __future__ import annotations

import pytest
from django.test import Client

from tracker.org.models import User


@pytest.mark.django_db
def test_missing_page_is_a_chinese_404(staff_a: User, login) -> None:  # type: ignore[no-untyped-def]
    response = login(staff_a).get("/tasks/999999/")
    assert response.status_code == 404
    assert "页面不存在，或您无权查看" in response.content.decode()


@pytest.mark.django_db
def test_forbidden_page_is_a_chinese_403(staff_a: User, login) -> None:  # type: ignore[no-untyped-def]
    response = login(staff_a).get("/tasks/new/")
    assert response.status_code == 403
    assert "您没有权限执行此操作" in response.content.decode()
    assert Client().get("/tasks/new/").status_code == 302
