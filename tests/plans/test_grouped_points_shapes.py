"""A self-examination whose problem sub-headings sum up the '一是/二是' points under them
('（一）理论学习不够扎实。' then '一是…。二是…。'): the points are the problems, the heading a
summary; also when each point's explanation is on a line of its own and the next point ends
it. A page cut inside a field heading ('（一）在带头强化…、提高') names no problem. Invented
texts with negatives. See docs/notes/issue-13.md, section of engineer r13i."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

GROUPED = """个人对照检查材料
根据单位党组的统一安排，我认真查找了自身存在的不足，现剖析如下。
一、存在的问题
（一）学习不够深入。
一是政治理论学习不够系统。平时满足于读文件、看标题。二是业务知识学习不够及时，对新出台的法规掌握不全。
三是学用结合不够紧密，学了不会用。
（二）服务意识不强。
存在“两多两少”：一是坐在办公室多，深入基层少。
平时下村调研次数不多，了解情况不深。二是布置工作多，跟踪落实少。
对交办事项督促不够，个别事项拖延。
"""


def test_points_under_summing_sub_headings_are_the_problems() -> None:
    assert problems(parsed(GROUPED)) == [
        "政治理论学习不够系统。平时满足于读文件、看标题",
        "业务知识学习不够及时，对新出台的法规掌握不全",
        "学用结合不够紧密，学了不会用",
        "坐在办公室多，深入基层少",
        "布置工作多，跟踪落实少",
    ]


def test_one_point_under_a_sub_heading_leaves_the_heading_the_problem() -> None:
    text = GROUPED.replace(
        "一是政治理论学习不够系统。平时满足于读文件、看标题。二是业务知识学习不够及时，对新出台的法规掌握不全。\n"
        "三是学用结合不够紧密，学了不会用。\n",
        "一是政治理论学习不够系统。平时满足于读文件、看标题。\n",
    )
    assert problems(parsed(text))[0] == "学习不够深入"


CUT_IN_FIELD = """某镇领导班子民主生活会对照检查材料
根据统一部署，班子深入查摆问题，现报告如下。
一、存在的主要问题
对照五个方面，班子深刻检视，发现仍存在一些问题。
（一）在带头强化政治忠诚、提高
"""


def test_a_page_cut_inside_a_field_heading_names_no_problem() -> None:
    data = parsed(CUT_IN_FIELD)
    assert problems(data) == []
    assert any("在此中断" in w for w in data["warnings"])


def test_a_finished_heading_at_the_end_stays_a_problem() -> None:
    text = CUT_IN_FIELD.replace("（一）在带头强化政治忠诚、提高", "（一）在落实整改上还不够彻底。")
    assert problems(parsed(text)) == ["在落实整改上还不够彻底"]
