"""A page that is nothing but a numbered list of things to do (an office's key work for next
month), with no title, no heading and no sentence around it. Invented texts; the negatives
(achievements, problems, a list with a point of another kind) must stay silent. See
docs/notes/issue-13.md, section of engineer r13i."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

MONTH_LIST = """1.举办第12届丰收节活动，做好全镇农产品展销布置。
2.加快推进安置小区建设，适时举行二期开工仪式。按节点做好交房准备。
3.持续推进招商引资，做好存量厂房盘活。
4.常态化开展河道保洁及村庄清洁行动。
5.做好秋季开学和校园周边安全工作。
"""


def test_a_bare_numbered_list_of_things_to_do_is_the_plan() -> None:
    data = parsed(MONTH_LIST)
    assert plans(data) == [
        "举办第12届丰收节活动，做好全镇农产品展销布置",
        "加快推进安置小区建设，适时举行二期开工仪式",
        "持续推进招商引资，做好存量厂房盘活",
        "常态化开展河道保洁及村庄清洁行动",
        "做好秋季开学和校园周边安全工作",
    ]
    assert "没有标题" in data["plan_section"]["reason"]
    assert problems(data) == []


def test_a_bare_list_of_work_done_gives_nothing() -> None:
    text = """1.举办了第12届丰收节活动，参与群众3000余人。
2.加快推进安置小区建设，二期已开工。
3.持续推进招商引资，全月签约项目4个。
4.常态化开展河道保洁，清理河道12条。
"""
    data = parsed(text)
    assert plans(data) == []


def test_a_list_with_one_point_of_another_kind_gives_nothing() -> None:
    text = MONTH_LIST.replace("3.持续推进招商引资，做好存量厂房盘活。", "3.安置小区建设进度偏慢。")
    assert plans(parsed(text)) == []


def test_two_points_are_no_list() -> None:
    text = "1.做好秋季开学工作。\n2.常态化开展河道保洁。\n"
    assert plans(parsed(text)) == []
