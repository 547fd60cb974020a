"""Shapes the whole-12 check (nine whole documents kept outside the repository) showed the
reader misreading, each written anew here — not the documents' text — with the texts of
the same shape that must still be read."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans

# --- 1. a 工作方案 announcing itself: '现制定…工作方案如下：' is no plan of work ------------

SCHEME = """某某区人民政府办公室关于印发2026年本区河道整治工作方案的通知
各镇人民政府，区政府各部门：
《2026年某某区河道整治工作方案》已经区政府同意，现印发给你们，请认真按照执行。
2026年3月1日
2026年某某区河道整治工作方案
为改善全区水环境质量，结合本区实际，现制定2026年本区河道整治工作方案如下：
一、整治范围
围绕镇级河道、村级河道、小微水体等3类水体开展整治。
（一）镇级河道。清理河道淤积，修复破损护岸。
（二）村级河道。疏通断头河，恢复水系连通。
二、工作步骤
（一）排查阶段（3月至4月）。各镇摸清辖区水体底数。
（二）整治阶段（5月至10月）。各镇按清单完成整治。
"""


def test_a_scheme_drawing_itself_up_yields_no_plan() -> None:
    assert plans(parsed(SCHEME)) == []


def test_a_plan_drawn_up_as_a_work_plan_is_still_read() -> None:
    # The same intro for a 工作计划 (the committed convention: a plan document is read).
    plan = (
        "某镇2026年工作计划\n"
        "为做好全年工作，结合本镇实际，现制定2026年工作计划如下：\n"
        "一、抓好河道整治。清理河道淤积，修复破损护岸。\n"
        "二、抓好农村道路建设。完成村道硬化10公里。\n"
    )
    assert plans(parsed(plan)) == ["抓好河道整治", "抓好农村道路建设"]


# --- 2. a budget's allocation: '预算安排…，其中：' is a breakdown of money, no plan --------

BUDGET = """某某市水务局2026年单位预算
一、单位基本情况
本单位主要职能是负责全市水资源的统一管理。
二、单位预算编制说明
2026年，本单位收入预算1,200万元，支出预算1,200万元。
截至2025年8月31日，本单位共有车辆2辆，其中：执法执勤用车2辆、其他用车0辆。
2026年单位预算安排购置车辆1辆，其中：执法执勤用车1辆；其他用车0辆。
"""


def test_a_budgets_allocation_of_vehicles_yields_no_plan() -> None:
    assert plans(parsed(BUDGET)) == []


def test_a_reports_next_year_arrangements_after_a_colon_are_still_read() -> None:
    report = (
        "某局2025年工作总结\n"
        "一、2025年工作情况\n"
        "全年完成河道清淤20公里。\n"
        "2026年，我局工作安排如下：一是完成河道清淤30公里；二是新建污水管网5公里。\n"
    )
    assert plans(parsed(report)) != []


# --- 3. a closing resolve: '将A，继续在B、C、D等方面下功夫，推动…再上新台阶。' is one task ---

RESOLVE_REPORT = """某市司法局2025年依法行政工作情况报告
一、主要工作
（一）完善制度建设。全年修订规范性文件5件。
（二）加强执法监督。开展执法案卷评查2次。
下一步，我局将认真贯彻《某市法治建设规划》，继续在深化普法宣传、深化执法规范化、深化政务公开等方面下功夫，推动全局依法行政工作再上新台阶。
"""


def test_a_closing_resolve_over_several_fields_is_one_task() -> None:
    data = parsed(RESOLVE_REPORT)
    section = data["plan_section"]
    assert section is not None and len(section["items"]) == 1
    item = section["items"][0]
    assert "继续在深化普法宣传" in item["title"] + (item["body"] or "")
    assert "一项" in item["reason"]


def test_the_same_fields_told_of_the_past_year_give_no_plan() -> None:
    review = RESOLVE_REPORT.replace("下一步，我局将认真贯彻", "今年以来，我局认真贯彻")
    assert plans(parsed(review)) == []
