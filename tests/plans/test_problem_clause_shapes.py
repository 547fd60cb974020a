"""Problem-side shapes of documents nobody tuned for (r13v, eleventh session), written anew —
not any document's text — each beside a text of the same shape that must stay silent."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

# --- 1. a work report's difficulties paragraph: one problem per clause ---------------------------

WORK_REPORT = """某某市人民政府工作报告
一、过去一年工作回顾
过去一年，全市地区生产总值增长5.6%，城镇新增就业8万人。
我们也清醒看到，全市发展面临的风险挑战明显增多。外部环境更趋复杂严峻，世界经济复苏乏力。本市经济运行面临投资放缓、消费疲软、预期偏弱等多重压力。汛期灾害时有发生。工业增长后劲不足，外贸出口难度加大，煤电油气供应仍然偏紧，小微企业、个体工商户经营困难，稳就业任务更加艰巨。科技创新能力不强。一些区县财政收支矛盾突出，化解债务风险任务依然繁重。生态环境治理任重道远。民生领域还有不少短板。政府工作存在不足，形式主义、官僚主义现象仍然存在，少数干部不担当、不作为，一些领域腐败问题多发。我们一定要直面问题，尽心竭力做好工作，决不辜负全市人民期待！
二、今年工作安排
（一）扩大有效需求。实施一批重大项目。
"""


def test_a_work_reports_difficulties_give_one_problem_per_clause() -> None:
    data = parsed(WORK_REPORT)
    assert problems(data) == [
        "本市经济运行面临投资放缓、消费疲软、预期偏弱等多重压力",
        "汛期灾害时有发生",
        "工业增长后劲不足",
        "外贸出口难度加大",
        "煤电油气供应仍然偏紧",
        "小微企业、个体工商户经营困难",
        "稳就业任务更加艰巨",
        "科技创新能力不强",
        "一些区县财政收支矛盾突出",
        "化解债务风险任务依然繁重",
        "生态环境治理任重道远",
        "民生领域还有不少短板",
        "政府工作存在不足",
        "形式主义、官僚主义现象仍然存在",
        "少数干部不担当、不作为",
        "一些领域腐败问题多发",
    ]
    items = data["problem_section"]["items"]
    assert "按逗号拆分" in items[2]["reason"]
    # The document's own characters stay (traditional in, traditional out).
    assert "外貿出口難度加大" in problems(
        parsed(WORK_REPORT.replace("外贸出口难度加大", "外貿出口難度加大"))
    )


def test_a_recognition_of_growing_opportunities_in_the_same_shape_gives_none() -> None:
    # The same sentences telling what went well: no problem, whatever the clause count.
    praise = WORK_REPORT.replace(
        WORK_REPORT[WORK_REPORT.index("我们也清醒看到") : WORK_REPORT.index("\n二、")],
        "我们也清醒看到，全市发展面临的机遇明显增多。工业增长势头良好，外贸出口稳中有升，"
        "煤电油气供应总体平稳，小微企业经营回暖，就业形势保持稳定。科技创新能力持续增强。"
        "我们一定要抓住机遇，乘势而上！",
    )
    assert problems(parsed(praise)) == []


# --- 2. a rectification notice: each finding followed by '整改情况：一是…二是…' -------------------

NOTICE = """中共某某区财政局党组关于区委第三巡察组巡察反馈意见整改情况的通报
根据区委巡察工作统一部署，2025年4月至6月，区委第三巡察组对区财政局党组开展了常规巡察。7月10日，巡察组向区财政局党组反馈了巡察意见。按照有关要求，现将整改情况予以公布。
一、整改工作的组织开展情况
局党组高度重视巡察整改工作，成立了整改工作领导小组，制定整改方案，明确责任分工和完成时限。
二、巡察反馈问题整改落实情况
（一）贯彻落实党的路线方针政策和党中央决策部署方面
1.学习贯彻党的创新理论不够深入。整改情况：一是制定局党组理论学习中心组年度学习计划，全年集中学习12次；二是开展专题研讨4次，形成调研报告3篇。
2.落实意识形态工作责任制不到位。整改情况：一是修订意识形态工作责任清单；二是每季度专题研究意识形态工作。
3.服务全区中心工作主动性不强。整改情况：一是建立重点项目资金保障台账；二是组织业务科室走访企业20家。
（二）落实全面从严治党战略部署方面
4.落实主体责任不到位，压力传导层层递减。整改情况：一是签订党风廉政建设责任书35份；二是开展廉政谈话40人次。
5.财政资金监管存在薄弱环节。整改情况：一是开展专项资金检查2次，追回违规资金15.5万元；二是建立资金拨付审核制度。
三、下一步工作打算
一是持续抓好整改落实；二是建立长效机制；三是强化成果运用。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0591-12345678。
"""

FINDINGS = [
    "学习贯彻党的创新理论不够深入",
    "落实意识形态工作责任制不到位",
    "服务全区中心工作主动性不强",
    "落实主体责任不到位，压力传导层层递减",
    "财政资金监管存在薄弱环节",
]


def test_a_rectification_notices_findings_are_the_problems_not_the_measures() -> None:
    data = parsed(NOTICE)
    assert problems(data) == FINDINGS
    assert plans(data) == ["持续抓好整改落实", "建立长效机制", "强化成果运用"]
    section = data["problem_section"]
    assert "整改情况通报" in section["reason"]
    assert "整改情况" in section["items"][0]["reason"]


def test_findings_numbered_otherwise_or_with_the_measures_on_the_next_line() -> None:
    labelled = NOTICE
    for n in range(1, 6):
        labelled = labelled.replace(f"\n{n}.", f"\n问题{n}：", 1)
    next_line = NOTICE.replace("。整改情况：", "。\n整改进展：")
    lines = NOTICE.splitlines()
    one_line = lines[0] + "\n" + " ".join(lines[1:]) + "\n"
    for text in (labelled, next_line, one_line):
        assert problems(parsed(text)) == FINDINGS, text
    # The document's own characters are kept.
    traditional = NOTICE.replace(
        "财政资金监管存在薄弱环节。整改情况", "財政資金監管存在薄弱環節。整改情況"
    )
    assert problems(parsed(traditional))[4] == "財政資金監管存在薄弱環節"


REQUIREMENTS = """某某区财政局关于做好巡察反馈问题整改工作的通知
各科室：
为抓好区委巡察组反馈问题的整改，现将有关事项通知如下：
1.各科室每月5日前报送整改情况：包括已完成事项、未完成事项及原因。
2.整改牵头科室每季度报送整改进展：由办公室汇总后报局党组。
3.整改完成后，各科室于12月底前提交整改报告。
"""


def test_a_notice_asking_for_rectification_reports_gives_no_findings() -> None:
    # '报送整改情况：…' inside a sentence is a request, not a finding's measures.
    assert problems(parsed(REQUIREMENTS)) == []


def test_a_page_cut_in_the_first_findings_measures_gives_that_finding() -> None:
    head = NOTICE[: NOTICE.index("2.落实意识形态")]
    cut = head.replace("。整改情况：", "。\n整改情况：")[:-20]
    assert problems(parsed(cut)) == FINDINGS[:1]
    # A later finding alone (a page starting in the middle of the list) is not read so.
    later = NOTICE[: NOTICE.index("3.服务全区")].replace(
        "1.学习贯彻党的创新理论不够深入。整改情况：", ""
    )
    assert "落实意识形态工作责任制不到位" not in problems(parsed(later))


# --- 3. problems told field by field after a colon, the lines broken inside the clauses ---------

BY_FIELD = """在全县重点工作推进会上的讲话
同志们：
下面，我讲三点意见。
一、进一步强化抓好当前重点工作的责任担当
今年以来，全县安全生产形势持续稳定，生态环保各项任务扎实推进。
同时，也应看到工作中存在的问题和薄弱环节：
安全生产方面，
企业主体责任落实不到位，
安全管理不严、不细，职工安全意识不强；
食药安全方面，
食品安全监管能力不足，日常监督检查不够到位
，整体监管水平不高；
生态环保方面，
督察反馈问题整改进度偏慢。
二、狠抓工作落实
"""

BY_FIELD_PROBLEMS = [
    "企业主体责任落实不到位，安全管理不严、不细，职工安全意识不强",
    "食品安全监管能力不足，日常监督检查不够到位，整体监管水平不高",
    "督察反馈问题整改进度偏慢",
]


def test_problems_told_field_by_field_give_one_problem_a_field() -> None:
    data = parsed(BY_FIELD)
    assert problems(data) == BY_FIELD_PROBLEMS
    assert "按领域分组" in data["problem_section"]["items"][0]["reason"]
    # The same list on the intro's own line.
    start = BY_FIELD.index("安全生产方面")
    end = BY_FIELD.index("二、狠抓")
    one_line = (
        BY_FIELD[:start].rstrip("\n")
        + BY_FIELD[start:end].replace("\n", "")
        + "\n二、狠抓工作落实\n"
    )
    assert problems(parsed(one_line)) == BY_FIELD_PROBLEMS


def test_work_told_field_by_field_without_a_problems_intro_gives_none() -> None:
    # The same layout reporting work done, after '分领域推进：' (no admission): no problem.
    done = BY_FIELD.replace("同时，也应看到工作中存在的问题和薄弱环节：", "各项工作分领域推进：")
    for shortfall, work in (
        ("企业主体责任落实不到位", "企业主体责任全面落实"),
        ("安全管理不严、不细，职工安全意识不强", "安全管理严格规范，职工安全意识增强"),
        ("食品安全监管能力不足，日常监督检查不够到位", "食品安全监管能力提升，日常监督检查到位"),
        ("，整体监管水平不高", "，整体监管水平提高"),
        ("督察反馈问题整改进度偏慢", "督察反馈问题全部整改"),
    ):
        done = done.replace(shortfall, work)
    assert problems(parsed(done)) == []
