"""Fuzzing: the reader and parser never crash, and the parser never invents words."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.parsing import parse_report
from plans.reading import ReadError, normalise_text, read_document
from tests.plans import builders

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces real reports are made of, so generated text reaches the interesting branches.
FRAGMENTS = [
    "一、",
    "二、",
    "三、",
    "（一）",
    "(二)",
    "（三）",
    "1.",
    "2．",
    "3、",
    "（1）",
    "①",
    "存在的问题",
    "下一步工作计划",
    "2022年工作打算",
    "存在问题及下一步工作安排",
    "一是",
    "二是",
    "三是",
    "等问题",
    "主要表现在：",
    "机构改革后",
    "，",
    ",",
    "。",
    "；",
    "：",
    "“",
    "”",
    "《",
    "》",
    "吉林省应急管理厅",
    "2022年1月13日",
    "发布时间",
    "当前位置:首页 > ",
    "\u3000",
    "\u00a0",
    "关于2021年度",
    "情况的报告",
    "加强执法监督工作",
    "存在",
    "不足",
    "\n",
    "\n\n",
]

report_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


def source_lines(text: str) -> str:
    return "\n".join(line for line in (normalise_text(raw) for raw in text.splitlines()) if line)


@FAST
@given(st.one_of(st.text(), report_text))
def test_parse_report_never_raises(text: str) -> None:
    data = parse_report(text).to_dict()
    assert set(data) >= {"title", "plan_section", "problem_section", "outline", "warnings"}


@FAST
@given(report_text)
def test_every_item_is_words_from_the_source(text: str) -> None:
    source = source_lines(text)
    data = parse_report(text).to_dict()
    pieces: list[str] = []
    for item in (data["plan_section"] or {"items": []})["items"]:
        pieces += [item["title"], *item["body"].split("\n")]
    for item in (data["problem_section"] or {"items": []})["items"]:
        pieces += [item["text"], *item.get("body", "").split("\n")]
    for piece in pieces:
        assert piece in source


EXTENSIONS = st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a.htm", "noext"])


@FAST
@given(st.binary(max_size=2048), EXTENSIONS)
def test_read_document_only_raises_read_error(data: bytes, name: str) -> None:
    try:
        document = read_document(data, name)
    except ReadError as error:
        assert error.message and "\n" not in error.message
    else:
        assert document.paragraphs


_DOCX = builders.build_docx(["一、标题", "（一）内容。"])
_PDF = builders.build_pdf(["一、标题", "（一）内容。"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([_DOCX, _PDF]), st.integers(0, 2**32 - 1), EXTENSIONS)
def test_damaged_real_files_only_raise_read_error(original: bytes, seed: int, name: str) -> None:
    rng = random.Random(seed)
    data = bytearray(original)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        data = data[: rng.randrange(len(data))]
    try:
        read_document(bytes(data), name)
    except ReadError:
        pass
