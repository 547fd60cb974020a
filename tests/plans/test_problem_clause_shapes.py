"""Problem-side shapes of documents nobody tuned for (r13v, eleventh session), written anew —
not any document's text — each beside a text of the same shape that must stay silent."""

from __future__ import annotations

from tests.plans.shapes import parsed, problems

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
