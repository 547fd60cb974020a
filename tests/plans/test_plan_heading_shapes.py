"""Plan shapes of the ninth session (engineer r13j): numbered points run into the plan's
introducing line ('…计划如下：一、夯实基础。1.…2.…3.…', sometimes with no stop between the
points), a slogan heading that names the coming year's work ('…全力以赴做好2027年工作'), and a
government work report's '对今年政府工作的建议' after a review numbered like a plan. Invented
texts; each rule has a negative that stays silent. See docs/notes/issue-13.md, section of
engineer r13j."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans

# --- numbered points in the plan's introducing line ------------------------------------------

RUN_ON_PLAN = (
    "某区文旅局2027年宣传工作计划为进一步扩大本区文旅品牌影响力，结合工作实际，制定本年度工作计划如下："
    "一、健全宣传机制，凝聚工作合力。1.压实宣传工作责任2.建立宣传联络员队伍，每季度召开一次联席会议，"
    "通报各单位信息报送情况。3.加强新媒体矩阵建设，每月开展一次选题策划，提升原创内容比重。"
)


def test_unpunctuated_numbered_points_in_the_intro_line_are_the_tasks() -> None:
    data = parsed(RUN_ON_PLAN)
    assert plans(data) == [
        "压实宣传工作责任",
        "建立宣传联络员队伍，每季度召开一次联席会议，通报各单位信息报送情况",
        "加强新媒体矩阵建设，每月开展一次选题策划，提升原创内容比重",
    ]
    reasons = {item["reason"] for item in data["plan_section"]["items"]}
    assert reasons == {"按行文中的编号“1、2、3”拆分（有的编号紧接上一项，前面没有标点）"}


def test_numbered_points_after_a_stop_in_the_intro_line_are_the_tasks() -> None:
    text = (
        "今年以来，我街道共收集居民意见42条，已办结35条。下一步，针对收集的意见，我街道将加大办理力度，"
        "具体措施是： 1、进一步完善老旧小区配套设施，加快加装电梯。 2、加强背街小巷环境整治，"
        "改善居民出行条件。 3、关心关爱独居老人，定期上门走访。"
    )
    assert plans(parsed(text)) == [
        "进一步完善老旧小区配套设施，加快加装电梯",
        "加强背街小巷环境整治，改善居民出行条件",
        "关心关爱独居老人，定期上门走访",
    ]


def test_two_unpunctuated_numbers_are_no_list() -> None:
    # Two numbers with no stop before the second may be a count ('1.完成…2.…' is rare): the
    # intro line is read as before (its clauses).
    text = "下一步，我局将重点做好以下工作：1.压实工作责任2.建立联络员队伍，完善会商机制。"
    items = plans(parsed(text))
    assert "建立联络员队伍" not in items


def test_numbers_that_are_amounts_or_dates_are_no_points() -> None:
    text = (
        "下一步，我局将重点做好以下工作：全年争取专项资金1.5亿元，完成2.3万亩高标准农田建设，"
        "力争3月底前全面开工。"
    )
    items = plans(parsed(text))
    assert all(not item.startswith(("5亿元", "3万亩")) for item in items)
