"""A follow-up check's bulletin ('回头看', engineer r14d), in invented text: an office goes back
to see whether the problems it handed over were fixed, reports '…进行了“回头看”，现将检查情况
通报如下', names the rectification that failed ('…没有得到整改', '…虚假整改') and asks
('…务必…', '…要…', '…组将…'). Read as a supervision bulletin (plans/bulletins.py): each failure a
problem, each request a task. Beside it, a follow-up that found everything fixed stays silent."""

from __future__ import annotations

from tests.plans.test_supervision_bulletins import plan, problems, read

OPENING = (
    "创建工作问题整改“回头看”情况通报\n"
    "10月12日，县创建办对9月交办的问题清单进行了“回头看”，现将检查情况通报如下：\n"
)


def test_a_follow_up_checks_failed_rectifications_and_requests() -> None:
    data = read(
        OPENING + "交办的36个问题中，近一半的问题没有得到整改，个别单位甚至搞虚假整改、以文代改。"
        "各乡镇、各部门务必高度重视，立即组织整改。分管领导要靠前指挥，逐项盯办。"
        "对整改不力的单位，县创建办督导组将约谈主要负责人。\n"
        "2027年10月13日\n"
    )
    assert problems(data) == [
        "近一半的问题没有得到整改",
        "个别单位甚至搞虚假整改、以文代改",
    ]
    assert plan(data) == [
        "各乡镇、各部门务必高度重视，立即组织整改。",
        "分管领导要靠前指挥，逐项盯办。",
        "对整改不力的单位，县创建办督导组将约谈主要负责人。",
    ]


def test_a_follow_up_that_found_everything_fixed_is_silent() -> None:
    data = read(
        OPENING + "交办的36个问题已全部整改到位，群众反映良好。"
        "各乡镇、各部门巩固整改成果，做到问题不反弹。\n"
        "2027年10月13日\n"
    )
    assert problems(data) == []
