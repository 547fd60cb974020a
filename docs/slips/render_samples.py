"""Render one of each 督办单 to docs/slips/*.png (the images the README shows).

Run from the repository root: .venv/bin/python docs/slips/render_samples.py
It uses the same renderer as the app (tracker/slips/rendering.py) and
Debian's pdftoppm.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tracker.slips.rendering import SlipContent, render_docx, render_pdf  # noqa: E402

HERE = Path(__file__).resolve().parent
OFFICE = "吉林省应急管理厅政策法规处"
COMMON = {
    "office": OFFICE,
    "signature": OFFICE,
    "task_title": "强化法规体系建设，加强重要领域立法工作。",
    "task_description": "推动《吉林省安全生产条例》修订，完成《吉林省应急管理综合行政执法条例》立法调研。",
    "lead_department": "政策法规处",
    "cooperating_departments": "安全生产执法监督处、救援协调和预案管理处",
    "deadline": "2026年12月31日",
}
SAMPLES = {
    "assign": SlipContent(
        heading="督办事项交办通知单",
        number="交办〔2026〕1号",
        requirements="请于收到本通知单后3个工作日内签收并明确责任人，按要求反馈办理进展，"
        "于2026年12月31日前办结并报送佐证材料。",
        issued_on="2026年9月1日",
        **COMMON,
    ),
    "urge": SlipContent(
        heading="督办事项催办单",
        number="催办〔2026〕4号",
        requirements="该事项为第2次催办，当前完成进度40%。请抓紧办理，于3个工作日内反馈办理进展；"
        "确有困难的，请书面说明原因。\n催办意见：请于本周内报送条例修订草案初稿。",
        issued_on="2026年11月20日",
        receipt=False,
        **COMMON,
    ),
    "warning": SlipContent(
        heading="督办事项预警督办单",
        number="督办〔2026〕7号",
        requirements="该事项距完成时限仅剩12天（橙灯），当前完成进度40%。请于3个工作日内书面说明"
        "办理情况、存在困难和下一步措施。",
        issued_on="2026年12月19日",
        receipt=False,
        **COMMON,
    ),
}

if __name__ == "__main__":
    for name, content in SAMPLES.items():
        pdf = HERE / f"{name}.pdf"
        pdf.write_bytes(render_pdf(content))
        (HERE / f"{name}.docx").write_bytes(render_docx(content))
        subprocess.run(  # noqa: S603 - a fixed command on files this script wrote
            ["/usr/bin/pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(HERE / name)],
            check=True,
        )
        pdf.unlink()
        (HERE / f"{name}.docx").unlink()
        print(HERE / f"{name}.png")
