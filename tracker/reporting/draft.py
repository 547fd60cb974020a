"""Next year's report draft (.docx), laid out per GB/T 9704 (党政机关公文格式).

A4; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title in
方正小标宋简体 2号 (22 pt), body in 仿宋_GB2312 3号 (16 pt) at a fixed 28 pt
line pitch; level-1 headings 黑体, level-2 楷体_GB2312, level-3 仿宋_GB2312 bold.
Page numbers in the footer as GB/T 9704 §7.5 asks: 4号 宋体 Arabic numerals
between one-em dashes (— 1 —), odd pages on the right and even pages on the
left, one character in from the edge (``add_page_numbers``; the 通报 in
tracker.circulars and the task record in tracker.archives use it too).
East Asian font names are written to ``w:eastAsia`` so Word and WPS pick them;
where a font is not installed, Word/WPS substitute (方正小标宋简体 → 宋体,
仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体); Latin text uses Times New Roman.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from plans.models import ItemKind, PlanItem, Report
from tracker.tasks.models import Task

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
CN_NUMBERS = "一二三四五六七八九十"
# Said only when no task carries over into the next year.
NOTHING_CARRIES_OVER = "（本报告没有结转至下一年度的任务。请在此填写下一年度工作打算。）"


def cn_number(n: int) -> str:
    """1 → 一, 11 → 十一, 21 → 二十一 (enough for a report's sections)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, units = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMBERS[tens - 1]
    return head + "十" + (CN_NUMBERS[units - 1] if units else "")


def draft_title(report: Report, year: int) -> str:
    """The same title with the year moved on: …关于2021年度… → …关于2022年度…"""
    if re.search(r"\d{4}\s*年度", report.title):
        return re.sub(r"\d{4}(\s*)年度", f"{year}年度", report.title, count=1)
    organization = report.organization or ""
    return f"{organization}关于{year}年度工作情况的报告"


def _set_run_font(run: Run, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asia)
    r_fonts.set(qn("w:ascii"), LATIN_FONT)
    r_fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _paragraph(
    document: DocxDocument,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    bold: bool = False,
    indent: bool = True,
    align: WD_ALIGN_PARAGRAPH | None = None,
    style: str | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # 首行缩进两字
    if align is not None:
        paragraph.alignment = align
    _set_run_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for level, font in ((1, H1_FONT), (2, H2_FONT), (3, BODY_FONT)):
        style = document.styles[f"Heading {level}"]
        style.font.name = LATIN_FONT
        style.font.size = Pt(16)
        style.font.bold = level == 3
        style.font.color.rgb = None
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _page_field(paragraph: Paragraph, size: float) -> None:
    """— PAGE — as runs of a Word field, so Word, WPS and LibreOffice number each page."""

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        _set_run_font(r, "宋体", size)
        return r

    run("— ")
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._element.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            r._element.append(text)
    run("1")
    end = run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)
    run(" —")


def add_page_numbers(document: DocxDocument) -> None:
    """Footer page numbers per GB/T 9704 §7.5 (odd right, even left, 4号, — n —)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.footer_distance = Mm(20)
    for footer, align, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        # 空一字: one 4号 character (14 pt) in from the edge of the text area.
        setattr(paragraph.paragraph_format, f"{indent}_indent", Pt(14))
        _page_field(paragraph, 14)


def carried_over(tasks: Iterable[Task]) -> list[Task]:
    """The tasks next year's plan takes up: not done (still open), or periodic
    (a 定期反馈 cycle is set, the work recurs). Cancelled tasks do not carry over."""
    result = []
    for task in tasks:
        if task.status == "cancelled":
            continue
        policy = getattr(task, "reminder_policy", None)
        periodic = bool(policy is not None and policy.report_cycle)
        if task.status != "done" or periodic:
            result.append(task)
    return result


def _plan_paragraphs(document: DocxDocument, tasks: list[Task], year: int) -> None:
    """三、下一年工作打算: one paragraph per carried-over task, grouped by lead division."""
    if not tasks:
        _paragraph(document, NOTHING_CARRIES_OVER)
        return
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(str(task.lead_department or "未指定牵头单位"), []).append(task)
    for number, (division, members) in enumerate(groups.items(), 1):
        _heading(document, f"（{cn_number(number)}）{division}", 2)
        for index, task in enumerate(members, 1):
            policy = getattr(task, "reminder_policy", None)
            if task.status == "done" and policy is not None:
                why = f"常态化推进，{policy.get_report_cycle_display()}报送进展"
            else:
                why = f"{year}年度未办结，当前进度{task.progress}%"
                if task.due_on:
                    why += f"，原完成时限{task.due_on:%Y年%-m月%-d日}"
                why += f"，结转{year + 1}年度继续推进"
            _paragraph(document, f"{index}. {task.title}（{why}）")


def _heading(document: DocxDocument, text: str, level: int) -> Paragraph:
    font = {1: H1_FONT, 2: H2_FONT, 3: BODY_FONT}[level]
    return _paragraph(
        document, text, font=font, bold=level == 3, style=f"Heading {level}", indent=True
    )


def _task_paragraphs(document: DocxDocument, task: Task) -> None:
    status = str(task.get_status_display())
    facts = [f"牵头单位：{task.lead_department or '未指定'}"]
    if task.due_on:
        facts.append(f"完成时限：{task.due_on:%Y年%-m月%-d日}")
    if task.completed_at:
        facts.append(f"办结日期：{timezone.localdate(task.completed_at):%Y年%-m月%-d日}")
    facts.append(f"完成状态：{status}")
    _paragraph(document, f"{task.title}（{'；'.join(facts)}）")
    updates = sorted(task.progress_updates.all(), key=lambda u: (u.created_at, u.pk))
    for update in updates:
        _paragraph(
            document, f"{timezone.localdate(update.created_at):%Y年%-m月%-d日}，{update.text}"
        )
    evidence = [e for e in task.evidence.all() if e.withdrawn_at is None]
    if evidence:
        names = "；".join(f"《{e.original_name}》" for e in evidence)
        _paragraph(document, f"佐证材料：{names}。")


def _item_sections(
    document: DocxDocument,
    items: Iterable[PlanItem],
    tasks_by_item: dict[int | None, list[Task]],
    loose: list[Task],
    empty_text: str,
) -> None:
    number = 0
    for item in items:
        number += 1
        _heading(document, f"（{cn_number(number)}）{item.title}", 2)
        item_tasks = tasks_by_item.get(item.pk, [])
        if not item_tasks:
            _paragraph(document, empty_text)
        for task in item_tasks:
            _task_paragraphs(document, task)
    if loose:
        number += 1
        _heading(document, f"（{cn_number(number)}）其他工作", 2)
        for task in loose:
            _task_paragraphs(document, task)


def report_draft_write(
    *,
    report: Report,
    items: list[PlanItem],
    tasks: list[Task],
    target: IO[bytes],
    today: dt.date | None = None,
) -> None:
    """Write the draft; ``tasks`` are the (visible) tasks of ``report``."""
    today = today or timezone.localdate()
    year = report.plan_year or (report.report_year + 1 if report.report_year else today.year)
    document = Document()
    _setup(document)
    _paragraph(
        document,
        draft_title(report, year),
        font=TITLE_FONT,
        size=22,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, "", indent=False)

    plan_items = [i for i in items if i.kind == ItemKind.PLAN]
    problem_items = [i for i in items if i.kind == ItemKind.PROBLEM]
    tasks_by_item: dict[int | None, list[Task]] = {}
    for task in tasks:
        tasks_by_item.setdefault(task.source_item_id, []).append(task)
    plan_ids = {i.pk for i in plan_items}
    problem_ids = {i.pk for i in problem_items}
    loose_plan = [
        t for t in tasks if t.source_item_id not in plan_ids | problem_ids and t.kind != "problem"
    ]
    loose_problem = [
        t for t in tasks if t.source_item_id not in plan_ids | problem_ids and t.kind == "problem"
    ]

    _heading(document, f"一、{year}年工作完成情况", 1)
    _item_sections(document, plan_items, tasks_by_item, loose_plan, "（暂无相关任务记录。）")
    _heading(document, "二、存在问题整改情况", 1)
    _item_sections(document, problem_items, tasks_by_item, loose_problem, "（暂无整改记录。）")
    _heading(document, f"三、{year + 1}年工作打算", 1)
    _plan_paragraphs(document, carried_over(tasks), year)

    _paragraph(document, "", indent=False)
    _paragraph(
        document,
        report.organization or "（发文单位）",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    _paragraph(document, f"{today:%Y年%-m月%-d日}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_page_numbers(document)
    document.save(target)
