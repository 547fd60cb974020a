"""Minutes in which no decision is found are still minutes (issue 13, r16a's product decision):
they are not read as a report. A topic that only states the work to come ('二、关于明年重点工作
的安排' over '明年全县将…') is one task, titled by the topic with its aims as the body, and the
preview says that no unit or date was decided; minutes with no such topic give no task and a
warning that says so. No problems section, no report warnings (落款日期, 存在的问题). Every text
is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

AIMS_ONLY = """青山县人民政府常务会议纪要
2026年11月20日，县长主持召开县政府第12次常务会议，研究了以下事项。
一、关于全县冬季安全生产工作情况
会议听取了县应急管理局关于全县冬季安全生产工作情况的汇报。
二、关于明年重点工作的安排
明年全县将围绕高质量发展主线，扩大有效投资，提升城乡品质，保障改善民生。
青山县人民政府办公室  2026年11月22日印发
"""


def test_minutes_whose_topic_only_states_aims_give_one_task_for_the_topic() -> None:
    data = read(AIMS_ONLY)
    assert data["document_kind"] == "minutes"
    assert data["title"] == "青山县人民政府常务会议纪要"
    found = items(data)
    assert len(found) == 1
    assert found[0]["title"] == "关于明年重点工作的安排"
    assert "扩大有效投资" in found[0]["body"]
    assert "没有议定" in found[0]["reason"]
    assert data["problem_section"] is None
    assert not any(w.startswith(("未找到落款日期", "未找到存在的问题")) for w in data["warnings"])
    assert any("未找到议定事项" in w for w in data["warnings"])


STUDIED_AIMS = """青山县人民政府常务会议纪要
〔2026〕12号
现将会议议定事项纪要如下：
一、关于全县冬季安全生产工作情况
会议听取了县应急管理局关于全县冬季安全生产工作情况的汇报。
二、关于明年重点工作的安排
会议研究了明年重点工作。明年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%左右。
"""


def test_a_studied_topic_with_aims_is_one_task_not_a_report_s_plan() -> None:
    data = read(STUDIED_AIMS)
    assert data["document_kind"] == "minutes"
    found = items(data)
    assert [item["title"] for item in found] == ["关于明年重点工作的安排"]
    assert "地区生产总值增长6%左右" in found[0]["body"]


# --- silent negatives -------------------------------------------------------------------------

# Minutes whose topics tell what was heard and judged, nothing to come: no task, a clear warning.
JUDGED_ONLY = """青山县人民政府常务会议纪要
2026年11月20日，县长主持召开县政府第12次常务会议，研究了以下事项。
一、关于全县冬季安全生产工作情况
会议听取了县应急管理局关于全县冬季安全生产工作情况的汇报，认为今年工作成效明显。
二、关于农村人居环境整治工作情况
会议听取了县农业农村局的汇报，认为整治工作扎实有效，群众满意度较高。
青山县人民政府办公室  2026年11月22日印发
"""


def test_minutes_with_nothing_to_come_give_no_task_and_say_so() -> None:
    data = read(JUDGED_ONLY)
    assert items(data) == []
    assert data["problem_section"] is None


# A report on next year's work that names a meeting is no minutes: its plan stays a report's.
REPORT = """青山县应急管理局2026年工作总结和2027年工作安排
一、2026年工作总结
今年以来，我局认真落实县政府常务会议部署，全年未发生较大以上生产安全事故。
二、存在的问题
一是基层监管力量薄弱。二是企业主体责任落实不到位。
三、2027年工作安排
一是开展安全生产治本攻坚行动。二是加强应急救援队伍建设。
"""


def test_a_report_s_plan_stays_the_report_s() -> None:
    data = read(REPORT)
    assert data["document_kind"] == "report"
    assert len(items(data)) == 2
    assert data["problem_section"] is not None


# Minutes whose topics tell only the situation: no task, and the preview says no decision was
# found (not a report's '未找到存在的问题部分').
SITUATION_ONLY = """青山县人民政府常务会议纪要
2026年11月20日，县长主持召开县政府第12次常务会议，研究了以下事项。
一、关于全县冬季安全生产工作情况
今年以来，全县安全生产形势总体平稳，未发生较大以上事故。
二、关于农村人居环境整治工作情况
全县农村人居环境整治扎实有效，群众满意度较高。
青山县人民政府办公室  2026年11月22日印发
"""


def test_minutes_with_no_decision_found_say_so_as_minutes() -> None:
    data = read(SITUATION_ONLY)
    assert data["document_kind"] == "minutes"
    assert items(data) == []
    assert data["problem_section"] is None
    assert data["warnings"][0].startswith("会议纪要中未找到议定事项")
    assert not any("存在的问题" in w or "工作计划" in w for w in data["warnings"])
