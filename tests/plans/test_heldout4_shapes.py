"""Shapes the held-out sets 1–4 showed the reader missing (docs/notes/issue-13.md, 'Shapes that
still fail'; tests/fixtures/corpus-heldout-4/README.md), each written anew here — not the
documents' text — with the negatives that keep the new rules from reading too much."""

from __future__ import annotations

from typing import Any

from plans.parsing import is_chrome, parse_report, strip_watermark


def problems(data: dict[str, Any]) -> list[str]:
    section = data["problem_section"]
    return [item["text"].rstrip("。；;") for item in section["items"]] if section else []


def plans(data: dict[str, Any]) -> list[str]:
    section = data["plan_section"]
    return [item["title"].rstrip("。；;") for item in section["items"]] if section else []


def reasons(data: dict[str, Any], key: str) -> list[str]:
    section = data[key]
    return [section["reason"]] + [item["reason"] for item in section["items"]] if section else []


def parsed(text: str) -> dict[str, Any]:
    return parse_report(text).to_dict()


# --- a whole report run together in one paragraph --------------------------------------------


RUN_ON = (
    "某街道2023年社区治理工作总结今年以来，街道围绕基层治理现代化，扎实推进各项工作。"
    "一、主要做法一是建强网格队伍，全街道划分网格42个。二是完善议事协商机制。"
    "二、存在问题(一)网格员流动性大，队伍不够稳定。(二)居民参与议事的积极性不高。"
    "(三)信息平台数据更新滞后，部分数据不准确。"
    "三、下一步工作计划(一)稳定网格队伍，提高网格员待遇。(二)拓宽居民参与渠道，每季度开展一次议事活动。"
)


def test_headings_inside_one_running_paragraph_are_read() -> None:
    data = parsed(RUN_ON)
    assert problems(data) == [
        "网格员流动性大，队伍不够稳定",
        "居民参与议事的积极性不高",
        "信息平台数据更新滞后，部分数据不准确",
    ]
    assert plans(data) == [
        "稳定网格队伍，提高网格员待遇",
        "拓宽居民参与渠道，每季度开展一次议事活动",
    ]
    assert "行文中" in data["problem_section"]["reason"]


def test_run_on_sections_keep_the_paragraph_as_their_source() -> None:
    data = parsed("前言一行\n" + RUN_ON)
    assert {item["source"]["paragraph"] for item in data["plan_section"]["items"]} == {1}
    assert data["problem_section"]["items"][0]["source"]["locator"] == "第 2 行"


def test_a_run_on_heading_followed_by_a_year_and_its_sentence() -> None:
    data = parsed(
        "一、基本情况本年度我办共受理来信86件，全部按期办结。二、存在的主要问题2022年，我办在工作中"
        "仍有一些不足。一是答复质量参差不齐。二是跟踪回访做得不够。三、下一步打算1、规范答复流程，"
        "统一答复格式。2、建立回访台账。"
    )
    assert problems(data) == ["答复质量参差不齐", "跟踪回访做得不够"]
    assert plans(data) == ["规范答复流程，统一答复格式", "建立回访台账"]


def test_run_on_split_across_two_long_paragraphs() -> None:
    data = parsed(
        "现将本局年度工作报告如下。一、公开情况全年主动公开信息120条，其中政策文件18条、"
        "工作动态102条，按时更新栏目内容。\n"
        "二、申请办理情况全年未收到公开申请。三、存在的主要问题一是栏目维护不及时。二是解读材料偏少。"
        "四、今后改进方向1、加强栏目维护。2、丰富解读形式。"
    )
    assert problems(data) == ["栏目维护不及时", "解读材料偏少"]
    assert plans(data) == ["加强栏目维护", "丰富解读形式"]


def test_numbers_inside_sentences_are_not_headings() -> None:
    # '一、二、' inside a sentence, a date, counts: no sentence end before them, no split.
    data = parsed(
        "本年度共开展培训三次，分一、二、三季度进行，参训人员120人次，覆盖全部科室和下属单位，"
        "其中一、二季度以业务知识为主，三季度以案例研讨为主，效果较好，学员满意度较高，"
        "培训记录已归档。"
    )
    assert plans(data) == [] and problems(data) == []


def test_an_unordered_run_of_numbers_is_not_split() -> None:
    # '三、' then '一、' after sentence ends: no document heading sequence, nothing is read.
    data = parsed(
        "会上通报了三项情况。三、存在问题较多的单位要限期整改。一、下一步要加强检查，"
        "确保各项措施落实到位，推动工作取得实效，并把检查结果纳入年度考核。"
    )
    assert problems(data) == [] and plans(data) == []


# --- unnumbered colon labels -------------------------------------------------------------------


def test_colon_labels_inside_a_combined_heading() -> None:
    data = parsed(
        "一、工作开展情况\n全年完成巡查120次。\n二、存在的问题及改进措施\n问题表现在：\n"
        "1.巡查记录不完整。\n2.整改跟踪不到位。\n改进办法：\n1.统一巡查记录格式。\n2.建立整改销号制度。\n"
    )
    assert problems(data) == ["巡查记录不完整", "整改跟踪不到位"]
    assert plans(data) == ["统一巡查记录格式", "建立整改销号制度"]


def test_colon_labels_without_an_enclosing_heading() -> None:
    data = parsed(
        "某所2023年工作小结\n今年全所共办理案件58件，群众满意率98%。\n存在不足：\n"
        "（一）调解员专业水平不高。\n（二）办案场所狭小。\n下一步打算：\n（一）组织调解员轮训。\n"
        "（二）争取改善办案场所。\n"
    )
    assert problems(data) == ["调解员专业水平不高", "办案场所狭小"]
    assert plans(data) == ["组织调解员轮训", "争取改善办案场所"]
    assert any("存在不足" in reason for reason in reasons(data, "problem_section"))


def test_colon_label_with_its_items_on_the_same_line() -> None:
    data = parsed(
        "三、问题与打算\n存在问题：一是资金到位慢；二是项目储备少。\n"
        "工作打算：一是加快资金拨付；二是抓好项目储备。\n"
    )
    assert problems(data) == ["资金到位慢", "项目储备少"]
    assert plans(data) == ["加快资金拨付", "抓好项目储备"]


def test_a_sentence_ending_in_a_colon_is_no_label() -> None:
    # '主要做法是：' or '具体措施：' under achievements do not open a plan or problem section.
    data = parsed(
        "一、工作开展情况\n主要做法：\n1.完善巡查制度。\n2.加强队伍培训。\n"
        "二、工作成效\n全年未发生重大事故。\n"
    )
    assert plans(data) == [] and problems(data) == []


# --- problems and suggestions as '；' clauses in one paragraph -------------------------------


def test_problems_separated_by_semicolons_in_one_paragraph() -> None:
    data = parsed(
        "二、存在问题\n部分站点设施老化，维修资金不足；基层人员业务能力有待提高；"
        "群众参与的主动性不强。\n"
    )
    assert problems(data) == [
        "部分站点设施老化，维修资金不足",
        "基层人员业务能力有待提高",
        "群众参与的主动性不强",
    ]


def test_a_semicolon_sentence_that_is_one_problem_stays_whole() -> None:
    # The second clause explains the first; it names no shortfall of its own.
    data = parsed("二、存在问题\n档案整理工作有待加强；去年新增的卷宗共340卷。\n")
    assert problems(data) == ["档案整理工作有待加强；去年新增的卷宗共340卷"]


def test_suggestions_separated_by_semicolons_under_a_suggestions_heading() -> None:
    data = parsed(
        "一、检查情况\n对三个村进行了检查，总体情况良好。\n二、存在问题\n垃圾分类宣传不够深入。\n"
        "三、工作建议\n开展入户宣讲，发放分类指南；在集市日组织集中清理，动员群众参与；"
        "评选一批“清洁庭院”，以点带面；研究制定长效保洁办法。\n"
    )
    assert plans(data) == [
        "开展入户宣讲，发放分类指南",
        "在集市日组织集中清理，动员群众参与",
        "评选一批“清洁庭院”，以点带面",
        "研究制定长效保洁办法",
    ]
    assert all("分号" in item["reason"] for item in data["plan_section"]["items"])


def test_a_plan_paragraph_that_is_one_sentence_with_one_semicolon_stays_one_item() -> None:
    data = parsed("三、下一步工作打算\n加强队伍建设，提升执法水平；力争年内完成全部培训任务。\n")
    assert len(plans(data)) == 1


# --- which heading words promise future work ---------------------------------------------------


def test_suggestion_headings_are_plan_headings() -> None:
    for heading in ("四、工作建议", "四、意见建议", "四、对策建议", "四、几点建议"):
        data = parsed(
            "某局自查报告\n一、自查情况\n全面检查了12个项目。\n二、存在问题\n1.台账不全。\n"
            f"{heading}\n1.建立统一台账。\n2.定期开展抽查。\n"
        )
        assert plans(data) == ["建立统一台账", "定期开展抽查"], heading


def test_headings_about_suggestions_received_are_not_plan_headings() -> None:
    for heading in ("四、办理人大代表建议", "四、征求意见建议", "四、建议办理情况"):
        data = parsed(
            "某局工作总结\n一、主要工作\n全年完成项目12个。\n"
            f"{heading}\n1.办理代表建议15件。\n2.答复率100%。\n"
        )
        assert plans(data) == [], heading


# --- shortcomings under a causes heading ------------------------------------------------------


def test_shortcomings_under_a_causes_heading_are_problems() -> None:
    data = parsed(
        "关于本月考核排名靠后的检讨\n本月考核我局排名末位，影响了全县工作进度。\n一、原因分析\n"
        "（一）思想认识不到位。对工作的紧迫性认识不足。\n（二）督促检查不够有力。\n"
        "（三）部门协作不够顺畅。\n二、整改措施\n（一）提高思想认识。\n（二）加强督促检查。\n"
    )
    assert problems(data) == ["思想认识不到位", "督促检查不够有力", "部门协作不够顺畅"]
    assert "原因分析" in data["problem_section"]["reason"]
    assert plans(data) == ["提高思想认识", "加强督促检查"]


def test_a_causes_heading_after_a_problem_heading_does_not_replace_it() -> None:
    data = parsed(
        "一、存在问题\n（一）执法记录不规范。\n（二）案卷归档滞后。\n"
        "二、原因分析\n（一）培训不够。\n（二）人手紧张。\n"
    )
    assert problems(data) == ["执法记录不规范", "案卷归档滞后"]


# --- site watermarks ---------------------------------------------------------------------------


def test_watermarks_appended_to_paragraphs_are_stripped() -> None:
    assert strip_watermark("（一）学习不深入。对新规定理解不透。 文稿屋 www.wengaowu.net") == (
        "（一）学习不深入。对新规定理解不透。",
        "文稿屋 www.wengaowu.net",
    )
    assert strip_watermark("一、存在问题 https://www.example.cn/a/12.html") == (
        "一、存在问题",
        "https://www.example.cn/a/12.html",
    )
    assert strip_watermark("全年办结率达100%。优文网") == ("全年办结率达100%。", "优文网")
    assert is_chrome("文稿屋 www.wengaowu.net")
    data = parsed(
        "一、存在问题 文稿屋 www.wengaowu.net\n（一）学习不深入。对新规定理解不透。 文稿屋 www.wengaowu.net\n"
        "（二）调研不经常。 优文网 www.youwen.cn\n"
    )
    assert problems(data) == ["学习不深入", "调研不经常"]
    assert all("www" not in item.get("body", "") for item in data["problem_section"]["items"])


def test_report_text_naming_a_website_is_not_a_watermark() -> None:
    for text in (
        "全年在门户网站www.example.gov.cn公开信息120条。",
        "信息通过县政府网站发布。",
        "群众可登录www.12345.gov.cn反映问题，也可拨打热线。",
        "本局开通了政务服务网",
    ):
        assert strip_watermark(text) == (text, ""), text


# --- a general sentence under a plan heading ---------------------------------------------------


def test_a_cut_general_sentence_under_a_plan_heading_is_no_plan_item() -> None:
    data = parsed(
        "一、工作情况\n全年开展检查36次。\n二、下一步工作打算\n"
        "下一步我们将继续坚持“安全第一”的方针，在巩固已有成效的基础上进一步\n"
    )
    assert plans(data) == []
    assert any("引导语" in warning for warning in data["warnings"])


def test_a_general_introduction_before_the_items_is_no_plan_item() -> None:
    data = parsed(
        "三、今后工作打算\n我们将继续坚持以人民为中心，重点做好以下工作。\n"
        "加强矛盾纠纷排查，做到早发现早化解。\n完善调解组织网络，实现村居全覆盖。\n"
    )
    assert plans(data) == ["加强矛盾纠纷排查，做到早发现早化解", "完善调解组织网络，实现村居全覆盖"]


def test_a_single_concrete_commitment_is_still_a_plan_item() -> None:
    data = parsed("三、下一步工作打算\n建成区级指挥调度平台，年底前投入使用。\n")
    assert plans(data) == ["建成区级指挥调度平台，年底前投入使用"]


# --- model-text sites: masked signature date, related-links line; numbered prose ------------


def test_a_masked_signature_date_and_a_related_links_line_end_the_report() -> None:
    data = parsed(
        "一、检查情况\n检查了五个单位。\n二、下一步打算\n1.开展复查。\n2.通报检查结果。\n"
        "20xx年xx月xx日\n相关范文：年度工作打算范文、检查报告范文、整改报告范文\n"
    )
    assert plans(data) == ["开展复查", "通报检查结果"]
    assert is_chrome("相关范文：年度工作打算范文、检查报告范文、整改报告范文")


def test_a_numbered_point_mentioning_a_furniture_word_does_not_end_the_report() -> None:
    assert not is_chrome("3.平台管理。目前运营微信公众号“某镇发布”。")
    data = parsed(
        "一、总体情况\n1.主动公开。全年公开120条。\n2.平台管理。目前运营微信公众号“某镇发布”。\n"
        "二、存在的主要问题\n1.更新不够及时。\n2.互动回应偏少。\n"
    )
    assert problems(data) == ["更新不够及时", "互动回应偏少"]
