"""Whether a text is a news item, an interpretation or an article rather than an office's own
report: such a text names problems and plans too, but they are not the writer's commitments.

Plain Python, no Django; used by the report parser (plans.parsing) before it looks for sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from plans.phrases import OFFICE_NOUNS, WRITER_SUBJECT
from plans.reading import Paragraph
from plans.title_block import opens_with_salutation

__all__ = ["not_a_report"]

_DATELINE_RE = re.compile(
    r"^(?:据)?[^，,。：:]{0,24}?(?:\d{1,2}月\d{1,2}日)?(?:讯|电)\s*[（(\s]|"
    r"^[^，,。]{0,12}(?:网站|网|报|台)?消息\s*[：:]|^据[^，,。]{0,12}(?:报道|消息)"
)
_REPORTER_RE = re.compile(
    r"[（(]\s*(?:记者|通讯员|实习生|见习记者)[^）)]{0,30}[）)]|[（(]来源[：:][^）)]{0,20}(?:电|网)[^）)]{0,20}[）)]|"
    r"^(?:责任)?编辑[：:\s]|^(?:记者|通讯员)\s*[^\s，。]{2,4}$"
)
_MEETING_LEAD_RE = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚)?|昨日|昨天|今天|今日|近日|日前)[^。]{0,40}?召开"
    r"|^[^，,。]{0,20}[:：]\s*召开|^会议(?:强调|指出|要求|认为|明确)"
)
# '…，2026年2月3日，某社区召开…会。会议由…主持。': a meeting told by who held it and who
# chaired it — the lead of a news item (or of minutes, read before this by plans.minutes).
_MEETING_ACCOUNT_RE = re.compile(
    r"(?:\d{1,2}月\d{1,2}日|近日|日前)[^。]{0,40}?召开[^。]{0,60}?会[^。]*。\s*"
    r"(?P<chair>会议由[^，,。]{2,30}?主持)"
)
# '…政策解读', '图解…', '一图读懂…', '关于《…》的解读', '《…》解读': an interpretation.
_NOT_REPORT_TITLE_RE = re.compile(r"政策解读|图解|一图读懂|^解读|的解读$|》解读$")
_INTERPRETATION_OPENING_RE = re.compile(r"(?:现将|现就|下面)[^。，,；;]{0,12}解读如下")
# A paragraph that only introduces what someone said: '罗洪淼反馈时指出：', '李永凡表示：'.
_SPEAKER_LABEL_RE = re.compile(r"^[^\s，,。；;：:]{2,14}?(?:指出|强调|表示|说|讲到|认为)\s*[：:]$")


_SPEAKER_OPEN_RE = re.compile(
    r"^(?!会议|会上|文件|通知|报告|方案|意见)[^，,。；;：:“”我]{2,20}?(?:在[^，,。；;]{1,12}时)?(?:指出|强调|表示|认为|说)\s*[，,：:]"
)
_THIRD_PERSON_RE = re.compile(rf"该{OFFICE_NOUNS}")
_FIRST_PERSON_RE = re.compile(WRITER_SUBJECT)
_TEAM_SAYS_RE = re.compile(
    r"(?:督查|督察|检查|巡察|巡视|考核|评估|调研|暗访|验收|指导)组(?:[^，,。]{0,8})?(?:认为|指出|发现)"
)


_ARTICLE_LABEL_RE = re.compile(
    r"^\s*[\[【]?(?:摘\s*要|内容提要|关键词|关键字|Abstract|Key\s*words)[\]】]?\s*[：:]"
)
_ARTICLE_VOICE_RE = re.compile(r"本文|笔者|论文")


def _speaker_relaying(head: Sequence[str]) -> bool:
    """'同志们：…下面，我再讲两点意见。': a speech, whose speaker relays what a meeting said
    ('专题会指出，…'); a news item addresses nobody and says no '我'."""
    opened = next((n for n, t in enumerate(head[:4]) if opens_with_salutation(t)), None)
    return opened is not None and any("我" in t for t in head[opened:])


def not_a_report(paragraphs: Sequence[Paragraph]) -> str | None:
    """Why the text is a news item or an interpretation rather than a report, or None.

    A news item about a meeting or about a report names problems and plans too, but they are
    not the writer's own commitments; proposing them as tasks would be wrong, so the parser
    proposes nothing and says why.
    """
    head = [p.text for p in paragraphs[:8]]
    tail = [p.text for p in paragraphs[-4:]]
    for text in head[:5]:
        match = _DATELINE_RE.search(text)
        if match and len(match.group(0)) <= 40:
            return f"开头“{match.group(0).strip()}”是新闻电头"
    for text in head + tail:
        match = _REPORTER_RE.search(text)
        if match:
            return f"文中“{match.group(0).strip()}”是新闻署名"
    for position, text in enumerate(head[:4]):
        if opens_with_salutation(text) or (position and opens_with_salutation(head[position - 1])):
            continue  # '同志们：今天召开…': a speaker opening the meeting, no news of it
        match = _MEETING_LEAD_RE.search(text)
        if match:
            return f"开头“{match.group(0).strip()}”是会议新闻"
    account = next((m for t in head[:5] if (m := _MEETING_ACCOUNT_RE.search(t))), None)
    if (
        account is not None
        and not any("纪要" in t for t in head[:4])
        # A report or a speech telling its own meeting says '我局/我们' somewhere.
        and not _FIRST_PERSON_RE.search("".join(p.text for p in paragraphs))
    ):
        return f"开头记述会议的召开和“{account.group('chair')}”，且全文没有“我们/我局…”，是会议新闻"
    speakers = [p.text for p in paragraphs if _SPEAKER_LABEL_RE.match(p.text)]
    if len(set(speakers)) >= 2:
        # Two people's words introduced in turn: a report of a meeting, not the body's report.
        return f"文中“{speakers[0]}”“{speakers[1]}”是新闻中的发言引语"
    openers = [m.group(0) for p in paragraphs if (m := _SPEAKER_OPEN_RE.match(p.text))]
    if len(set(openers)) >= 2 and not _speaker_relaying(head):
        # '督查组组长张某在反馈时指出，…' / '市长李某表示，…': paragraphs telling what people said.
        return f"文中“{openers[0]}”“{openers[1]}”是新闻中的发言引语"
    text = "".join(p.text for p in paragraphs)
    third = _THIRD_PERSON_RE.findall(text)
    if len(third) >= 2 and not _FIRST_PERSON_RE.search(text):
        # '下一步，该镇将…': a writer telling about the office, not the office itself.
        return f"文中以“{third[0]}”称呼该单位"
    team = _TEAM_SAYS_RE.search(text)
    if (
        team is not None
        and not _FIRST_PERSON_RE.search(text)
        and not any("整改" in t for t in head[:5])
    ):
        # '督查组认为，某区…还存在一些问题': a visiting team's findings told by a third party
        # (the inspected office itself writes '我区…'; its rectification bulletin, often in the
        # third person, speaks of 整改 at its head).
        return f"文中“{team.group(0)}”是检查组对他人的评价，且全文没有“我们/我局…”"
    for text in head[:2]:
        if _NOT_REPORT_TITLE_RE.search(text) and len(text) <= 80 and "。" not in text:
            return f"标题“{text[:30]}”表明这是解读材料"
    for text in head[:2]:
        # '…印发了《…分工方案》的通知，现将主要内容解读如下：' — an interpretation with no title.
        announced = _INTERPRETATION_OPENING_RE.search(text)
        if announced:
            return f"开头“{announced.group(0)}”表明这是解读材料"
    labels = [m.group(0) for text in head if (m := _ARTICLE_LABEL_RE.match(text))]
    if len(labels) >= 2 or (labels and any(_ARTICLE_VOICE_RE.search(t) for t in head)):
        # '摘要：…本文…' / '关键词：…': a scholarly article about offices, not an office's report.
        return f"文中“{labels[0]}”表明这是学术文章"
    return None
