"""每周简报 in the app: the page and the API give the same text as the Monday
e-mail, from the reader's visible tasks; the e-mailed ones are listed too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.tracker.reporting_data import NOW, Scenario
from tracker.org.models import User
from tracker.reporting.services import briefing_summary, briefing_text, briefings_weekly_send


def api(user: User) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "supervisor", "head_a", "head_b"])
def test_the_page_and_the_api_show_the_e_mail_s_briefing_of_the_visible_tasks(
    role: str, scenario: Scenario, request: pytest.FixtureRequest, login: Callable, frozen: None
) -> None:
    user: User = request.getfixturevalue(role)
    page = login(user).get("/briefing/")
    assert page.status_code == 200
    body = page.content.decode()
    answer = api(user).get("/api/v1/briefing/").json()

    def without_anchor(text: str) -> list[str]:
        # The last line is the audit chain's head, which each login moves on.
        return [line for line in text.splitlines() if not line.startswith("审计日志锚点")]

    expected = briefing_text(briefing_summary(user=user, today=NOW.date()), NOW.date())
    assert without_anchor(answer["text"]) == without_anchor(expected)
    assert answer["week"] == "2022-W51" and "逾期" in expected
    for line in without_anchor(expected):
        assert line.strip() in body, line
    # Another division's tasks are not in it.
    others = {"head_a": "执法B", "head_b": "法规A"}
    if role in others:
        assert others[role] not in expected and others[role] not in body


@pytest.mark.django_db
def test_the_e_mailed_briefings_are_listed_on_the_page(
    scenario: Scenario, head_a: User, head_b: User, leader: User, login: Callable, frozen: None
) -> None:
    assert briefings_weekly_send(now=NOW) >= 3
    body = login(head_a).get("/briefing/").content.decode()
    assert "已发送的简报" in body and "督办工作周报（2022年12月20日）" in body
    # Only one's own: head_b's mailed briefing is not on head_a's page.
    mine = body.count("督办工作周报（2022年12月20日）")
    assert mine == 1
