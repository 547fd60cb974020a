"""Plan shapes the eleventh held-out set showed the reader missing or misreading
(tests/fixtures/corpus-heldout-11/README.md, 'Measurement'), each written anew here — not the
documents' text — with the negatives that keep the rules from reading too much."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document
from tests.plans.shapes import parsed, plans

# --- 1. a news item telling a meeting, with the leader's '一要…二要…' requirements ----------

MEETING_NEWS = """为推动全年重点工作落地见效，2026年2月3日，某某社区召开2025年度网格员工作总结会。会议由社区党委书记王某某主持。街道相关科室负责人到会。
会上，6名网格长依次汇报了一年来的工作情况，谈了存在的不足和今后的打算。
王某某书记对2026年度社区网格工作提出两点要求：
一要提升网格服务的精细程度。各网格要摸清辖区人口底数，做到情况明、底数清，及时回应居民诉求。
二要加强网格队伍的能力建设。要定期组织业务培训，完善考核激励办法，推动网格员从管理向服务转变。
"""


def test_a_meeting_news_item_with_its_leaders_yi_yao_requirements_yields_nothing() -> None:
    data = parsed(MEETING_NEWS)
    assert data["plan_section"] is None and data["problem_section"] is None
    assert data["document_kind"] == "news"
    assert any("会议由" in w for w in data["warnings"])


def test_a_report_telling_its_own_meeting_still_gives_its_plan() -> None:
    # The same meeting told by the office itself ('我社区…'): a report, its plan read.
    report = (
        "某某社区2025年工作总结\n"
        "2025年2月3日，我社区召开网格员工作部署会。会议由社区党委书记主持，部署全年网格工作。\n"
        "一、2025年工作开展情况\n"
        "全年走访居民2000余户，化解矛盾纠纷36件。\n"
        "二、2026年工作计划\n"
        "（一）提升网格服务的精细程度。摸清辖区人口底数，及时回应居民诉求。\n"
        "（二）加强网格队伍的能力建设。定期组织业务培训，完善考核激励办法。\n"
    )
    data = parsed(report)
    assert data["document_kind"] == "report"
    assert plans(data) == ["提升网格服务的精细程度", "加强网格队伍的能力建设"]


def test_yi_yao_points_a_report_says_a_leader_set_give_no_plan() -> None:
    # No chair sentence this time: the line before the points tells, in the third person,
    # that a leader set them — reported speech, not the speaker's own points.
    news = MEETING_NEWS.replace("召开", "举行").replace("会议由社区党委书记王某某主持。", "")
    data = parsed(news)
    assert data["plan_section"] is None


# --- 2. a plan document whose later points are one paragraph each ------------------------

STATION_PLAN = """某社区卫生服务站工作计划
社区卫生服务站是面向辖区居民的基层医疗机构，现将我站2026年工作计划报告如下：
一、抓健康宣教，提高居民防病意识；
我站将利用义诊日、宣传栏和居民微信群，向居民普及慢性病和传染病防治知识。
二、抓签约服务，扩大覆盖面；
以老年人和慢病患者为重点，逐户上门宣传家庭医生签约服务。
三、做好辖区65岁以上老年人的健康体检登记工作，把基本公共卫生服务政策落实到每一户。
四、组织好家庭医生巡诊队，做好慢病随访，使辖区慢病患者的病情能及时得到控制。
五、为保证疫苗接种安全有序，规范冷链管理，设立接种留观区，每日接种情况及时上报。
六、理顺业务工作和社区中心工作的关系，在完成本职工作的同时做好社区交办的各项任务。
新的一年里，我站将尽职尽责，努力使各项工作再上新台阶。
"""


def test_a_plan_documents_points_written_as_one_paragraph_each_are_tasks_too() -> None:
    titles = plans(parsed(STATION_PLAN))
    assert len(titles) == 6
    assert titles[:2] == ["抓健康宣教，提高居民防病意识", "抓签约服务，扩大覆盖面"]
    assert titles[2].startswith("做好辖区65岁以上老年人的健康体检登记工作")
    assert titles[4].startswith("为保证疫苗接种安全有序")
    assert titles[5].startswith("理顺业务工作和社区中心工作的关系")


def test_a_plan_documents_long_points_telling_work_done_give_no_tasks() -> None:
    # The same shape telling what was done ('…了…'): the year's account, no task.
    done = STATION_PLAN.replace("工作计划报告如下", "工作情况报告如下")
    for point, account in (
        ("三、做好辖区", "三、全年完成了辖区"),
        ("四、组织好", "四、组建了"),
        ("五、为保证", "五、为了保证"),
        ("接种留观区", "接种留观区，全年接种了3000余人次"),
        ("六、理顺", "六、理顺了"),
    ):
        done = done.replace(point, account)
    titles = plans(parsed(done))
    assert not any(t.startswith(("全年完成", "组建了", "为了保证", "理顺了")) for t in titles)


def test_the_plan_documents_reason_names_its_title_and_a_long_points_own() -> None:
    data = parsed(STATION_PLAN)
    assert "某社区卫生服务站工作计划" in data["plan_section"]["reason"]
    assert "自成一段" in data["plan_section"]["items"][3]["reason"]


# --- 3. a 工作要点 behind its covering notice, the page cut in its first point -------------

WORK_POINTS_NOTICE = """某县农业农村局关于印发《某县农业农村局2026年工作要点》的通知
各乡镇农技站，局属各单位：
现将《某县农业农村局2026年工作要点》印发给你们，请结合实际抓好落实。
某县农业农村局
2026年3月2日
某县农业农村局2026年工作要点
2026年全县农业农村工作的总体要求是：坚持农业农村优先发展，守牢粮食安全底线，扎实推进乡村全面振兴。
一、巩固提升粮食产能
（一）落实粮食面积。全县粮食播种面积稳定在50万亩以上，"""


def test_a_work_points_notice_cut_in_its_first_point_gives_that_point() -> None:
    data = parsed(WORK_POINTS_NOTICE)
    assert plans(data) == ["巩固提升粮食产能"]
    assert "工作要点" in data["plan_section"]["reason"]


def test_a_work_points_notice_alone_or_cut_in_its_frame_gives_no_task() -> None:
    notice_only = WORK_POINTS_NOTICE.split("某县农业农村局2026年工作要点\n2026")[0]
    frame_only = WORK_POINTS_NOTICE.replace("一、巩固提升粮食产能", "一、指导思想")
    review = WORK_POINTS_NOTICE.replace("一、巩固提升粮食产能", "一、2025年工作回顾")
    for text in (notice_only, frame_only, review):
        assert parsed(text)["plan_section"] is None


def test_a_point_opening_with_a_verb_and_ending_in_luoshi_is_a_task_not_an_account() -> None:
    # '落实' after a verb names what to carry out; '…落实情况' is an account.
    task = WORK_POINTS_NOTICE.replace("一、巩固提升粮食产能", "一、强化耕地保护责任落实")
    account = WORK_POINTS_NOTICE.replace("一、巩固提升粮食产能", "一、耕地保护责任落实情况")
    assert plans(parsed(task)) == ["强化耕地保护责任落实"]
    assert parsed(account)["plan_section"] is None


# --- 4. a task table flattened one cell a line (a web page's table copied as text) ---------

FLAT_TABLE = """某街道2026年重点任务责任清单
序号 |
重点任务 |
分管领导 |
牵头单位 |
完成时限 |
1 |
推进老旧小区改造,完成12个小区的管网更新和外墙修缮,同步 加装电梯8部。 |
赵某 |
城建科 |
2026年10月底前 |
2 |
深化网格化治理,整合综治、城管、民政网格,实现一网统管。 |
钱某 |
综治中心、城管科 |
全年 |
"""


def flat_table(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "page.txt")).to_dict()


def test_a_task_table_flattened_one_cell_a_line_gives_one_task_per_row() -> None:
    data = flat_table(FLAT_TABLE)
    assert data["document_kind"] == "table"
    items = data["plan_section"]["items"]
    assert [item["title"][:7] for item in items] == ["推进老旧小区改", "深化网格化治理"]
    assert items[0]["lead"] == ["城建科"]
    assert items[0]["deadline"]["due_on"] == "2026-10-31"
    assert "每行一个单元格" in data["plan_section"]["reason"]


def test_flattened_cells_of_a_table_without_tasks_or_out_of_step_give_no_table() -> None:
    # A list of names (no task column), and a row missing a cell: the cells no longer come in
    # the header's count, so no row can be trusted.
    names = "参会人员名单\n序号 |\n姓名 |\n单位 |\n职务 |\n1 |\n赵某 |\n城建科 |\n科长 |\n"
    names += "2 |\n钱某 |\n综治中心 |\n主任 |\n"
    ragged = FLAT_TABLE.replace("赵某 |\n", "")
    assert flat_table(names)["document_kind"] != "table"
    assert flat_table(ragged)["document_kind"] != "table"


# --- 5. a speech announcing its points, relaying a meeting's words under them -------------

RELAYING_SPEECH = """同志们：
根据县委安排，县委第一督查组对我镇开展了专项督查。刚才，督查组反馈了督查情况，大家要高度重视，认真抓好整改。
下面，我就抓好督查整改工作，再讲两点意见。
一、压实整改责任，确保反馈问题件件有着落
县委常委会指出，督查发现的问题要逐项建立台账，明确责任人和完成时限。各村、各站所要对号认领，主要负责人亲自抓。
县委常委会强调，要坚持举一反三，既改个性问题，又改共性问题，防止屡改屡犯。
二、健全长效机制，巩固整改成果
各单位要对照反馈问题完善制度，堵塞管理漏洞，把整改成果固化为制度成果。
"""


def test_a_speech_relaying_a_meeting_under_its_announced_points_gives_its_points() -> None:
    data = parsed(RELAYING_SPEECH)
    assert data["document_kind"] == "report"
    assert plans(data) == ["压实整改责任，确保反馈问题件件有着落", "健全长效机制，巩固整改成果"]
    assert "两点意见" in data["plan_section"]["reason"]


def test_the_same_words_told_by_a_news_item_or_a_speech_reviewing_give_no_plan() -> None:
    # No salutation and no '我': a news item telling two bodies' words.
    news = RELAYING_SPEECH.replace("同志们：\n", "").replace("下面，我就", "会议就")
    news = news.replace("对我镇", "对某镇")
    # Points that tell what was done are no tasks, announced or not.
    review = RELAYING_SPEECH.replace(
        "一、压实整改责任，确保反馈问题件件有着落", "一、过去一年整改工作的回顾"
    ).replace("二、健全长效机制，巩固整改成果", "二、整改工作取得的成效")
    for text in (news, review):
        assert parsed(text)["plan_section"] is None
