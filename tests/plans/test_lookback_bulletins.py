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


# An office's report on its own special check ('开展了…专项检查', '现将…情况报告如下'), written
# in traditional characters: the faults it admits ('但存在A、B等問題') are one problem, and its
# dated commitment ('在本月內將…') a task; shown in the document's own characters.
SELF_CHECK = (
    "關於公共場所宣傳欄排查整改的情況報告\n"
    "縣文明辦:\n"
    "按照縣文明辦通知要求,現將我鎮排查整改情況報告如下:\n"
    "6月3日,鎮黨政辦組織6名幹部,開展了為期兩天的專項檢查,排查了12個村的宣傳欄和公益廣告。\n"
    "{found}\n"
)


def test_a_self_check_reports_admitted_faults_and_dated_commitment() -> None:
    data = read(
        SELF_CHECK.format(
            found="通過排查,內容均符合要求,但存在宣傳欄玻璃破損、畫面褪色,部分廣告牌固定不牢等問題。"
            "針對這些問題,鎮黨政辦已安排專人負責,在本月內將全部更換完畢。"
        )
    )
    assert problems(data) == ["宣傳欄玻璃破損、畫面褪色,部分廣告牌固定不牢"]
    assert plan(data) == ["在本月內將全部更換完畢。"]
    assert "专项检查" in data["plan_section"]["reason"]


def test_a_self_check_that_found_nothing_is_silent() -> None:
    data = read(SELF_CHECK.format(found="通過排查,內容均符合要求,未發現不規範問題。"))
    assert problems(data) == []
    assert plan(data) == []
