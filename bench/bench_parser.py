"""Benchmark the report reader and parser; prints figures (copy them into bench/RESULTS.md).

Run from the repository root:  python bench/bench_parser.py

PDF library choice: pypdf. On the generated 100-page PDF both pypdf and pdfplumber extract the
same, correct text, and pypdf is several times faster, so plans/reading.py uses pypdf.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plans.documents import parse_document
from plans.parsing import parse_report
from plans.reading import read_document
from tests.plans import builders


def timed(function: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time in milliseconds over ``runs`` calls, and the last result."""
    samples: list[float] = []
    result: object = None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), result


def synthetic_report(pages: int) -> str:
    """A report of roughly ``pages`` A4 pages (about 800 characters a page)."""
    paragraph = (
        "加强应急管理基层执法队伍素质能力建设,切实提高基层应急管理人员依法行政能力,"
        "按照《安全生产培训管理办法》规定,组织市、县执法资格培训工作,强化执法培训考核发证的质量。"
    )
    lines = ["某省应急管理厅关于2021年度法治政府建设情况的报告", "一、2021年基本情况"]
    number = 0
    while sum(len(line) for line in lines) < pages * 800:
        number += 1
        lines.append(f"（{number}）第{number}项工作。{paragraph}")
        for sub in range(1, 4):
            lines.append(f"{sub}.细化措施{sub}。{paragraph}{paragraph}")
    lines += ["二、存在的问题", "存在甲不足,乙薄弱等问题。", "三、2022年工作打算"]
    lines += [f"（{i}）计划{i}。{paragraph}" for i in range(1, 6)]
    lines += ["某省应急管理厅", "2022年1月13日"]
    return "\n".join(lines)


def main() -> None:
    reference = builders.fixture_text("jilin_2021.txt")
    lines = builders.report_lines(reference)

    parse_ms, _ = timed(lambda: parse_report(reference), 200)
    print(f"parse reference text (median of 200): {parse_ms:.2f} ms  [limit 20 ms]")

    big = synthetic_report(300)
    big_ms, big_report = timed(lambda: parse_report(big), 5)
    outline_size = sum(1 for _ in big.splitlines())
    print(
        f"parse synthetic 300-page report ({len(big):,} chars, {outline_size:,} lines, "
        f"median of 5): {big_ms:.0f} ms  [limit 2000 ms]"
    )
    assert big_report.plan_section is not None  # type: ignore[attr-defined]

    # About 100 pages: the reference is ~9 pages at 28 characters a line.
    pdf = builders.build_pdf(lines, repeat=12)
    import pdfplumber
    import pypdf

    def with_pypdf() -> str:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        return "\n".join(page.extract_text() or "" for page in reader.pages)

    def with_pdfplumber() -> str:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            return "\n".join(page.extract_text() or "" for page in document.pages)

    page_count = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    pypdf_ms, pypdf_text = timed(with_pypdf, 3)
    plumber_ms, plumber_text = timed(with_pdfplumber, 3)
    expected = "强化法规体系建设,加强重要领域立法工作"
    print(f"PDF: {page_count} pages, {len(pdf) / 1024:.0f} KiB")
    print(
        f"  pypdf       extract (median of 3): {pypdf_ms:.0f} ms, "
        f"correct={expected[:16] in str(pypdf_text).replace(chr(10), '')}"
    )
    print(
        f"  pdfplumber  extract (median of 3): {plumber_ms:.0f} ms, "
        f"correct={expected[:16] in str(plumber_text).replace(chr(10), '')}"
    )
    read_ms, document = timed(lambda: read_document(pdf, "report.pdf"), 3)
    print(
        f"  read_document(.pdf) incl. line re-joining: {read_ms:.0f} ms, "
        f"{len(document.paragraphs):,} paragraphs"
    )  # type: ignore[attr-defined]

    docx_lines = [builders.to_full_width(line) for line in lines] * 12
    docx = builders.build_docx(docx_lines)
    docx_ms, docx_document = timed(lambda: read_document(docx, "report.docx"), 3)
    print(
        f"read_document(.docx) ~100 pages ({len(docx_lines):,} paragraphs, median of 3): "
        f"{docx_ms:.0f} ms"
    )
    parse_docx_ms, _ = timed(lambda: parse_report(docx_document.paragraphs), 5)  # type: ignore[attr-defined]
    print(f"parse the ~100-page .docx paragraphs (median of 5): {parse_docx_ms:.0f} ms")

    rows: list[object] = []
    for group in range(10):
        rows.append(f"{group + 1}、第{group + 1}类任务")
        for n in range(20):
            rows.append(
                (
                    f"任务{group}-{n // 4}",
                    f"措施{group}-{n}",
                    "政策法规处",
                    "办公室",
                    "2022年9月底前",
                )
            )
    for name, data in (
        ("xlsx", builders.build_task_table_xlsx(rows)),  # type: ignore[arg-type]
        ("docx", builders.build_task_table_docx(rows)),  # type: ignore[arg-type]
    ):
        table_ms, table = timed(
            lambda data=data, name=name: parse_document(read_document(data, f"t.{name}")), 3
        )
        count = len(table.plan_section.items)  # type: ignore[attr-defined]
        print(
            f"200-row task-division table .{name}, read + parse (median of 3): {table_ms:.0f} ms, {count} tasks  [limit 2000 ms]"
        )


if __name__ == "__main__":
    main()
