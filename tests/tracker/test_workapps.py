"""DingTalk 工作通知 and WeCom 应用消息 against local servers enforcing their protocol."""

from __future__ import annotations

import pytest

from tests.tracker.fake_workapps import FakeDingTalk, FakeWeCom
from tracker.identity.models import WorkAppToken
from tracker.notifications import workapps
from tracker.notifications.transports import PermanentDeliveryError, TemporaryDeliveryError

pytestmark = pytest.mark.django_db


def test_wecom_message_reaches_the_member_and_the_token_is_reused(wecom: FakeWeCom) -> None:
    workapps.wecom_send(userid="zhangsan", text="【督办】任务即将到期")
    workapps.wecom_send(userid="zhangsan", text="【督办】另一条提醒")
    assert [m["content"] for m in wecom.state.delivered] == [
        "【督办】任务即将到期",
        "【督办】另一条提醒",
    ]
    assert wecom.state.token_fetches == 1  # cached in the database, shared by workers
    assert WorkAppToken.objects.get(platform="wecom").token in wecom.state.tokens


def test_wecom_expired_token_is_renewed_and_the_message_sent_once(wecom: FakeWeCom) -> None:
    workapps.wecom_send(userid="zhangsan", text="第一条")
    wecom.state.expire_tokens()  # WeCom says 42001 although our cache thinks it is valid
    workapps.wecom_send(userid="zhangsan", text="第二条")
    assert wecom.state.token_fetches == 2
    assert [m["content"] for m in wecom.state.delivered] == ["第一条", "第二条"]


def test_wecom_resend_after_a_lost_answer_is_not_shown_twice(wecom: FakeWeCom) -> None:
    workapps.wecom_send(userid="zhangsan", text="同一条提醒")
    workapps.wecom_send(userid="zhangsan", text="同一条提醒")
    assert len(wecom.state.delivered) == 1  # enable_duplicate_check


def test_wecom_unknown_member_is_a_permanent_failure(wecom: FakeWeCom) -> None:
    with pytest.raises(PermanentDeliveryError, match="81013"):
        workapps.wecom_send(userid="nobody", text="提醒")


def test_wecom_wrong_secret_and_wrong_agent_are_permanent(
    wecom: FakeWeCom, settings: pytest.FixtureRequest
) -> None:
    settings.WECOM_AGENT_ID = "999"  # type: ignore[attr-defined]
    with pytest.raises(PermanentDeliveryError, match="301002"):
        workapps.wecom_send(userid="zhangsan", text="提醒")
    settings.WECOM_APP_SECRET = "wrong"  # type: ignore[attr-defined]
    WorkAppToken.objects.all().delete()
    with pytest.raises(PermanentDeliveryError, match="40001"):
        workapps.wecom_send(userid="zhangsan", text="提醒")


def test_wecom_rate_limit_and_outage_are_temporary(wecom: FakeWeCom) -> None:
    wecom.state.per_minute = 2
    workapps.wecom_send(userid="lisi", text="一")
    workapps.wecom_send(userid="lisi", text="二")
    with pytest.raises(TemporaryDeliveryError, match="45009"):
        workapps.wecom_send(userid="lisi", text="三")
    wecom.state.fail_next = [(503, 0)]
    with pytest.raises(TemporaryDeliveryError, match="HTTP 503"):
        workapps.wecom_send(userid="zhangsan", text="四")
    wecom.state.fail_next = [(None, -1)]  # 系统繁忙
    with pytest.raises(TemporaryDeliveryError, match="-1"):
        workapps.wecom_send(userid="zhangsan", text="五")


def test_wecom_long_text_is_cut_to_the_documented_2048_bytes(wecom: FakeWeCom) -> None:
    workapps.wecom_send(userid="zhangsan", text="督办" * 2000)
    assert len(wecom.state.delivered[0]["content"].encode()) <= 2048


def test_dingtalk_work_notice_reaches_the_person(dingtalk: FakeDingTalk) -> None:
    task_id = workapps.dingtalk_send(userid="u001", text="【督办】任务已逾期")
    assert task_id
    assert dingtalk.state.delivered[0]["content"] == "【督办】任务已逾期"
    assert ("POST", "/topapi/message/corpconversation/getsendresult") in dingtalk.state.requests


def test_dingtalk_unknown_userid_is_permanent(dingtalk: FakeDingTalk) -> None:
    with pytest.raises(PermanentDeliveryError, match="x999"):
        workapps.dingtalk_send(userid="x999", text="提醒")


def test_dingtalk_daily_limit_is_temporary_and_duplicate_counts_as_delivered(
    dingtalk: FakeDingTalk,
) -> None:
    dingtalk.state.per_day = 1
    workapps.dingtalk_send(userid="u002", text="提醒一")
    workapps.dingtalk_send(userid="u002", text="提醒一")  # a resend: DingTalk drops it, fine
    with pytest.raises(TemporaryDeliveryError, match="143105"):
        workapps.dingtalk_send(userid="u002", text="提醒二")
    assert len(dingtalk.state.delivered) == 1


def test_dingtalk_token_expiry_permission_and_bad_keys(
    dingtalk: FakeDingTalk, settings: pytest.FixtureRequest
) -> None:
    workapps.dingtalk_send(userid="u001", text="一")
    dingtalk.state.expire_tokens()
    workapps.dingtalk_send(userid="u001", text="二")
    assert dingtalk.state.token_fetches == 2
    settings.DINGTALK_AGENT_ID = "1"  # type: ignore[attr-defined]
    with pytest.raises(PermanentDeliveryError, match="没有调用该接口的权限"):
        workapps.dingtalk_send(userid="u001", text="三")
    settings.DINGTALK_APP_SECRET = "wrong"  # type: ignore[attr-defined]
    WorkAppToken.objects.all().delete()
    with pytest.raises(PermanentDeliveryError, match="40089"):
        workapps.dingtalk_send(userid="u001", text="四")


def test_unreachable_platform_is_temporary(settings: pytest.FixtureRequest) -> None:
    settings.WECOM_API_BASE = "http://127.0.0.1:1"  # type: ignore[attr-defined]
    settings.WECOM_CORP_ID, settings.WECOM_APP_SECRET = "c", "s"  # type: ignore[attr-defined]
    with pytest.raises(TemporaryDeliveryError):
        workapps.wecom_send(userid="zhangsan", text="提醒")
