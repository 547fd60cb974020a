"""A notice that issues a division scheme and goes straight on to its own numbered points, with
no '如下要求：' (issue 13): '现将《…分工落实方案》印发给你们，请认真贯彻实施。' then '一、高度重视，
认真研究政策。各县区、各部门要…' — each point asking someone to act is a task, and the preview
says they are the notice's own requirements. The scheme after them ('1. …（牵头单位：…') is no
part of the last point. A notice whose signature and the issued document's title come between
the issuing sentence and the points, and a notice of arrangements, stay silent on this rule.
Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import items, read

ISSUED = """某政办字 〔2025〕3号
各县区人民政府，市政府各部门、各直属机构：
为深入贯彻落实《某省人民政府关于推动制造业高质量发展的意见》，经市政府同意，现将《某市推动制造业高质量发展分工落实方案》（以下简称《方案》）印发给你们，请认真贯彻实施。
一、提高认识，认真研究政策。各县区、各部门要强化组织领导，对照《方案》所承担的目标任务，认真学习研究，找准着力点。
二、压实责任，推动工作落实。各牵头单位要统筹落实任务事项，制定工作推进方案，明确时间表、路线图。各参与单位要主动作为，积极配合。
三、加强督导，健全推进机制。市工业和信息化局负责《方案》工作任务的统一督导调度，要建立健全工作推进机制，及时协调解决困难和问题。
1. 某市制造业增加值占地区生产总值比重稳步提高，形成一批可复制可推广的经验。（牵头单位：市工业和信息化局
"""


def test_a_notice_issuing_a_scheme_then_its_own_points_gives_them_as_tasks() -> None:
    data = read(ISSUED)
    got = items(data)
    assert [i["title"] for i in got] == [
        "提高认识，认真研究政策。",
        "压实责任，推动工作落实。",
        "加强督导，健全推进机制。",
    ]
    assert "对照《方案》所承担的目标任务" in got[0]["body"]
    assert "可复制可推广" not in got[2]["body"]
    assert "印发给你们，请认真贯彻实施”之后直接列出编号要点" in data["plan_section"]["reason"]


SIGNED_THEN_SCHEME = """某政办字 〔2025〕3号
各县区人民政府，市政府各部门：
经市政府同意，现将《某市推动制造业高质量发展分工落实方案》印发给你们，请认真贯彻实施。
某市人民政府办公室
2025年3月1日
某市推动制造业高质量发展分工落实方案
一、总体要求。各地要以推动高质量发展为主题，坚持稳中求进。
二、主要目标。各县区要确保到2027年制造业增加值占比稳步提高。
"""

ARRANGEMENTS = """各科室：
现将《某局2025年春节值班安排》印发给你们，请认真执行。
一、值班时间：2025年1月28日至2月4日。
二、值班地点：局办公楼一楼值班室。
"""


def test_a_signed_notice_before_its_scheme_and_a_notice_of_arrangements_stay_silent() -> None:
    assert items(read(SIGNED_THEN_SCHEME)) == []
    assert items(read(ARRANGEMENTS)) == []
