"""Render a 督查通报 and an archive package's 归档清单 to PNG (the images the README shows).

Run from the repository root: .venv/bin/python docs/circulars/render_samples.py
It builds both documents with the app's own renderers (tracker/circulars/rendering.py via
tracker/circulars/services.circular_content, tracker/archives/record.manifest_docx), converts the
.docx to PDF with LibreOffice (Debian's libreoffice-writer) and the pages to PNG with pdftoppm.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.CIRCULAR_ISSUER = "吉林省应急管理厅"

from tracker.archives.record import manifest_docx  # noqa: E402
from tracker.circulars.models import Circular  # noqa: E402
from tracker.circulars.rendering import render_circular_docx  # noqa: E402
from tracker.circulars.services import circular_content  # noqa: E402

HERE = Path(__file__).resolve().parent

FACTS = {
    "start": "2026-07-01",
    "end": "2026-09-30",
    "as_of": "2026-09-30",
    "done": [
        {
            "id": 1,
            "title": "推动《吉林省安全生产条例》修订",
            "division": "政策法规处",
            "on": "2026-08-20",
            "on_time": True,
        },
        {
            "id": 2,
            "title": "开展执法人员轮训",
            "division": "安全生产执法监督处",
            "on": "2026-09-02",
            "on_time": False,
        },
        {
            "id": 3,
            "title": "修订省级生产安全事故应急预案",
            "division": "救援协调和预案管理处",
            "on": "2026-09-30",
            "on_time": True,
        },
    ],
    "overdue": [
        {
            "id": 4,
            "title": "完善行政执法“三项制度”配套文件",
            "division": "安全生产执法监督处",
            "due_on": "2026-07-10",
            "days": 82,
        },
        {
            "id": 5,
            "title": "完成《吉林省应急管理综合行政执法条例》立法调研",
            "division": "政策法规处",
            "due_on": "2026-09-15",
            "days": 15,
        },
    ],
    "urges": [
        {"division": "安全生产执法监督处", "count": 3, "tasks": 1},
        {"division": "政策法规处", "count": 2, "tasks": 1},
    ],
    "red": [
        {
            "id": 4,
            "title": "完善行政执法“三项制度”配套文件",
            "division": "安全生产执法监督处",
            "on": "2026-07-11",
            "slip": "督办〔2026〕7号",
        },
        {
            "id": 5,
            "title": "完成《吉林省应急管理综合行政执法条例》立法调研",
            "division": "政策法规处",
            "on": "2026-09-16",
            "slip": "督办〔2026〕12号",
        },
    ],
    "by_division": [
        {
            "division": "救援协调和预案管理处",
            "done": 1,
            "on_time": 1,
            "overdue": 0,
            "urged": 0,
            "red": 0,
        },
        {"division": "政策法规处", "done": 1, "on_time": 1, "overdue": 1, "urged": 2, "red": 1},
        {
            "division": "安全生产执法监督处",
            "done": 1,
            "on_time": 0,
            "overdue": 1,
            "urged": 3,
            "red": 1,
        },
    ],
    "league": {
        "available": True,
        "period": "2026年第3季度",
        "rows": [
            {"rank": 1, "division": "救援协调和预案管理处", "score": "103.0", "counts": {}},
            {"rank": 2, "division": "政策法规处", "score": "98.5", "counts": {}},
            {"rank": 3, "division": "安全生产执法监督处", "score": "91.0", "counts": {}},
        ],
    },
}


def circular() -> bytes:
    sample = Circular(
        period_kind="quarter",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        period_label="2026年第三季度",
        title="关于2026年第三季度督查督办工作情况的通报",
        facts=FACTS,
        praise="政策法规处、救援协调和预案管理处本季度事项全部按期办结，佐证材料齐全规范，予以通报表扬。",
        criticism="安全生产执法监督处“三项制度”配套文件逾期82天，经三次催办仍未办结，予以通报批评，"
        "请于10月31日前办结并书面说明逾期原因。",
    )
    content = circular_content(
        sample, number="督查通报〔2026〕3号", issued_on=dt.date(2026, 10, 10)
    )
    return render_circular_docx(content)


def manifest() -> bytes:
    folder = "17-推动《吉林省安全生产条例》修订/"
    names = [
        (folder + "任务记录.docx", 38211),
        (folder + "任务记录.pdf", 61877),
        (folder + "办理过程.csv", 2954),
        (folder + "佐证材料/v1-条例修订草案.pdf", 845120),
        (folder + "佐证材料/v2-条例修订草案.pdf", 861004),
        (folder + "佐证材料/v1-省政府常务会议纪要.pdf", 120455),
        (folder + "督办单/交办〔2026〕1号.docx", 37810),
        (folder + "督办单/交办〔2026〕1号.pdf", 48112),
        (folder + "督办单/催办〔2026〕4号.docx", 37512),
        (folder + "督办单/催办〔2026〕4号.pdf", 44960),
    ]
    files = [
        {
            "path": name,
            "size": size,
            "sha256": hashlib.sha256(f"{name}:{size}".encode()).hexdigest(),
        }
        for name, size in names
    ]
    facts = [
        ("归档内容", "推动《吉林省安全生产条例》修订"),
        ("来源报告", "吉林省应急管理厅关于2025年度法治政府建设情况的报告"),
        ("任务数", "1"),
        ("归档人", "王督办"),
        ("生成时间", "2026-12-28 10:15:02"),
        ("校验算法", "SHA-256"),
    ]
    return manifest_docx(
        office="吉林省应急管理厅督查室",
        title="推动《吉林省安全生产条例》修订",
        facts=facts,
        files=files,
    )


def to_png(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"{name}.docx"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed commands on files this script wrote
            [
                "/usr/bin/libreoffice",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                scratch,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603
            [
                "/usr/bin/pdftoppm",
                "-png",
                "-r",
                "70",
                str(Path(scratch) / f"{name}.pdf"),
                str(HERE / name),
            ],
            check=True,
        )
    for png in sorted(HERE.glob(f"{name}-*.png")):
        print(png)


if __name__ == "__main__":
    for old in HERE.glob("*.png"):
        old.unlink()
    to_png("circular", circular())
    to_png("manifest", manifest())
