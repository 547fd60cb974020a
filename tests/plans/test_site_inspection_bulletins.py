"""A government-website / new-media inspection bulletin (政府网站和政务新媒体检查情况通报, engineer
r16f), in invented text: the findings it lists under each website it names ('（一）某县政府网站'
then '1、栏目…未更新；', or 'XX网站：A；B。' on one line) and the categories it counts
('未提供有效互动功能（3个）' then the accounts named) are the problems, one per finding line or
category. Beside each, a bulletin of the same shape that names sites with nothing wrong stays
silent."""

from __future__ import annotations

from tests.plans.test_supervision_bulletins import problems, read

SITES = (
    "各乡镇人民政府，县直有关部门：\n"
    "县政府办公室于5月中旬组织开展了2027年第二季度全县政府网站检查。现将检查情况通报如下：\n"
    "一、总体情况\n"
    "二、检查情况\n"
    "本次共检查政府网站21家，其中合格网站19家，存在问题的网站2家：\n"
    "（一）县农业农村局网站\n"
    "{first}\n"
    "（二）县市场监管局网站\n"
    "{second}\n"
    "三、工作要求\n"
    "各网站主办单位要加强日常巡查，整改情况于6月10日前报县政府办公室。\n"
)


def test_findings_listed_under_each_named_website_are_problems() -> None:
    data = read(
        SITES.format(
            first="1、乡村振兴专栏信息更新不及时（政策解读、项目公示）；\n2、在线访谈栏目无法打开。",
            second="办事指南栏目三年未更新。",
        )
    )
    assert problems(data) == [
        "乡村振兴专栏信息更新不及时（政策解读、项目公示）",
        "在线访谈栏目无法打开",
        "办事指南栏目三年未更新",
    ]
    reasons = [i["reason"] for i in data["problem_section"]["items"]]
    assert "县农业农村局网站" in reasons[0]
    assert "网站" in data["problem_section"]["reason"]


def test_websites_named_for_good_practice_are_silent() -> None:
    data = read(
        SITES.format(
            first="1、乡村振兴专栏内容丰富，更新及时；\n2、在线访谈栏目办得有特色。",
            second="办事指南栏目要素齐全。",
        ).replace("存在问题的网站", "优秀网站")
    )
    assert problems(data) == []


def test_findings_after_a_website_name_on_one_line() -> None:
    data = read(
        "关于2027年第一季度全区政务新媒体检查情况的通报\n"
        "区政府办公室对全区政务新媒体进行了检查，现将有关情况通报如下：\n"
        "一、检查情况\n"
        "区文旅局网站：互动栏目长期未回复留言；部分链接打开错误。\n"
        "某某街道公众号：连续两个月未更新。\n"
    )
    assert problems(data) == [
        "互动栏目长期未回复留言",
        "部分链接打开错误",
        "连续两个月未更新",
    ]


COUNTED = (
    "市政府办公室关于2027年3月全市政务新媒体检查情况的通报\n"
    "市政府办公室于3月组织对全市政务新媒体进行了全面检测。现将具体情况通报如下：\n"
    "一、出现单项否决情形的政务新媒体名单\n"
    "{first}\n"
    "东山发布（微信）、西湖文旅（新浪微博）\n"
    "二、出现扣分情形的政务新媒体名单\n"
    "（一）{second}\n"
    "北城交警（微信）\n"
    "三、下一步工作要求\n"
    "各地各部门要加强对政务新媒体的管理，整改情况于4月10日前报市政府办公室。\n"
)


def test_counted_categories_of_faults_are_problems() -> None:
    data = read(COUNTED.format(first="未提供有效互动功能（2个）", second="内容更新不及时（1个）"))
    assert problems(data) == ["未提供有效互动功能（2个）", "内容更新不及时（1个）"]
    assert "东山发布" in data["problem_section"]["items"][0]["body"]


def test_counted_categories_of_good_accounts_are_silent() -> None:
    data = read(
        COUNTED.format(first="内容更新及时的账号（2个）", second="互动回应较好的账号（1个）")
    )
    assert problems(data) == []


# A page saved through a legacy code page turns each full-width indentation space into '?':
# '??（一）…' opens every paragraph. The marks are lost indentation, not text: the numbered
# headings read as headings, each finding with the sites it names as its details.
LOST_INDENT = (
    "关于2027年第一季度全省政府网站检查情况的通报\n"
    "    现将第一季度全省政府网站检查情况通报如下。\n"
    "    ??一、总体情况\n"
    "    ??一季度，对全省96家政府网站进行了全面检查，合格率95.8%。\n"
    "    ??二、{part}\n"
    "    ??（一）个别网站内容更新不及时。甲县政府网站、乙局网站未按要求更新的栏目超过5个。\n"
    "    ??（二）互动回应功能作用不强。丙县政府网站存在留言回应时效性差、答复时间滞后等问题。\n"
)


def test_question_marks_of_lost_indentation_do_not_split_headed_findings() -> None:
    data = read(LOST_INDENT.format(part="主要问题"))
    assert problems(data) == ["个别网站内容更新不及时", "互动回应功能作用不强"]


def test_question_marks_of_lost_indentation_in_a_praise_part_are_silent() -> None:
    data = read(
        LOST_INDENT.format(part="主要做法")
        .replace("个别网站内容更新不及时", "各地网站内容更新及时")
        .replace("未按要求更新的栏目超过5个", "按要求更新栏目")
        .replace("互动回应功能作用不强", "互动回应功能作用明显")
        .replace("存在留言回应时效性差、答复时间滞后等问题", "留言回应及时")
    )
    assert problems(data) == []


def test_only_leading_runs_of_question_marks_are_dropped() -> None:
    from plans.reading import normalise_text

    assert normalise_text("  ??（一）个别网站内容更新不及时。") == "（一）个别网站内容更新不及时。"
    assert normalise_text("?（一）问题") == "?（一）问题"
    assert normalise_text("是否整改到位??") == "是否整改到位??"
    assert normalise_text("??") == "??"


REQUIREMENTS = (
    "三、工作要求\n"
    "（一）压实主体责任。从本次检查看，个别单位重视不够，各主办单位要明确专人负责网站维护。\n"
    "（二）落实日常巡查制度。坚持每周自查，各网站单位必须认真落实。\n"
    "（三）限期整改到位。问题网站单位要立即整改，整改情况于6月10日前报县政府办公室。\n"
)


def test_numbered_requirements_after_site_findings_are_tasks() -> None:
    text = SITES.format(
        first="1、乡村振兴专栏信息更新不及时；\n2、在线访谈栏目无法打开。",
        second="办事指南栏目三年未更新。",
    )
    data = read(text[: text.index("三、工作要求")] + REQUIREMENTS)
    assert [i["title"] for i in data["plan_section"]["items"]] == [
        "压实主体责任。",
        "落实日常巡查制度。",
        "限期整改到位。",
    ]
    assert "检查通报" in data["plan_section"]["reason"]


def test_the_same_requirements_after_sites_with_nothing_wrong_are_silent() -> None:
    text = SITES.format(
        first="1、乡村振兴专栏内容丰富，更新及时；\n2、在线访谈栏目办得有特色。",
        second="办事指南栏目要素齐全。",
    ).replace("存在问题的网站", "优秀网站")
    data = read(text[: text.index("三、工作要求")] + REQUIREMENTS)
    assert data["plan_section"] is None or data["plan_section"]["items"] == []


# A bulletin's '三、工作要求' after its '二、存在问题', its points named by what they aim at
# ('（一）思想认识再提高。') and asking in their sentences ('各单位要…'): one task a point.
ASKED = (
    "县政府办公室关于2027年第二季度政务新媒体检查情况的通报\n"
    "各乡镇人民政府，县政府各部门：\n"
    "县政府办公室开展了2027年第二季度政务新媒体检查，现将有关情况通报如下：\n"
    "一、总体情况\n"
    "第二季度，全县政务新媒体共发布信息860条，运行总体平稳。\n"
    "二、存在问题\n"
    "一是部分账号更新不及时，个别账号连续两周未更新。二是互动回应不到位，群众留言回复不及时。\n"
    "三、工作要求\n"
    "（一）思想认识再提高。{first}\n"
    "（二）问题整改再落实。{second}\n"
)


def test_requirement_points_that_ask_in_their_sentences_are_tasks() -> None:
    data = read(
        ASKED.format(
            first="各乡镇、各部门要高度重视政务新媒体工作，明确专人负责。",
            second="各单位要对照问题清单逐项整改，6月30日前报县政府办公室。",
        )
    )
    assert [i["title"] for i in data["plan_section"]["items"]] == [
        "思想认识再提高。",
        "问题整改再落实。",
    ]


def test_requirement_points_that_only_describe_are_silent() -> None:
    data = read(
        ASKED.format(
            first="多数单位已明确专人负责政务新媒体工作。",
            second="多数单位已对照问题清单完成整改。",
        )
    )
    assert data["plan_section"] is None or data["plan_section"]["items"] == []


# '要闻' (news items) asks nothing: a bulletin's parts that count its sites' 政务要闻 are not
# requirements of a notice, whose '通报如下：' they follow.
NEWS_COUNTED = (
    "县政府办公室关于2027年第二季度政府网站检查情况的通报\n"
    "各乡镇人民政府，县政府各部门：\n"
    "县政府办公室开展了2027年第二季度政府网站检查，现将有关情况通报如下：\n"
    "一、总体情况\n"
    "第二季度，县政府网站共发布信息960条，其中：政务要闻412条。\n"
    "二、存在问题\n"
    "多数单位能及时转发相关要闻，但个别单位信息更新频次较少。\n"
    "三、工作要求\n"
    "（一）思想认识再提高。各乡镇、各部门要高度重视网站工作，明确专人负责，切实\n"
)


def test_parts_that_count_news_items_are_no_requirements() -> None:
    data = read(NEWS_COUNTED)
    titles = [i["title"] for i in data["plan_section"]["items"]] if data["plan_section"] else []
    assert "总体情况" not in titles
    assert "存在问题" not in titles


def test_one_requirement_the_page_was_cut_in_is_a_task() -> None:
    data = read(NEWS_COUNTED)
    assert [i["title"] for i in data["plan_section"]["items"]] == ["思想认识再提高。"]
    assert "中断" in data["plan_section"]["reason"]


def test_one_whole_requirement_alone_stays_silent() -> None:
    data = read(NEWS_COUNTED.replace("明确专人负责，切实\n", "明确专人负责。\n"))
    assert data["plan_section"] is None or data["plan_section"]["items"] == []
