"""A self-review's numbered shortfalls, some of which go on, after '因此/所以', to what the
writer must do from now on ('因此在以后的工作中必须…', '因此，只有…对以后的…实行…'): the
shortfall is a problem, the remedy one task. A consequence told with '因此' that promises
nothing ('因此今后一段时间任务仍然繁重') stays inside its problem. Every text is invented."""

from __future__ import annotations

from tests.plans.shapes import parsed, plans, problems

REVIEW = """回顾上半年的工作，有成绩也有不足。成绩的取得离不开站领导的关心和同事们的支持，而不足则主要源于本人在管理上的欠缺，经过认真反思，本人的不足主要有以下几点：
一、档案整理不及时，归档拖延，因此，只有从自身做起，严格要求自己，对以后经手的每份档案当日整理归档，才能把工作做细。
二、与各科室沟通不够，对领导交办事项理解不准，有时返工，影响了工作进度。
三、接待工作缺乏主动性：特别是在人手紧张的时候，接待来访群众不够耐心，群众有意见。因此在今后的工作中必须改进接待方式，让来访群众满意而归。
四、业务学习不够深入，对新出台的政策掌握不全面。
"""


def test_a_remedy_after_therefore_in_a_shortfall_point_is_a_task() -> None:
    data = parsed(REVIEW)
    assert problems(data) == [
        "档案整理不及时，归档拖延",
        "与各科室沟通不够，对领导交办事项理解不准，有时返工，影响了工作进度",
        "接待工作缺乏主动性",
        "业务学习不够深入，对新出台的政策掌握不全面",
    ]
    titles = plans(data)
    assert len(titles) == 2
    assert titles[0].startswith("只有从自身做起")
    assert "对以后经手的每份档案当日整理归档" in titles[0]
    assert titles[1].startswith("在今后的工作中必须改进接待方式")
    items = data["plan_section"]["items"]
    assert all("因此" in item["reason"] for item in items)
    # The problem keeps what went wrong, not the remedy.
    third = data["problem_section"]["items"][2]
    assert "必须改进" not in third["body"]


def test_a_consequence_after_therefore_is_no_remedy() -> None:
    # '因此' tells what follows from the shortfall, no promise of the writer's: problems only.
    consequence = REVIEW.replace(
        "因此，只有从自身做起，严格要求自己，对以后经手的每份档案当日整理归档，才能把工作做细。",
        "因此，以后查阅档案时经常找不到材料。",
    ).replace(
        "因此在今后的工作中必须改进接待方式，让来访群众满意而归。",
        "因此今后一段时间接待任务仍然繁重。",
    )
    data = parsed(consequence)
    assert len(problems(data)) == 4
    assert plans(data) == []
