"""A report's closing, read as such (engineer r14d), in invented text: a plan part written one
paragraph a task (no numbers) ends where the report's closing paragraph begins ('总之，…',
'综上，…', '以上为…，请审阅'), and a sentence that points back at the problems already named
('这些问题都有待…解决', '上述不足亟待改进') names no problem of its own. Beside each, text that
looks alike stays as it was read: a plan paragraph that mentions '总之' later on, and a
sentence naming a problem about the earlier ones ('上述问题整改不到位')."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

PLAN_PARAGRAPHS = (
    "某局关于档案管理问题整改情况的报告\n"
    "一、存在的问题\n"
    "档案整理不及时，部分案卷长期未归档。\n"
    "二、下一步打算\n"
    "我局将在以下方面继续用力：\n"
    "- 开展档案业务培训，提高人员能力；\n"
    "- 每季度抽查一次案卷质量；\n"
    "- 推进档案数字化建设。\n"
)


def test_a_closing_paragraph_ends_a_plan_written_one_paragraph_a_task() -> None:
    text = PLAN_PARAGRAPHS + (
        "总之，通过此次整改，我们认识到档案工作的重要性。今后，我们将以更高的标准做好档案工作。\n"
        "以上为我局档案管理问题整改工作的报告，请审阅。\n"
    )
    assert plans(parsed(text)) == [
        "开展档案业务培训，提高人员能力",
        "每季度抽查一次案卷质量",
        "推进档案数字化建设",
    ]


def test_the_same_closing_words_inside_a_task_are_read_as_before() -> None:
    text = PLAN_PARAGRAPHS + "严格落实归档责任，做到总之有据、件件可查。\n"
    assert plans(parsed(text))[-1].startswith("严格落实归档责任")
    assert len(plans(parsed(text))) == 4


def _report(problem_paragraph: str) -> str:
    return (
        "某中心上半年工作总结\n"
        "一、存在的不足\n" + problem_paragraph + "\n"
        "二、下半年计划\n"
        "1. 完善值班制度\n"
        "2. 加强人员培训\n"
    )


def test_a_sentence_pointing_back_at_the_problems_is_none() -> None:
    data = parsed(
        _report(
            "虽然工作有所进展，但仍有一些不足。例如，部分车辆老化需要更换；部分岗位人手不足影响效率等。"
            "这些问题都有待我们在今后的工作中逐步解决。"
        )
    )
    assert problems(data) == ["部分车辆老化需要更换", "部分岗位人手不足影响效率等"]
    data = parsed(_report("值班记录填写不全，交接不清。上述不足亟待改进。"))
    assert problems(data) == ["值班记录填写不全，交接不清"]


def test_a_problem_about_the_earlier_problems_stays() -> None:
    data = parsed(_report("值班记录填写不全，交接不清。上述问题整改不到位，仍有反复。"))
    assert "上述问题整改不到位，仍有反复" in problems(data)
