"""SMS through the MAS gateway's HTTP interface, against a local gateway that checks the mac."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.tracker.fake_sms import FakeSmsGateway
from tracker.notifications import sms
from tracker.notifications.transports import PermanentDeliveryError, TemporaryDeliveryError


@pytest.fixture
def gateway(settings: pytest.FixtureRequest) -> Iterator[FakeSmsGateway]:
    server = FakeSmsGateway(
        ec_name="吉林省应急管理厅", ap_id="duban", secret="mas-secret", signs={"Sg0001"}
    ).start()
    settings.SMS_GATEWAY_URL = server.url  # type: ignore[attr-defined]
    settings.SMS_EC_NAME = "吉林省应急管理厅"  # type: ignore[attr-defined]
    settings.SMS_AP_ID = "duban"  # type: ignore[attr-defined]
    settings.SMS_SECRET_KEY = "mas-secret"  # type: ignore[attr-defined]
    settings.SMS_SIGN = "Sg0001"  # type: ignore[attr-defined]
    settings.SMS_ADD_SERIAL = ""  # type: ignore[attr-defined]
    yield server
    server.stop()


def test_message_is_delivered_with_a_valid_mac(gateway: FakeSmsGateway) -> None:
    batch = sms.send_sms(mobile="+86 13800000001", text="【督办】任务已逾期 5 个工作日")
    assert batch.startswith("G")
    assert gateway.delivered[0]["mobile"] == "13800000001"
    assert gateway.delivered[0]["content"] == "【督办】任务已逾期 5 个工作日"


def test_wrong_secret_is_a_permanent_failure_and_the_secret_is_never_sent(
    gateway: FakeSmsGateway, settings: pytest.FixtureRequest
) -> None:
    settings.SMS_SECRET_KEY = "wrong"  # type: ignore[attr-defined]
    assert b"wrong" not in sms.sms_request_body(mobile="13800000001", text="x")
    with pytest.raises(PermanentDeliveryError, match="IllegalMac"):
        sms.send_sms(mobile="13800000001", text="提醒")
    assert gateway.delivered == []


def test_wrong_sign_and_user_are_permanent(
    gateway: FakeSmsGateway, settings: pytest.FixtureRequest
) -> None:
    settings.SMS_SIGN = "Sg9999"  # type: ignore[attr-defined]
    with pytest.raises(PermanentDeliveryError, match="IllegalSignId"):
        sms.send_sms(mobile="13800000001", text="提醒")
    settings.SMS_SIGN, settings.SMS_AP_ID = "Sg0001", "other"  # type: ignore[attr-defined]
    with pytest.raises(PermanentDeliveryError, match="InvalidUsrOrPwd"):
        sms.send_sms(mobile="13800000001", text="提醒")


def test_bad_number_fails_before_anything_is_sent(gateway: FakeSmsGateway) -> None:
    with pytest.raises(PermanentDeliveryError, match="格式不正确"):
        sms.send_sms(mobile="0431-88888888", text="提醒")
    assert gateway.delivered == []


def test_rate_limit_and_outage_are_temporary(gateway: FakeSmsGateway) -> None:
    gateway.per_minute = 1
    sms.send_sms(mobile="13800000002", text="一")
    with pytest.raises(TemporaryDeliveryError, match="HTTP 429"):
        sms.send_sms(mobile="13800000002", text="二")
    gateway.fail_next = [503, "SystemBusy"]
    with pytest.raises(TemporaryDeliveryError, match="HTTP 503"):
        sms.send_sms(mobile="13800000003", text="三")
    with pytest.raises(TemporaryDeliveryError, match="SystemBusy"):
        sms.send_sms(mobile="13800000003", text="三")
