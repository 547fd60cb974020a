"""A higher office's notice or circular whose situation paragraph admits what is still wrong
('但也要看到，有的…；有的…', '…暴露出部分…；个别…', engineer r13z), in invented text: each '；'
clause of the admission is one problem. Beside it, a notice describing the same kind of clauses
neutrally ('有的地方已经…') stays silent."""

from __future__ import annotations

from typing import Any

from plans.documents import parse_document
from plans.reading import read_document


def read(text: str) -> dict[str, Any]:
    return parse_document(read_document(text.encode("utf-8"), "n.txt")).to_dict()


def problems(data: dict[str, Any]) -> list[str]:
    return [i["text"] for i in data["problem_section"]["items"]] if data["problem_section"] else []


REQUIREMENTS = (
    "一、严格控制会议文件数量\n"
    "各地各部门要精简会议，能合并的合并，能套开的套开，年底前完成清理。\n"
    "二、规范督查检查考核\n"
    "省政府督查室要会同有关部门统筹年度督查计划，减少重复检查。\n"
    "省人民政府办公厅\n"
    "2027年3月2日\n"
)

ADMITTED = (
    "某省人民政府办公厅关于进一步做好基层减负工作的通知\n"
    "各市、县人民政府，省政府各部门：\n"
    "近年来，各地各部门围绕精简会议文件、规范督查检查出台了一批措施，取得了积极进展。"
    "但也要看到，有的地方会议文件仍然偏多，层层加码的现象没有根本扭转；"
    "有的部门督查检查名目繁多，基层迎检负担较重；考核指标设置还不够科学等。"
    "为进一步巩固成果，现就有关事项通知如下。\n" + REQUIREMENTS
)

FOUND = (
    "某省人民政府办公厅关于三起火灾事故的通报\n"
    "各市、县人民政府，省政府各部门：\n"
    "经调查认定，这三起火灾事故均为责任事故。事故暴露出部分单位消防安全主体责任不落实，"
    "隐患排查走过场；个别地方监管部门执法偏宽偏软，没有做到闭环管理；少数企业违规存放易燃物品。"
    "目前，有关责任人员已经受到处理。现就有关事项通知如下。\n" + REQUIREMENTS
)

NEUTRAL = (
    "某省人民政府办公厅关于进一步做好基层减负工作的通知\n"
    "各市、县人民政府，省政府各部门：\n"
    "近年来，各地各部门积极行动，有的地方已经建立了会议文件统筹制度；"
    "有的部门出台了督查检查计划管理办法；部分市县开展了专项清理。"
    "为进一步巩固成果，现就有关事项通知如下。\n" + REQUIREMENTS
)


def test_a_notices_admission_gives_one_problem_per_clause() -> None:
    data = read(ADMITTED)
    assert problems(data) == [
        "有的地方会议文件仍然偏多，层层加码的现象没有根本扭转",
        "有的部门督查检查名目繁多，基层迎检负担较重",
        "考核指标设置还不够科学等",
    ]
    assert "但也要看到" in data["problem_section"]["reason"]
    assert all("但也要看到" in i["reason"] for i in data["problem_section"]["items"])


def test_a_circulars_findings_give_one_problem_per_clause() -> None:
    data = read(FOUND)
    assert problems(data) == [
        "部分单位消防安全主体责任不落实，隐患排查走过场",
        "个别地方监管部门执法偏宽偏软，没有做到闭环管理",
        "少数企业违规存放易燃物品",
    ]
    assert "暴露出" in data["problem_section"]["reason"]


def test_a_notices_neutral_description_of_what_some_have_done_stays_silent() -> None:
    assert problems(read(NEUTRAL)) == []
