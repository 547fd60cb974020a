"""The closing part of an annual open-government report (政府信息公开工作年度报告).

Every government body publishes one each year; its part '五、存在的主要问题及改进情况' (or
'…及改进措施') names the problems and then the improvements for the coming year, which are the
tasks. Plain Python, no Django.
"""

from __future__ import annotations

import re

__all__ = ["names_improvement"]

_PROBLEMS_AND_IMPROVEMENT_RE = re.compile(
    r"(?:问题|不足|困难)[^，,。；;：:]{0,4}?[和与及、]\s*(?:改进|改善)(?:情况|措施|举措|方向|计划|打算)?$"
)


def names_improvement(title: str) -> bool:
    """Whether a heading names problems and their improvement ('存在的主要问题及改进情况');
    '…及整改情况' (work done in a rectification report) does not count."""
    return bool(_PROBLEMS_AND_IMPROVEMENT_RE.search(title.rstrip("。.：:")))


# '2021年将从以下方面进行改进：一是…', '我局将采取以下措施：': a sentence announcing the measures
# that follow; the problems end before it.
_ANNOUNCED_MEASURES_RE = re.compile(
    r"(?<=[。！？!?])\s*(?=[^。！？!?：:]{0,20}?将(?:从|在|采取|通过|着力|重点)?[^。！？!?：:]{0,4}?以下"
    r"[^。！？!?：:]{0,12}[：:])"
)


def announced_measures(text: str) -> int | None:
    """Where a sentence announcing the measures that follow begins in ``text``, if one does."""
    match = _ANNOUNCED_MEASURES_RE.search(text)
    return match.start() if match else None
