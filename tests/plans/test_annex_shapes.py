"""Plan shapes outside the numbered headings: an annex listing numbered tasks (a government
work report's '附件 某市2027年民生实事', a notice's attached task list) and a speech whose
points open '一要…二要…三是要…'. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans

REPORT_WITH_ANNEX = """2027年某市政府工作报告
各位代表：
现在，我代表市人民政府向大会报告工作，请予审议。
一、2026年工作回顾
过去一年，我们全力稳增长、促改革、惠民生，全市生产总值增长5.2%。
二、2027年重点工作
（一）加快产业转型升级。实施技术改造项目80个，培育专精特新企业20家。
（二）持续保障和改善民生。新增城镇就业2万人，新建养老服务中心5个。
附件
2027年市民生实事
1.新建改建城市公园8个，新增绿道30公里；改造老旧小区40个（牵头单位：市住建局）。
2.为全市65岁以上老年人免费提供健康体检服务（牵头单位：市卫健委）。
3.新增公办幼儿园学位3000个，改造农村学校食堂20所（牵头单位：市教育局）。
"""


def test_an_annex_of_numbered_livelihood_projects_adds_one_task_per_line() -> None:
    data = parsed(REPORT_WITH_ANNEX)
    assert plans(data) == [
        "加快产业转型升级",
        "持续保障和改善民生",
        "新建改建城市公园8个，新增绿道30公里",
        "为全市65岁以上老年人免费提供健康体检服务",
        "新增公办幼儿园学位3000个，改造农村学校食堂20所",
    ]
    items = data["plan_section"]["items"]
    # The last heading's body no longer runs on into the annex.
    assert "民生实事" not in items[1]["body"]
    assert "附件“2027年市民生实事”" in items[2]["reason"]
    assert "附件“2027年市民生实事”" in data["plan_section"]["reason"]
    assert "牵头单位：市住建局" in items[2]["body"]


def test_an_annex_that_is_no_task_list_adds_nothing() -> None:
    # A statistics table or a list of names attached to the report: no tasks.
    for title in ("2026年市民生实事完成情况", "2026年度先进集体名单"):
        data = parsed(REPORT_WITH_ANNEX.replace("2027年市民生实事", title))
        assert plans(data) == ["加快产业转型升级", "持续保障和改善民生"]


NOTICE_WITH_TASK_LIST = """各乡镇人民政府，县直各有关单位：
经县政府同意，现将《2027年县政府工作报告任务清单》印发给你们，请认真抓好落实。
一、压实责任，闭环管理。各牵头单位要细化措施，明确时限，确保任务按期完成。
二、加强调度，定期通报。各单位要于每季度末报送任务进展情况。
附件：1.2027年县政府工作报告任务清单
2.2027年县民生实事任务分解
某县人民政府办公室
2027年3月10日
附件1
2027年县政府工作报告任务清单
一、县发改局牵头工作（3项）
1.新开工重点项目50个，完成投资120亿元。
2.推进县城供热管网改造工程。
二、县农业农村局牵头工作（2项）
1.新建高标准农田2万亩。
2.建设2个现代农业产业园。
"""


def test_a_notices_attached_task_list_gives_its_tasks_not_the_general_requirements() -> None:
    data = parsed(NOTICE_WITH_TASK_LIST)
    assert plans(data) == [
        "新开工重点项目50个，完成投资120亿元",
        "推进县城供热管网改造工程",
        "新建高标准农田2万亩",
        "建设2个现代农业产业园",
    ]
    assert "附件标题“2027年县政府工作报告任务清单”" in data["plan_section"]["reason"]
    assert not any("未找到下一步工作计划" in warning for warning in data["warnings"])


def test_a_notice_naming_its_attachments_without_them_stays_silent() -> None:
    # The covering notice alone: the file names after '附件：' are no tasks.
    cut = NOTICE_WITH_TASK_LIST.split("附件1\n")[0]
    assert parsed(cut)["plan_section"] is None


SPEECH = """在全镇安全生产工作推进会上的讲话
同志们：
今天召开全镇安全生产工作推进会，主要是通报前一阶段工作情况，安排部署下一步工作。刚才，各村汇报了工作进展，我都同意。下面，我再讲几点意见。
一要压实安全责任不放松，守住安全底线。各村、各单位要落实属地管理责任，主要负责人要亲自抓、负总责。
二要聚焦重点领域隐患排查，做到不留死角。目前排查出的隐患整改还不够及时，各部门要加大检查力度，建立隐患台账。
三是要强化应急值守，确保信息畅通。各单位要严格落实领导带班和24小时值班制度。
"""


def test_a_speech_whose_paragraphs_open_yi_yao_er_yao_gives_one_task_per_point() -> None:
    data = parsed(SPEECH)
    assert plans(data) == [
        "压实安全责任不放松，守住安全底线",
        "聚焦重点领域隐患排查，做到不留死角",
        "强化应急值守，确保信息畅通",
    ]
    assert "一要" in data["plan_section"]["reason"]


def test_points_of_work_done_or_a_single_yi_yao_give_no_plan() -> None:
    # '一是…二是…' without '要' tells what was done; one '一要' alone is no list.
    done = SPEECH.replace("一要", "一是").replace("二要", "二是").replace("三是要", "三是")
    done = done.replace("压实安全", "压实了安全").replace("聚焦重点", "聚焦了重点")
    single = SPEECH.split("二要")[0]
    for text in (done, single):
        assert parsed(text)["plan_section"] is None


BULLETIN = """各乡镇人民政府，县直各单位：
为做好政务新媒体管理工作，县政府办于近期组织开展了2027年一季度政务新媒体检查，现将检查情况通报如下：
一、检查基本情况
经检查，全县共有政务新媒体32个，一季度共发布信息1200条，整体运行平稳。
二、存在的主要问题
部分账号更新不及时，个别账号长期未更新。留言回复不够及时，互动效果较差。
三、工作要求
（一）压实主管主办责任。各单位要明确专人负责账号日常管理，做到有人管、管得好。
（二）规范信息发布审核。各单位要严格落实先审后发制度，确保内容准确。
"""


def test_a_bulletins_requirements_after_its_problems_are_its_tasks() -> None:
    data = parsed(BULLETIN)
    assert plans(data) == ["压实主管主办责任", "规范信息发布审核"]
    assert "三、工作要求" in data["plan_section"]["reason"]
    assert "存在的主要问题" in data["plan_section"]["reason"]


def test_a_notices_requirements_with_no_problems_before_them_stay_silent() -> None:
    # A covering notice's general requirements are no tasks; nor is '通报如下' a plan's intro.
    no_problems = BULLETIN.replace(
        "二、存在的主要问题\n部分账号更新不及时，个别账号长期未更新。留言回复不够及时，互动效果较差。\n",
        "",
    ).replace("三、工作要求", "二、工作要求")
    assert parsed(no_problems)["plan_section"] is None


ANNUAL = """某区2027年政府信息公开工作年度报告
一、总体情况
2027年，我区主动公开政府信息1500条，办理依申请公开30件。
五、存在的主要问题及改进情况
对照新要求，还有一些需要改进的地方。主要表现在：一是政策解读形式较为单一；二是基层公开人员业务水平不高。
针对存在问题，下一步，我区将着力丰富政策解读形式，推出更多图解和短视频解读产品，积极回应群众关切；建立健全业务培训机制，定期组织基层公开人员集中培训，提升队伍能力。
"""


def test_a_promise_sentence_of_measures_separated_by_semicolons_gives_one_task_each() -> None:
    data = parsed(ANNUAL)
    assert plans(data) == [
        "着力丰富政策解读形式，推出更多图解和短视频解读产品，积极回应群众关切",
        "建立健全业务培训机制，定期组织基层公开人员集中培训，提升队伍能力",
    ]
    assert "分号" in data["plan_section"]["items"][1]["reason"]


def test_a_promise_sentence_whose_semicolon_gives_no_second_measure_stays_one() -> None:
    # After the '；' what the measure brings, not another measure: one task.
    text = ANNUAL.replace("；建立健全业务培训机制，", "；群众满意度")
    assert len(plans(parsed(text))) == 1


ANSWER_IN_POINTS = """某县2027年政府信息公开工作年度报告
一、总体情况
2027年，我县主动公开政府信息900条。
五、政府信息公开工作存在的主要问题及改进情况
对照群众需求，仍存在短板：一是公开栏目更新不够及时。二是依申请答复规范性需进一步提升。
针对上述问题，我县坚持问题导向，精准施策，推动政务公开工作提质增效；
一是完善栏目更新机制，明确各栏目责任人，定期检查更新情况。
二是规范答复文书。统一答复文书格式，加强法律审核。三是强化业务培训，每季度组织一次集中培训。
"""


def test_an_answers_points_written_over_several_paragraphs_give_one_task_each() -> None:
    data = parsed(ANSWER_IN_POINTS)
    titles = plans(data)
    assert len(titles) == 3
    for title, start in zip(
        titles, ("完善栏目更新机制", "规范答复文书", "强化业务培训"), strict=True
    ):
        assert title.startswith(start)
    assert "分段" in data["plan_section"]["items"][0]["reason"]


def test_an_answer_with_a_single_point_after_it_gives_no_list() -> None:
    text = ANSWER_IN_POINTS.split("二是规范答复文书")[0]
    assert len(plans(parsed(text))) <= 1


ABSTRACT = """某县2027年会议精简情况自查报告
某县2027年会议精简情况自查报告 时间:2027年12月 摘要: 2027年,各地纷纷开展了精简会议活动;以提高机关工作效率和服务水平。本报告对我县会议情况进行了自查。
"""


def test_an_abstracts_label_is_no_plan_intro() -> None:
    # '摘要:' ends in 要 but announces an abstract, not '我们要：'.
    assert parsed(ABSTRACT)["plan_section"] is None


def test_a_sentence_ending_in_yao_before_its_colon_still_introduces_the_plan() -> None:
    text = "2028年，我们要：一是加快项目建设，新开工项目20个；二是抓好招商引资，引进企业10家。"
    assert len(plans(parsed(text))) == 2
