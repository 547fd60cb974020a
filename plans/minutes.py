"""Read the agreed items of meeting minutes (会议纪要) as tasks.

Plain Python, no Django. Minutes — of a 常务会, 专题会, 现场办公会, 局长/镇长办公会 — are
written topic by topic ('一、关于XX的事项', '（一）研究XX问题', or a bare '关于XX' line); under
each, what the meeting heard ('会议听取了…汇报': no task), what it thought ('会议认为/指出…':
a task only when it directs action) and what it decided or required ('会议原则同意/决定/
要求/强调/明确/议定…'): those are the tasks, as a paragraph of their own or as points after the
cue ('会议要求：' then '1.' / '（1）' / '一是' paragraphs, or the points run together on one
line). Each item often names who leads, who co-operates and by when: '由X牵头、Y配合，于Z前
完成'. Where the minutes are written by topic — a topic line ('一、关于XX问题', '一、会议审议了
《…》。', '传达学习…精神') or a paragraph opening with its matter ('会议听取了…汇报。会议强调，…',
'会议原则同意《…》。会议要求，…') — each topic is one task (issue 13, the coordinator's
decision): titled by the topic, its decisions and requirements its body; a topic the meeting only
heard gives none. The topic may open the paragraph of its decisions ('一、关于…的问题。会议听取
了…汇报，同意…。由…牵头…。会议要求，…'). A decision naming another lead than the topic's first
is a task of its own, titled by the topic and the decision (one task per topic and lead).
Items listed without topics ('现将会议议定事项纪要如下：一、…二、…') stay one task each; a line
of labels under an item ('责任单位：…  完成时限：…') is its body. The header (number, date,
出席/列席/记录) and the distribution lines are no tasks.

Matching is done on the simplified text (the caller converts traditional characters; offsets
are unchanged, so what is shown keeps the document's own characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from plans.foot import is_foot_line
from plans.parsing import (
    _TASK_VERB_RE,
    PlanItem,
    _cut_points,
    _enumeration,
    _Heading,
    _line_list_cuts,
    _match_heading,
    split_title,
)
from plans.phrases import parse_assignment
from plans.reading import Paragraph

__all__ = [
    "MinutesReading",
    "announces_minutes",
    "heard_only",
    "is_minutes",
    "minutes_items",
    "minutes_title",
    "read_minutes",
]

# What the meeting decided or required: each such statement is a task.
_ACTION_WORDS = (
    "议定|研究决定|决定|决议|原则同意|一致同意|研究同意|同意|审议并原则通过|审议并通过|原则通过|"
    "审议通过|讨论通过|明确|确定|商定|"
    "要求|强调|责成|部署"
)
# A decision of the meeting (as against a requirement or an emphasis): '会议决定/同意/通过…'.
_DECISION_RE = re.compile(r"议定|决定|决议|同意|通过|确定|商定|责成")
# What the meeting thought: a task only when it directs someone to act.
_VIEW_WORDS = "认为|指出|提出|肯定|表示"
_CUE_BODY = (
    r"(?P<cue>(?:经(?:会议)?(?:研究|讨论|协商)[，,]\s*)?(?:本次会议|会议|会上|现场)"
    r"(?:还|并|同时|也|一致|再次|进一步|最后|经研究|研究|讨论)?"
    rf"(?P<word>{_ACTION_WORDS}|{_VIEW_WORDS}))"
)
_NUMBER_PREFIX = r"(?:[一二三四五六七八九十\d]+[、.．]\s*|[（(][一二三四五六七八九十\d]+[)）]\s*)?"
# A project or matter named before the meeting's requirement on a point of a coordination
# meeting: '1、城东小学：会议要求…', '2、区医院新院区：目前主体已封顶，会议要求…'.
_LABEL_BEFORE_CUE_RE = re.compile(rf"^{_NUMBER_PREFIX}(?P<label>[^。，,；;：:]{{2,24}})[：:]")
# '为确保按时供暖，会议决定，…': a short purpose before the cue.
_CUE_START_RE = re.compile(
    rf"^{_NUMBER_PREFIX}(?:[^。，,；;：:]{{2,24}}[：:]\s*(?:[^。，,；;：:]{{2,30}}[，,]\s*){{0,3}}"
    rf"|[^。，,；;：:]{{2,24}}[，,]\s*)?"
    rf"{_CUE_BODY}[，,：:\s]*"
)
# '现将会议议定事项纪要如下：', '二、议定事项': the agreed items follow, numbered.
_AGREED_LINE_RE = re.compile(
    rf"^{_NUMBER_PREFIX}(?:现将|经研究[，,]\s*)?(?:本次)?(?:会议)?(?P<cue>(?:议定|决定|商定|确定|研究决定)"
    r"(?:的)?事项)(?:纪要)?(?:如下)?[：:]?$"
)
# An opening paragraph ending by announcing them: '…会议听取了…汇报，并就相关问题进行了研究，
# 现将会议议定事项纪要如下：' ('…，现纪要如下：' announces a summary only).
_AGREED_TAIL_RE = re.compile(
    r"[。，,；;]\s*(?:现将|经研究[，,]\s*)?(?:本次)?(?:会议)?(?P<cue>(?:议定|决定|商定|确定|研究决定)"
    r"(?:的)?事项)(?:纪要)?如下[：:]?$"
)
# What the meeting agreed, in the sentence telling what it heard: '会议听取了…汇报，原则同意…',
# or in the next sentence, with no subject: '会议审议《…（送审稿）》。原则同意《…》，要求…' (what
# was approved belongs to the task, not only the requirement after it).
_AGREED_AFTER_HEARING_RE = re.compile(
    r"(?:[，,]\s*(?:并|会议)?|(?<=。)\s*(?=(?:原则|一致)同意))"
    r"(?P<cue>(?:原则|一致|研究)?(?:同意|决定|要求|明确|议定|责成))(?:如下|以下事项)?"
)
# A decision written without the meeting as subject, under a topic: '原则同意《…》。',
# '要求县交通运输局…' ('决定性的因素…' is none).
_BARE_DECISION_RE = re.compile(
    r"^(?P<cue>(?:原则|一致)?同意|责成|要求|(?:研究)?决定(?!性))(?P<rest>[，,：:]?)"
)
# The verb a task keeps: '原则同意《…方案》', '原则通过《…办法》', '责成X…'.
_KEPT_VERB_RE = re.compile(r"(?:原则|一致)?(?:同意|通过)|责成")
# A further cue inside a paragraph, after a sentence: '会议听取了…汇报。会议要求：'.
_CUE_INSIDE_RE = re.compile(rf"(?<=[。；;！!])\s*{_CUE_BODY}[，,：:\s]*")
# What the meeting heard, read or discussed: no task.
_HEARD_RE = re.compile(
    rf"^{_NUMBER_PREFIX}(?:会议|会上)(?:首先|先后|还|并|一并|集中)?"
    r"(?:听取|审议(?!并?(?:原则)?通过)|传达|学习|通报|观看|讨论|研究了|观摩|察看|视察)"
)
# '会议要求：' / '会议议定以下事项：' / '会议强调，': the points follow.
_INTRO_REST_RE = re.compile(
    r"^(?:如下|以下(?:事项|几点|意见|内容)?(?:如下)?|下列事项|几点意见|(?:的)?事项(?:如下)?)?[：:，,\s]*$"
)
# A view that directs action: '…，各乡镇要…', '必须', '务必', '由X牵头' ('负责人/负责同志参加'
# names who attended).
_DIRECTIVE_RE = re.compile(
    r"(?<![重主需只纲摘必紧首扼])要(?![求素点闻件])|必须|务必|应当|抓紧|尽快|责成|牵头|负责(?!人|同志)|前完成|"
    r"同意|决定"
)
# A topic of the meeting: '一、关于XX的事项', '（一）研究XX问题', '关于人居环境整治'.
_TOPIC_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十]+[)）]\s*|"
    r"议题[一二三四五六七八九十\d]*[：:、]?\s*)?"
    r"(?P<topic>(?:关于|研究|审议|讨论|听取|传达|学习|部署|通报|协调|审定)[^，,。；;：:！!？?]{2,60}"
    r"(?:[，,](?:研究|部署|审议|讨论|审定)[^，,。；;：:！!？?]{2,24})?)。?$"
)
# '一、会议审议了《…》。', '四、会议听取了…的汇报。': a numbered line naming the matter the
# meeting took up, one sentence, is the topic of what follows.
_HEARD_TOPIC_RE = re.compile(
    r"^(?P<number>[一二三四五六七八九十]+)[、.．]\s*(?P<topic>(?:会议|会上)[^。；;！!？?]{4,80}?)。?$"
)
# '一、关于…的问题。会议听取了…': a topic opening the paragraph of its decisions, up to its
# first full stop or colon ('一、关于城区供水问题：会议…').
_TOPIC_HEAD_RE = re.compile(r"^(?P<head>[^。：:]{4,80}?)[。：:]\s*(?=\S)")
_HEAD_NUMBER_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|议题[一二三四五六七八九十\d]*[：:、]?)\s*"
)


def _topic_head(text: str) -> tuple[str, int, bool, int] | None:
    """A paragraph opening with its topic, its decisions after it: '一、关于…的问题。会议…',
    '二、会议听取了…汇报，并研究了…。会议同意…', '三、会议听取了…汇报，同意…。由…牵头…'.
    Returns the topic, where the rest to read starts, whether the topic is a hearing (the rest
    then starts at the hearing, which is read for what was agreed after it), and where the
    topic's sentence ends."""
    head = _TOPIC_HEAD_RE.match(text)
    number = _HEAD_NUMBER_RE.match(text)
    if head is not None and not _HEARD_RE.match(text):
        topic = _TOPIC_RE.match(head.group("head"))
        if topic is not None:
            return topic.group("topic"), head.end(), False, head.end()
    if number is None or not _HEARD_RE.match(text):
        return None
    sentence = re.match(r"[^。；;！!？?]+", text[number.end() :])
    if sentence is None:
        return None
    first = sentence.group(0)
    agreed = _AGREED_AFTER_HEARING_RE.search(first)
    rest = text[number.end() + len(first) :].lstrip("。 ")
    if agreed is None and not rest:
        return None  # '一、会议审议了《…》。' alone: a topic line (_HEARD_TOPIC_RE)
    title = first[: agreed.start()] if agreed is not None else first
    return title, number.end(), True, number.end() + len(first)


# The agreed items announced: '二、议定事项', '现将会议议定事项纪要如下：', '会议议定以下事项：'.
_AGREED_INTRO_RE = re.compile(
    rf"^{_NUMBER_PREFIX}(?:现将|经研究[，,]\s*)?(?:本次)?(?:会议)?(?:研究)?(?:议定|决定|商定|确定)"
    r"(?:(?:的|以下|如下)?事项|如下)"
)
# A paragraph opening with its matter: '会议听取了…汇报。会议强调，…', '会议原则同意《…》。
# 会议要求，…': its first sentence names the topic of what the paragraph decides and requires.
_MATTER_RE = re.compile(
    r"^(?P<topic>(?:会议|会上)(?:审议|原则|一致|研究)?(?:同意|通过)[^。；;！!？?]*《[^。；;！!？?]*)。"
)
# A line of labels under a decision: '责任单位：X；配合单位：Y；完成时限：Z', '完成时限：Z'.
_LABEL_LINE_RE = re.compile(
    r"^[（(]?(?:牵头|责任|主责|配合|协办|协助)(?:单位|部门|处室|科室|领导)\s*[：:]|"
    r"^[（(]?(?:完成)?(?:时限|期限)(?:要求)?\s*[：:]|^[（(]?完成时间\s*[：:]"
)
# The header and attendance lines: '出席：…', '记录：…', '时间：…'. The distribution and
# printing lines ('抄送：…', '…2026年11月20日印发') are the document's foot (plans.foot),
# one rule for every kind of document; see _furniture.
_FURNITURE_RE = re.compile(
    r"^[（(]?联系人|^(?:会议)?(?:出席|列席|参加|参会|缺席|请假|记录|主持|审核|签发|校对|"
    r"时间|地点)(?:会议)?(?:人员|单位|领导|人)?\s*[：:]|"
    r"^[（(]此(?:页无正文|件[^）)]{0,10})[)）]$"
)


def _furniture(text: str) -> bool:
    """A header, attendance or foot line: no part of any topic or decision."""
    return _FURNITURE_RE.search(text) is not None or is_foot_line(text)


# The closing call: '各有关单位要按照会议要求，认真抓好落实。'
_CLOSING_RE = re.compile(
    r"^[^。]{0,16}(?:按照|根据|认真贯彻|贯彻落实)[^。]{0,8}会议(?:精神|要求|部署|纪要|议定)"
)
# A signature or date line: '县人民政府办公室    2025年4月8日'.
_SIGNED_RE = re.compile(
    r"^[^。，,；;：:]{0,30}(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年[^。，,；;：:]{1,8}日\s*$"
)
_NUMBER_RE = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]\s*[、.．]?|[一二三四五六七八九十\d]{1,3}\s*[、.．，,])\s*"
)
_POINT_RE = re.compile(
    r"^(?P<marker>[一二三四五六七八九十]{1,2}(?:是|要)|"
    r"(?:第[一二三四五六七八九十]{1,2}|首先|其次|再次|最后)(?=[，,、：:]))"
)
# The first point of a series: '一、', '（一）', '1.', '一是', '一要', '第一，', '首先，'.
_FIRST_POINT_RE = re.compile(r"^(?:[（(]\s*)?(?:一|1|１)(?![\d０-９十])|^(?:第一|首先)")
# A point that reports work already done ('前期征地已全面到位', '对方案进行了重新设计').
_DONE_RE = re.compile(
    r"已(?:经)?(?:全面|全部|基本|如期|按期)?(?:到位|完成|完工|落实|结束|就绪|竣工)|"
    r"(?:进行|开展|完成|召开)了"
)


@dataclass
class MinutesReading:
    """The agreed items, the cue first found ('会议议定') and what was passed over, by kind."""

    items: list[PlanItem] = field(default_factory=list)
    cue: str | None = None
    heard: int = 0
    views: int = 0
    # Bare approvals ('会议审议通过了…项目建议书。'): passed, nothing left to do.
    passed: int = 0
    furniture: int = 0
    closing: int = 0
    done: int = 0
    preamble: int = 0
    # The announcement '…纪要如下:' stood inside a line (a page left on one line).
    announced_inside: bool = False
    # No '纪要' title: the opening announced the matters ('会议研究了以下事项：').
    matters_opening: str = ""
    # No '纪要' title nor announcement: a dated record opening, topics heard then spoken to.
    record: bool = False
    # Views followed by a requirement list ('会议认为，…' then '会议要求：'), no task.
    view_reasons: int = 0
    # Read by topic headings, no cue in the minutes (_headed_topics): how many topics.
    headed: int = 0
    # A task parted from the decision whose sentence closes with the deadline it shares
    # ('由A牵头负责X；B牵头Y，于6月底前完成'): id of the item → that deadline's words.
    shared_deadlines: dict[int, str] = field(default_factory=dict)

    def notes(self) -> str:
        """What the section's reason says was not taken as a task."""
        parts = []
        if self.heard:
            parts.append(f"会议听取、审议的汇报（{self.heard}段）")
        if self.passed:
            parts.append(f"只写审议通过、未作部署的事项（{self.passed}段）")
        if self.views:
            parts.append(f"只表明看法、未作部署的“会议认为/指出”（{self.views}段）")
        if self.view_reasons:
            parts.append(f"其后列出“会议要求”的“会议认为”（{self.view_reasons}段，是要求的理由）")
        if self.preamble:
            parts.append(f"“会议指出/强调”和其后编号要点之间的引言（{self.preamble}段）")
        if self.done:
            parts.append(f"编号条目中汇报已经做完的工作（{self.done}段）")
        if self.closing:
            parts.append(f"结尾要求按会议精神抓落实的话（{self.closing}段）")
        if self.furniture:
            parts.append(f"文号、日期和出席、列席、记录、抄送等行（{self.furniture}行）")
        inside = "；整页写在一行，从行中“纪要如下”之后读起" if self.announced_inside else ""
        if self.matters_opening:
            inside += f"；没有“纪要”标题，开头一段以“{self.matters_opening}”引出议题，按会议纪要读"
        elif self.record:
            inside += (
                "；没有“纪要”标题，首段写明日期、主持人和所开的会议，其后各段写“会议听取了…汇报”"
                "及会议对其的意见，按会议纪要读"
            )
        if self.headed:
            inside += (
                f"；全文没有“会议议定、会议要求”等提示语，按{self.headed}个独立成行的编号议题"
                "及其下部署工作的条目读出"
            )
        return inside + (f"；{'、'.join(parts)}不是任务" if parts else "")


def _title_line(text: str) -> bool:
    """'某县人民政府常务会议纪要', '会议纪要（第5期）': a title naming minutes, not a sentence
    mentioning them ('会后将印发会议纪要。') nor a work quoting them ('《…纪要》解读')."""
    bare = re.sub(r"《[^》]*》|\s", "", text)  # '县 政 府 常 务 会 议 纪 要' too
    return (
        "纪要" in bare
        and len(text) <= 60
        and not re.search(r"[。，,；;]|[：:]$|如下", text)
        and not re.search(r"解读|读懂|图解|问答", text)
        # '关于落实…会议纪要事项情况的报告': a report on carrying the minutes out.
        and not re.search(r"情况|报告$|汇报$", text)
    )


# A title naming minutes run into its document number on one line ('…专题会纪要〔2022〕69号
# 关于…的纪要10月8日上午，…', '…局会议纪要泉资规纪〔2022〕48号…' (the issuer's code before the
# year), '…办公会议纪要第5期…'): a page whose line breaks were lost. The
# number must follow '纪要' at once, and the title open the line ('按照《…纪要〔…〕…号》' quotes).
_NUMBERED_TITLE_RE = re.compile(
    r"^[^。，,；;：:《》]{2,60}?纪要\s*(?:[\u4e00-\u9fff]{1,6}\s*)?"
    r"(?:[〔［\[(（]\s*(?:19|20)\d{2}\s*[〕］\])）]\s*(?:第\s*)?\d{1,4}\s*号|"
    r"第\s*\d{1,4}\s*期)"
)


def _numbered_title(text: str) -> re.Match[str] | None:
    return _NUMBERED_TITLE_RE.match(text)


def minutes_title(paragraphs: Sequence[Paragraph]) -> str | None:
    """The title: the line naming minutes, with the body's name on the lines before it
    ('某市交通运输局' / '局长办公会议纪要'); the number and date lines after it are no part.
    A title run into its number on one line is cut before the number."""
    head = [p.text for p in paragraphs[:6]]
    at = next((i for i, text in enumerate(head) if _title_line(text)), None)
    if at is None:
        numbered = next((found for text in head if (found := _numbered_title(text))), None)
        return numbered.group(0)[: numbered.group(0).rindex("纪要") + 2] if numbered else None
    if numbered := _numbered_title(head[at]):
        # '某县人民政府常务会议纪要〔2026〕31号': the number on the title's line is no part.
        head[at] = numbered.group(0)[: numbered.group(0).rindex("纪要") + 2]
    start = at
    while start > 0 and re.fullmatch(r"[\u4e00-\u9fff（）()]{2,30}", head[start - 1]):
        start -= 1
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", "".join(head[start : at + 1]))


# An opening announcing the minutes: '…主持召开局长办公会，…参加会议。现纪要如下：'
# ('会后将印发会议纪要。' announces nothing).
_ANNOUNCED_RE = re.compile(r"纪要如下[：:。]?\s*$")
# A page of a government's column of meetings, with no '纪要' title: the opening tells who
# held the meeting and announces its matters, as '现纪要如下：' does ('…主持召开县政府第21次
# 常务会议，会议研究了以下事项：'); a news item's '会议研究了…等事项。' announces nothing.
_MATTERS_ANNOUNCED_RE = re.compile(
    r"召开[^。！!；;]*?会议[，,。]\s*(?P<words>(?:本次)?会议(?:研究|讨论|审议|研究讨论|研究审议|研究决定)"
    r"了?(?:以下|如下|下列)(?:事项|议题))[：:]\s*$"
)


# '…参加会议。现纪要如下: 会议指出,…': the announcement inside a page left on one line.
_ANNOUNCED_INSIDE_RE = re.compile(r"[。！!；;]\s*(?:现将?[^。！!；;：:]{0,12}?)?纪要如下[：:]\s*")


def _announced_split(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """A paragraph among the first six that announces the minutes inside it ('…参加会议。现
    纪要如下: 会议指出,…'), a page left on one line: cut after the announcement, both parts
    keeping the paragraph's index and locator (the preview marks the line it came from)."""
    result = list(paragraphs)
    for at, paragraph in enumerate(result[:6]):
        found = _ANNOUNCED_INSIDE_RE.search(paragraph.text)
        if found is not None and found.end() < len(paragraph.text):
            text = paragraph.text
            return [
                *result[:at],
                Paragraph(paragraph.index, text[: found.end()].rstrip(), paragraph.locator),
                Paragraph(paragraph.index, text[found.end() :], paragraph.locator),
                *result[at + 1 :],
            ]
    return result


def announces_minutes(text: str) -> bool:
    """The opening paragraph ends by saying the minutes follow ('现纪要如下：')."""
    return _ANNOUNCED_RE.search(text) is not None or matters_announced(text)


# A mirror's pinyin after a character ('区(qū)', '务(wù)'): dropped where only a match is asked.
_PINYIN_GLOSS_RE = re.compile(r"[（(][a-zA-Z\u00e0-\u01dc]{1,6}[)）]")
# The first line of a government's column page on a meeting, with no title: the date, who held
# it and which meeting ('2025年6月3日下午，区长王某某…主持召开了区政府七届五次常务会议。').
_RECORD_OPENING_RE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日[^。！!；;]{0,80}?主持召开了?[^。！!；;]{0,40}?"
    r"(?:常务会议|办公会议|办公会)[。，,]"
)
# A topic of such a record: what was heard, then what the meeting said or decided on it.
_HEARD_THEN_SAID_RE = re.compile(
    rf"^{_NUMBER_PREFIX}会议(?:听取|审议)了?[^。！!；;]{{2,120}}?[。；;]\s*会议(?:还|并)?"
    r"(?:指出|要求|强调|议定|决定|同意|明确)"
)


def record_opening(paragraphs: Sequence[Paragraph]) -> bool:
    """A page with no title that opens with the meeting's record ('2025年6月3日下午，…主持召开了
    区政府…常务会议。') and goes on topic by topic ('会议听取了…汇报。会议指出，…'; two at
    least): a standing meeting's record as a government publishes it, read as minutes. A news
    item opens with its headline, and tells what a leader said ('李某某强调，…')."""
    if not paragraphs:
        return False
    plain = [_PINYIN_GLOSS_RE.sub("", p.text) for p in paragraphs]
    if not _RECORD_OPENING_RE.match(plain[0]):
        return False
    return sum(1 for text in plain[1:] if _HEARD_THEN_SAID_RE.match(text)) >= 2


def matters_announced(text: str) -> bool:
    """The opening announces the meeting's matters ('…主持召开…常务会议，会议研究了以下事项：')."""
    return _MATTERS_ANNOUNCED_RE.search(text) is not None


def is_minutes(paragraphs: Sequence[Paragraph]) -> bool:
    """Minutes have a title naming them in their first lines, or open by announcing them
    ('…现纪要如下：'), and say what the meeting agreed ('会议议定', '会议要求'…).
    ``paragraphs`` are the simplified text."""
    paragraphs = _announced_split(paragraphs)
    head = [p.text for p in paragraphs[:6]]
    # A page that opens with a site's introduction, split from one line, announces them
    # a few paragraphs down ('…范文 会议纪要是…' / '…召开现场办公会。' / … / '现纪要如下:').
    if (
        not any(_title_line(text) or _numbered_title(text) for text in head)
        and not any(announces_minutes(text) for text in head)
        and not record_opening(paragraphs)
    ):
        return False
    if any(re.search(r"解读|读懂|图解", text) for text in head[:2]):
        return False
    cued = any(
        _CUE_START_RE.match(p.text)
        or _CUE_INSIDE_RE.search(p.text)
        or (_HEARD_RE.match(p.text) and _AGREED_AFTER_HEARING_RE.search(p.text))
        or _AGREED_LINE_RE.match(p.text)
        or _AGREED_TAIL_RE.search(p.text)
        or _BARE_DECISION_RE.match(p.text)
        for p in paragraphs
    )
    # No cue at all: minutes still, when topic headings stand over points directing work.
    return cued or bool(_headed_topics(paragraphs))


def is_topic_heading(text: str) -> bool:
    """'一、关于城区供暖管网改造的问题': in minutes, the topic the meeting took up (never the
    problems heading a report's '二、存在的问题' is)."""
    return _TOPIC_RE.match(text.rstrip("。.；;：:")) is not None


def heard_only(paragraphs: Sequence[Paragraph]) -> int:
    """Minutes whose every topic the meeting only heard ('一、关于…的问题。会议听取了…的汇报。'
    and nothing decided): the number of hearings, else 0. Such minutes give no task; read as a
    report, a topic '关于…的问题' would be taken for a problem. ``paragraphs`` are simplified."""
    head = [p.text for p in paragraphs[:6]]
    marks = [i for i, text in enumerate(head) if _title_line(text) or announces_minutes(text)]
    if not marks:
        return 0
    heard = 0
    for at, paragraph in enumerate(paragraphs[marks[-1] + 1 :], start=marks[-1] + 1):
        text = paragraph.text
        if _furniture(text) or _SIGNED_RE.match(text) or _CLOSING_RE.match(text):
            continue
        if at < 6 and not announces_minutes(head[marks[-1]]) and re.search(r"主持召开|召开", text):
            continue  # the opening: '3月5日，区长主持召开区政府第12次常务会议。'
        found = _topic_head(text)
        if found is not None and not found[2]:
            text = text[found[1] :]
        elif _TOPIC_RE.match(text):
            continue
        sentences = [s for s in re.split(r"(?<=[。！!；;])", text) if s.strip()]
        if (
            len(sentences) != 1
            or not _HEARD_RE.match(text)
            or _cues(text)
            or _AGREED_AFTER_HEARING_RE.search(text)
        ):
            return 0
        heard += 1
    return heard


def minutes_items(paragraphs: Sequence[Paragraph]) -> tuple[list[PlanItem], str | None]:
    """The agreed items, each one task, and the cue they were found by ('会议议定')."""
    reading = read_minutes(paragraphs)
    return reading.items, reading.cue


@dataclass
class _Topic:
    """A topic the minutes are written by: its tasks become one."""

    title: str
    number: str | None
    paragraph: Paragraph
    # '一、会议听取了…汇报。': a line telling what the meeting heard.
    heard: bool = False
    # '一、关于…的问题。会议听取了…': the topic opens the paragraph of its decisions.
    inline: bool = False
    kind: str | None = None  # its number's kind, when inline
    rank: float | None = None  # its number's rank ('一、' above '（一）')


@dataclass
class _TopicTask:
    """A topic's task: the topic, the task, the lead its decisions name, their reasons."""

    topic: _Topic
    item: PlanItem
    lead: tuple[str, ...]
    reasons: list[str] = field(default_factory=list)


@dataclass
class _List:
    """Points expected after an introducing cue ('会议要求：')."""

    cue: str
    kind: str | None = None  # 'heading' kind of the first point, 'yishi', or 'plain'
    rank: float = 0.0
    count: int = 0
    # Opened by what the meeting pointed out ('会议指出，…。' then '一、要…'): only numbered
    # points that direct work, starting at one, within a few paragraphs; ``where`` says so.
    numbered_only: bool = False
    waiting: int = 0
    where: str = "下"
    # '会议强调，优化营商环境是重点工作。' then '（一）…': the statement, if points follow.
    preface: PlanItem | None = None
    # Opened by the agreed items' announcement ('现将会议议定事项纪要如下：'): topics may follow.
    agreed: bool = False


class _Reader:
    def __init__(self) -> None:
        self.result = MinutesReading()
        self.topic: str | None = None
        # The topic items now fall under: a heading's, or a paragraph opening with its matter.
        self.heading_topic: _Topic | None = None
        self.paragraph_topic: _Topic | None = None
        # Each item's topic, the text it was cut from, and its body as first cut.
        self.grouped: dict[int, tuple[_Topic, str, str]] = {}
        self.open: _List | None = None
        # The item a following assignment line ('由X牵头…') belongs to.
        self.last: PlanItem | None = None
        # The last item, when it is a view directing work ('会议认为，…一定要…'): a
        # requirement list opened next ('会议要求：') makes it their reason.
        self.view: PlanItem | None = None
        # Items cut off a decision before a clause naming another lead (add): their lead parts
        # the topic even when the office is only told to act ('；B负责Y'), as it parted the
        # decision (engineer r15d).
        self.parted: set[int] = set()

    def reason(self, cue: str, how: str) -> str:
        where = f"议题“{self.topic}”下，" if self.topic else ""
        return f"会议纪要：{where}“{cue}”{how}"

    def add(self, number: str | None, text: str, paragraph: Paragraph, cue: str, how: str) -> None:
        """One decision; two assignment sentences in it naming different leads ('由A牵头负责X；
        B牵头Y，于…前完成') are two, each its own task (one task per lead, as by_topic)."""
        topic = self.heading_topic or self.paragraph_topic
        self.view = None
        for at, (part, lead, shared) in enumerate(_lead_parts(text)):
            title, body = split_title(part)
            reason = how
            if at:
                reason += f"；同一项决定中另写了牵头单位（“{'、'.join(lead)}”），另列一项任务"
            if shared:
                reason += f"；完成时限与同一句的“{shared}”相同"
            item = PlanItem(number if not at else None, title, body, paragraph)
            item.reason = self.reason(cue, reason)
            if shared:
                self.result.shared_deadlines[id(item)] = shared
            if at:
                self.parted.add(id(item))
            self.result.items.append(item)
            self.result.cue = self.result.cue or cue
            self.last = item
            if topic is not None:
                self.grouped[id(item)] = (topic, part, body)

    def read(self, paragraphs: Sequence[Paragraph]) -> MinutesReading:
        for paragraph in paragraphs:
            self.paragraph(paragraph)
        self.result.items = self.by_topic(self.result.items)
        return self.result

    def by_topic(self, items: list[PlanItem]) -> list[PlanItem]:
        """Minutes written by topic: each topic's items become one task, titled by the topic,
        its decisions and requirements (as written) its body, in the order of the topics. A
        decision naming another lead than the topic's first is a task of its own (one task per
        topic and lead, the coordinator's decision), titled by the topic and the decision."""
        result: list[PlanItem] = []
        tasks: dict[tuple[int, tuple[str, ...]], _TopicTask] = {}
        first_lead: dict[int, tuple[str, ...]] = {}
        for item in items:
            found = self.grouped.get(id(item))
            if found is None:
                result.append(item)
                continue
            topic, text, body = found
            added = item.body[len(body) :].strip("\n") if item.body.startswith(body) else ""
            lines = [text.strip(), *([added] if added else [])]
            reason = item.reason.removeprefix("会议纪要：").removeprefix(f"议题“{topic.title}”下，")
            # Only a lead the decision names as such parts a topic: an office told to act in
            # one of its points ('四是经发局要…', lead_reason set) does not — unless the
            # decision was already cut before that office's clause ('由A牵头负责X；B负责Y').
            assignment = parse_assignment(f"{item.title}\n{item.body}")
            named = not assignment.lead_reason or id(item) in self.parted
            lead = tuple(assignment.lead) if named else ()
            if lead and all(name.endswith("同志") for name in lead):
                # '张某同志牵头负责' (or, masked, '同志牵头负责'): the person in charge of the
                # same work, no other lead unit.
                person = "、".join(assignment.lead)
                reason += f"（牵头的“{person}”是负责此事的人，不是另一牵头单位，与本议题的决定同属一项任务）"
                lead = ()
            if not first_lead.get(id(topic)):
                first_lead[id(topic)] = lead
            first = first_lead[id(topic)]
            key = (id(topic), () if not lead or set(lead) == set(first) else lead)
            task = tasks.get(key)
            if task is None:
                if key[1]:
                    # '会议同意安排资金，由区财政局负责…' under a topic led by 区水务局.
                    title = f"{topic.title}：{item.title.rstrip('。；;，, ')}"
                    plan = PlanItem(topic.number, title, item.body, item.paragraph)
                else:
                    plan = PlanItem(topic.number, topic.title, "\n".join(lines), topic.paragraph)
                task = tasks[key] = _TopicTask(topic, plan, lead)
                result.append(plan)
            else:
                task.item.body = "\n".join([task.item.body, *lines])
            task.reasons.append(reason)
            shared = self.result.shared_deadlines.get(id(item))
            if shared is not None:
                self.result.shared_deadlines.setdefault(id(task.item), shared)
        for (topic_id, other), task in tasks.items():
            title = task.topic.title
            inline = "（议题与其决定写在同一段）" if task.topic.inline else ""
            if other:
                leading = "、".join(first_lead[topic_id])
                count = f"这{len(task.reasons)}项决定" if len(task.reasons) > 1 else "这项决定"
                task.item.reason = (
                    f"会议纪要：按议题写成，议题“{title}”{inline}下{count}写明的"
                    f"牵头单位“{'、'.join(other)}”与本议题第一项任务的牵头单位“{leading}”不同，"
                    f"另列一项任务（{'；'.join(task.reasons)}）"
                )
                continue
            apart = [t for (t_id, o), t in tasks.items() if t_id == topic_id and o]
            split = (
                f"；另有{sum(len(t.reasons) for t in apart)}项决定写明了其他牵头单位"
                f"（{'、'.join('、'.join(t.lead) for t in apart)}），另列任务"
                if apart
                else ""
            )
            task.item.reason = (
                f"会议纪要：按议题写成，议题“{title}”{inline}是一项任务，其下{len(task.reasons)}"
                f"项决定和要求写入任务内容（{'；'.join(task.reasons)}）{split}"
            )
        return result

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        if _furniture(text) or _SIGNED_RE.match(text) or _title_line(text):
            self.result.furniture += 1
            self.open, self.last, self.paragraph_topic = None, None, None
            return
        if _CLOSING_RE.match(text):
            self.result.closing += 1
            self.open, self.last, self.paragraph_topic = None, None, None
            return
        head = None if self.in_list(paragraph) or self.awaits_points() else _topic_head(text)
        if head is not None:
            # '一、关于…的问题。会议听取了…，同意…。由…牵头…。会议要求，…。': the topic and
            # its decisions in one paragraph; the rest is read as the topic's paragraph.
            title, start, heard_topic_line, head_end = head
            heading = _match_heading(Paragraph(paragraph.index, text[:head_end], paragraph.locator))
            current = self.heading_topic
            if (
                current is not None
                and current.rank is not None
                and heading is not None
                and heading.rank > current.rank
            ):
                # '（六）关于…有关问题：一是…' under '二、关于…问题': a sub-topic, in its topic.
                rest = text[start:]
                if _DIRECTIVE_RE.search(rest) or _cues(rest) or _BARE_DECISION_RE.match(rest):
                    self.add(
                        heading.number,
                        text[_number_end(text) :],
                        paragraph,
                        title,
                        "是议题下的分议题，连同其后所写写入该议题",
                    )
                return
            agreed_list = self.open if self.open is not None and self.open.agreed else None
            self.topic = title
            self.heading_topic = _Topic(
                title,
                heading.number if heading is not None else None,
                paragraph,
                heard=heard_topic_line,
                inline=True,
                kind=heading.kind if heading is not None else None,
                rank=heading.rank if heading is not None else None,
            )
            self.open, self.last, self.paragraph_topic = None, None, None
            paragraph = Paragraph(paragraph.index, text[start:], paragraph.locator, paragraph.style)
            text = paragraph.text
            directive = _DIRECTIVE_RE.search(text)
            if (
                directive is not None
                and not _cues(text)
                and not _HEARD_RE.match(text)
                and not _BARE_DECISION_RE.match(text)
            ):
                # '（一）关于城区学校扩容问题。由县教育局牵头，…于8月底前完成。': what the
                # topic's sentence is followed by directs the work itself.
                self.add(None, text, paragraph, directive.group(0), "写明的部署（写在议题之后）")
                self.open = agreed_list
                return
        elif (
            self.heading_topic is not None
            and self.heading_topic.inline
            and (heading := _match_heading(paragraph)) is not None
            and heading.kind == self.heading_topic.kind
        ):
            # '（二）县交通运输局负责，…' after '（一）关于…问题。…': the topic's paragraph ended.
            self.heading_topic, self.topic = None, None
        topic = _TOPIC_RE.match(text) if head is None else None
        heard_topic = _HEARD_TOPIC_RE.match(text) if head is None else None
        if (
            heard_topic is not None
            and not self.in_list(paragraph)
            and not list(_cues(text))
            and not _AGREED_AFTER_HEARING_RE.search(text)
        ):
            # '一、会议审议了《…》。': the topic; the meeting's hearing it is no task.
            self.topic = heard_topic.group("topic")
            heading = _match_heading(paragraph)
            number = heading.number if heading is not None else heard_topic.group("number")
            self.heading_topic = _Topic(
                self.topic,
                number,
                paragraph,
                heard=True,
                rank=heading.rank if heading is not None else None,
            )
            self.result.heard += 1
            self.open, self.last, self.paragraph_topic = None, None, None
            return
        if topic and not self.in_list(paragraph) and not _HEARD_RE.match(text):
            self.topic = topic.group("topic")
            heading = _match_heading(paragraph)
            self.heading_topic = _Topic(
                self.topic,
                heading.number if heading is not None else None,
                paragraph,
                rank=heading.rank if heading is not None else None,
            )
            self.open, self.last, self.paragraph_topic = None, None, None
            return
        if self.heading_topic is None and not self.continues(paragraph):
            matter = _MATTER_RE.match(text) or (
                _HEARD_RE.match(text) and re.match(r"^(?P<topic>[^。；;！!？?]+)。", text)
            )
            title = matter.group("topic") if matter is not None else ""
            if _HEARD_RE.match(title) and (agreed := _AGREED_AFTER_HEARING_RE.search(title)):
                # '会议听取了…汇报，同意…。': the topic is the hearing, the agreement a task.
                title = title[: agreed.start()]
            self.paragraph_topic = (
                _Topic(title, None, paragraph, inline=True)
                if matter is not None and text[matter.end() :].strip()
                else None
            )
        if (
            self.heading_topic is not None
            and self.heading_topic.heard
            and _AGREED_INTRO_RE.match(text)
        ):
            # '一、会议听取了…汇报。' then '二、议定事项' / '会议议定事项如下：': the hearing
            # was no topic of the items; they are listed, one task each.
            self.heading_topic, self.topic = None, None
        agreed_line = _AGREED_LINE_RE.match(text) or _AGREED_TAIL_RE.search(text)
        if agreed_line is not None and not _CUE_START_RE.match(text):
            self.open, self.last = _List(agreed_line.group("cue"), agreed=True), None
            return
        cues = list(_cues(text))
        heard = _HEARD_RE.match(text)
        if heard:
            self.result.heard += 1
            self.open, self.last = None, None
            if cues:
                # '会议听取了…汇报，同意…。由…牵头…。会议要求，…': what it agreed to, before
                # the next cue, is a task too.
                self.agreed_after_hearing(paragraph, heard, cues[0][0])
        if cues:
            self.open, self.last = None, None
            for at, (start, cue, word, rest_start, end) in enumerate(cues):
                if re.fullmatch(_VIEW_WORDS, word) and any(
                    not re.fullmatch(_VIEW_WORDS, later[2]) for later in cues[at + 1 :]
                ):
                    # '会议指出，…必须按时完成。会议强调，要…': the view is the reason for
                    # the requirement after it in the paragraph, which is the task.
                    self.result.views += 1
                    continue
                # '会议原则同意《…》' keeps its verb; '会议同意，由X牵头…' needs none.
                joined = not text[start + len(cue) : rest_start].strip()
                rest = text[rest_start:end]
                label = _LABEL_BEFORE_CUE_RE.match(text[:start]) if at == 0 else None
                if label is not None:
                    # '1、城东小学：目前…，会议要求…': the project the requirement is for
                    # names the task.
                    rest = f"{label.group('label')}：{rest}"
                self.statement(paragraph, rest, cue, word, joined=joined)
            return
        bare = _BARE_DECISION_RE.match(text) if not heard else None
        if bare is not None:
            self.open, self.last = None, None
            if _INTRO_REST_RE.match(text[bare.end("cue") :]):
                self.open = _List(bare.group("cue"))
            else:
                # The paragraph is the task as written, its verb included.
                self.statement(paragraph, text, bare.group("cue"), "", joined=False)
            return
        if heard:
            before = len(self.result.items)
            self.agreed_after_hearing(paragraph, heard, len(text))
            if len(self.result.items) == before:
                self.directed_after_hearing(paragraph)
            return
        if self.last is not None and _LABEL_LINE_RE.match(text):
            # '责任单位：县住建局；完成时限：…' under the decision it assigns.
            self.last.body = "\n".join(b for b in (self.last.body, text) if b)
            return
        if self.open is not None and self.point(paragraph, self.open):
            return
        if self.last is not None and _DIRECTIVE_RE.search(text) and _heading_free(paragraph):
            # '由县住建局牵头，…于6月底前完成。' under the decision it carries out.
            self.last.body = "\n".join(b for b in (self.last.body, text) if b)
            return
        self.open, self.last = None, None

    def agreed_after_hearing(self, paragraph: Paragraph, heard: re.Match[str], end: int) -> None:
        """'会议听取了…汇报，原则同意…，要求…': what it agreed to, up to ``end``, is a task."""
        text = paragraph.text
        agreed = _AGREED_AFTER_HEARING_RE.search(text, 0, end)
        if agreed is None:
            return
        verb = re.sub(r"^[一二三四五六七八九十\d、.．（()）\s]+", "", heard.group(0))
        label = f"{verb}”后的“{agreed.group('cue')}"
        rest = text[agreed.end() : end].rstrip()
        stripped = rest.lstrip("，,：: ")
        self.statement(paragraph, stripped, label, agreed.group("cue"), joined=stripped == rest)

    def directed_after_hearing(self, paragraph: Paragraph) -> None:
        """'会议听取了…汇报。由县住建局牵头…，于12月底前完成。', '会议研究了…工作。县交通运输局
        要…': no cue, but the sentences after the hearing direct work; they are the task (a
        sentence telling work done, '目前管网已全部完工。', is none)."""
        text = paragraph.text
        first = re.search(r"[。！!；;]", text)
        if first is None:
            return
        rest = text[first.end() :].strip()
        directive = _DIRECTIVE_RE.search(rest)
        if directive is None or not _heading_free(paragraph):
            return
        part = Paragraph(paragraph.index, rest, paragraph.locator, paragraph.style)
        self.add(None, rest, part, directive.group(0), "写明的部署（写在听取、研究的事项之后）")

    def awaits_points(self) -> bool:
        """'会议要求：' just read: its first point ('（一）部署…。各镇要…') is no topic."""
        listing = self.open
        return (
            listing is not None
            and not listing.count
            and not listing.agreed
            and not listing.numbered_only
        )

    def continues(self, paragraph: Paragraph) -> bool:
        """A paragraph the open list may take as its point: numbered, '一是…', or after an
        introducing cue ('会议要求：') a plain one with no cue of its own."""
        if self.open is None:
            return False
        if not _heading_free(paragraph):
            return True
        text = paragraph.text
        return (
            not self.open.numbered_only
            and not _cues(text)
            and not _HEARD_RE.match(text)
            and not _BARE_DECISION_RE.match(text)
        )

    def in_list(self, paragraph: Paragraph) -> bool:
        """A short numbered line that continues the open list ('（二）研究制定收费办法') is a
        point, not a new topic."""
        if self.open is None or not self.open.count:
            return False
        heading = _match_heading(paragraph)
        return heading is not None and heading.kind == self.open.kind

    def view_as_reason(self) -> None:
        """'会议认为/指出，…各部门一定要…。' just before the meeting's requirement list: the view
        is the requirements' reason, no task of its own."""
        view = self.view
        if view is not None and self.result.items and self.result.items[-1] is view:
            self.result.items.remove(view)
            self.result.view_reasons += 1
            self.last = None

    def statement(
        self, paragraph: Paragraph, rest: str, cue: str, word: str, *, joined: bool = True
    ) -> None:
        """One '会议…' statement: an introducing line, points on one line, or one task."""
        kept = _KEPT_VERB_RE.search(word)
        if kept is not None and joined and rest:
            # '原则同意《…方案》', '责成县市场监管局…': the verb belongs to the task.
            rest = f"{word[kept.start() :]}{rest}"
        if _INTRO_REST_RE.match(rest):
            self.view_as_reason()
            self.open = _List(cue)
            self.result.cue = self.result.cue or cue
            return
        how_view = ""
        if re.fullmatch(_VIEW_WORDS, word):
            directive = _DIRECTIVE_RE.search(rest)
            if directive is None:
                spans = _enumeration(rest)
                if spans and all(_directs(rest[s:e], m) for m, s, e in spans):
                    # '会议指出，…严峻。一是各乡镇落实…；二是县生态环境局加强…。'
                    for marker, start, end in spans:
                        self.add(marker, rest[start:end], paragraph, cue, "后的“一是、二是”")
                    self.open = _List(cue, "yishi", count=len(spans), where="后")
                    return
                self.result.views += 1
                # Its points may follow: '一、要…', '一要…', '（一）…'.
                self.open = _List(cue, numbered_only=True, waiting=2, where="后")
                return
            how_view = f"后有“{directive.group(0)}”的部署"
        spans = _enumeration(rest)
        if spans:
            if not re.fullmatch(_VIEW_WORDS, word):
                # '一、会议指出，…各单位要全力以赴…。' then '二、会议要求：一要…二要…' on one
                # line: the view is the points' reason, as before '会议要求：' alone.
                self.view_as_reason()
            for marker, start, end in spans:
                self.add(marker, rest[start:end], paragraph, cue, "下的“一是、二是”")
            self.open = _List(cue, "yishi", count=len(spans))
            return
        # '会议强调，（1）…' — the first point on the cue's line (a line ending in '，' is read
        # as running on), the others in the paragraphs below.
        heading = _match_heading(Paragraph(paragraph.index, rest, paragraph.locator))
        if heading is not None and heading.kind != "style":
            pieces = _inline_points(rest) or [(heading.number, rest[_number_end(rest) :])]
            for number, piece in pieces:
                self.add(number, piece, paragraph, cue, "下的编号条目")
            self.open = _List(cue, heading.kind, heading.rank, len(pieces))
            return
        opening = _POINT_RE.match(rest)
        if opening is not None:
            point = rest[opening.end() :].lstrip("，,、：: ")
            self.add(opening.group("marker"), point, paragraph, cue, "下的“一是、二是”")
            self.open = _List(cue, "yishi", count=1)
            return
        if _bare_approval(word, rest):
            self.result.passed += 1
            self.open = None
            return
        parts = _decisions(rest) if self.heading_topic or self.paragraph_topic else []
        self.add(None, parts[0][1] if parts else rest, paragraph, cue, how_view or "开头的段落")
        if how_view and not parts:
            self.view = self.last
        for verb, piece in parts[1:]:
            # '同意A，由区水务局牵头…。同意B，由区财政局负责…。': under a topic, each decision
            # apart, so that one naming another lead can be a task of its own.
            self.add(None, piece, paragraph, cue, f"开头的段落中另起的“{verb}”")
        # '会议强调，优化营商环境是今年的重点工作。', '会议指出，…各村务必高度重视。' may
        # introduce points below them, which are then the tasks; a decision ('会议决定，…',
        # '会议原则同意…') stays a task beside any points after it.
        decision = _DECISION_RE.search(word) or _KEPT_VERB_RE.match(rest)
        self.open = _List(
            cue, numbered_only=True, where="后", preface=None if decision else self.last
        )

    def point(self, paragraph: Paragraph, listing: _List) -> bool:
        """A point of the open list, or a paragraph continuing the last; False ends the list."""
        text = paragraph.text
        heading = _match_heading(paragraph)
        marker = _POINT_RE.match(text)
        if heading is not None and heading.kind == "style":
            heading = None
        numbered = heading is not None or marker is not None
        point = text[marker.end() :] if marker else text[_number_end(text) :]
        if listing.numbered_only and not listing.count:
            if not numbered:
                if listing.waiting > 0 and listing.preface is None:
                    # '各相关部门必须围绕…目标，全力以赴…': the points' preamble.
                    listing.waiting -= 1
                    self.result.preamble += 1
                    return True
                return False
            if not _FIRST_POINT_RE.match(text) or not _directs(point, marker):
                return False
            if listing.preface is not None and listing.preface in self.result.items:
                # The statement introduced the points: they are the tasks.
                self.result.items.remove(listing.preface)
                self.last = None
        elif (
            listing.numbered_only
            and numbered
            # '1.各村排查山塘；' under '（一）加强隐患排查。': a sub-point, the item's body.
            and not (heading is not None and self.last is not None and heading.rank > listing.rank)
            and not _directs(point, marker)
        ):
            return False
        if heading is not None:
            if listing.kind is None:
                listing.kind, listing.rank = heading.kind, heading.rank
            elif heading.kind != listing.kind and heading.rank <= listing.rank:
                return False
            if heading.rank > listing.rank and self.last is not None:
                # '（一）…' with '1.…' under it: the sub-points are the item's body.
                self.last.body = "\n".join(b for b in (self.last.body, text) if b)
                return True
            if self.done(point, marker, listing):
                return True
            pieces = _inline_points(text) or [(heading.number, text[_number_end(text) :])]
            for number, piece in pieces:
                self.add(number, piece, paragraph, listing.cue, f"{listing.where}的编号条目")
            listing.count += 1
            return True
        if marker is not None and listing.kind in (None, "yishi"):
            listing.kind = "yishi"
            if self.done(point, marker, listing):
                return True
            spans = _enumeration(text)
            how = f"{listing.where}的“一是、二是”"
            if spans:
                for mark, start, end in spans:
                    self.add(mark, text[start:end], paragraph, listing.cue, how)
            else:
                self.add(
                    marker.group("marker"),
                    text[marker.end() :].lstrip("，,、：: "),
                    paragraph,
                    listing.cue,
                    how,
                )
            listing.count += 1
            return True
        if (listing.kind is None or listing.kind == "plain") and _sentence(text):
            # '会议要求：' and then one requirement a paragraph, unnumbered.
            listing.kind = "plain"
            self.add(None, text, paragraph, listing.cue, "下的段落")
            listing.count += 1
            return True
        if self.last is not None:
            self.last.body = "\n".join(b for b in (self.last.body, text) if b)
            return True
        return False

    def done(self, point: str, marker: re.Match[str] | None, listing: _List) -> bool:
        """'1、前期征地已全面到位，…对方案进行了重新设计。': a point reporting work done, with
        nothing directed in it, is passed over (and counted for the section's reason)."""
        if not _DONE_RE.search(point) or _directs(point, marker):
            return False
        self.result.done += 1
        self.last = None
        listing.count += 1
        return True


# Who a point names before its verb: '县生态环境局加强督查', '各乡镇落实网格化巡查'.
_SUBJECT_RE = re.compile(
    r"^(?:各|全|由)?[\u4e00-\u9fff]{0,12}?(?:乡镇|局|委|办|站|所|中心|街道|社区|村|单位|部门|公司|政府)"
)


def _directs(point: str, marker: re.Match[str] | str | None = None) -> bool:
    """A point that directs work: '一要…', '…要…/必须/负责/牵头', or opening, after the unit
    it names, with a verb of doing ('加快…', '县发改委牵头…', '各乡镇落实…'); not an
    achievement ('完成投资5亿元') or a shortfall ('部分村重视不够')."""
    mark = marker.group(0) if isinstance(marker, re.Match) else marker or ""
    point = point.lstrip("，,、：: ")
    if mark.endswith("要") or _DIRECTIVE_RE.search(point):
        return True
    subject = _SUBJECT_RE.match(point)
    return bool(
        _TASK_VERB_RE.match(point) or (subject and _TASK_VERB_RE.match(point[subject.end() :]))
    )


# An approval that is the whole decision: '会议审议通过了《…办法》。'.
_PASSED_WORD_RE = re.compile(r"(?:审议|讨论)(?:并)?(?:原则)?通过|原则通过")


def _bare_approval(word: str, rest: str) -> bool:
    """'会议审议通过了…项目建议书。' records a vote, not work to follow up: the README's rule
    is that an approval is a task only when a requirement, a lead or a deadline follows it
    ('会议原则同意该意见并要求…', '…，由区司法局印发实施')."""
    if not _PASSED_WORD_RE.fullmatch(word):
        return False
    # A document's own title ('《…实施方案》') directs nothing.
    body = re.sub(r"《[^》]*》", "《》", rest).rstrip("。；; ")
    return (
        not re.search(r"[。；;！!]", body)
        and _DIRECTIVE_RE.search(body) is None
        and not (
            re.search(
                r"由.{2,20}?(?:负责|牵头|组织|印发|实施|落实)|实施|执行|落实|印发|前完成", body
            )
        )
    )


# A sentence opening a further decision inside a statement: '。同意…', '。责成…', '。要求…'.
_NEXT_DECISION_RE = re.compile(
    r"(?<=[。；;])\s*(?P<verb>(?:原则|一致)?同意|责成|要求|(?:研究)?决定(?!性))(?=[^，,。；;]{2})"
)


def _decisions(text: str) -> list[tuple[str, str]]:
    """A statement cut where a sentence opens a further decision, each with its verb; [] when
    it holds one."""
    starts = [m for m in _NEXT_DECISION_RE.finditer(text) if m.start() > 0]
    if not starts:
        return []
    bounds = [0, *(m.start("verb") for m in starts), len(text)]
    verbs = ["", *(m.group("verb") for m in starts)]
    return [
        (verb, text[a:b].strip())
        for verb, a, b in zip(verbs, bounds, bounds[1:], strict=False)
        if text[a:b].strip()
    ]


def _lead_parts(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    """A decision cut before each clause (after '；' or '。') naming another lead than the
    clauses before it, the lead read by parse_assignment ('由A牵头负责X；B牵头Y，于…前完成' →
    two parts). Each part with its lead, and, for a part naming no deadline that a '；' parts
    from the next, the deadline words closing the sentence, which it shares. One part when the
    decision names one lead, or none."""
    if not re.search(r"[；;。].", text):
        return [(text, (), None)]
    starts = [0, *(at + 1 for at in _cut_points(text, "。；;") if at + 1 < len(text))]
    bounds: list[tuple[int, tuple[str, ...]]] = []
    lead: tuple[str, ...] = ()
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        # '张某同志牵头负责' (masked: '同志牵头负责') names the person in charge, no other unit.
        named = tuple(n for n in parse_assignment(text[start:end]).lead if not n.endswith("同志"))
        if named and lead and set(named) != set(lead):
            bounds.append((start, named))
        if named and (not lead or set(named) != set(lead)):
            lead = named
    if not bounds:
        return [(text, (), None)]
    cuts = [0, *(start for start, _ in bounds), len(text)]
    leads = [(), *(named for _, named in bounds)]
    parts: list[tuple[str, tuple[str, ...], str | None]] = []
    for at, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        part = text[start:end].strip()
        shared = None
        if end < len(text) and text[end - 1] in "；;" and not parse_assignment(part).deadline:
            following = text[end : cuts[at + 2]]
            shared = next(
                (
                    clause.strip("。；; ")
                    for clause in re.split(r"[，,]", following)
                    if parse_assignment(clause).deadline
                ),
                None,
            )
        parts.append((part.rstrip("；; ") if end < len(text) else part, leads[at], shared))
    return parts


def _sentence(text: str) -> bool:
    """A requirement is a sentence, not a line of names ('张某 李某 王某')."""
    return len(text) >= 8 and re.search(r"[。；;，,]", text) is not None


def _heading_free(paragraph: Paragraph) -> bool:
    return _match_heading(paragraph) is None and not _POINT_RE.match(paragraph.text)


def _number_end(text: str) -> int:
    match = _NUMBER_RE.match(text)
    return match.end() if match else 0


def _inline_points(text: str) -> list[tuple[str | None, str]]:
    """'1.A；2.B；3.C。' or '（1）A。（2）B。' on one line: each point with its number."""
    cuts = _line_list_cuts(text)
    if not cuts:
        return []
    bounds = [0, *cuts, len(text)]
    points: list[tuple[str | None, str]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end].strip()
        heading = _match_heading(Paragraph(0, piece, ""))
        number = heading.number if heading else None
        points.append((number, piece[_number_end(piece) :].rstrip("；; ")))
    return points


def _cues(text: str) -> list[tuple[int, str, str, int, int]]:
    """Each '会议…' cue in a paragraph: (start, cue, word, where its statement starts, where
    it ends — at the next cue)."""
    found: list[tuple[int, str, str, int]] = []
    first = _CUE_START_RE.match(text)
    if first:
        found.append((first.start("cue"), first.group("cue"), first.group("word"), first.end()))
    for match in _CUE_INSIDE_RE.finditer(text, first.end() if first else 0):
        found.append((match.start("cue"), match.group("cue"), match.group("word"), match.end()))
    return [
        (start, cue, word, rest, found[i + 1][0] if i + 1 < len(found) else len(text))
        for i, (start, cue, word, rest) in enumerate(found)
    ]


@dataclass
class _HeadedTopic:
    """A topic heading on its own line ('一、全力抓好春季供水保障') and the points under it."""

    heading: _Heading
    paragraph: Paragraph
    points: list[tuple[Paragraph, str]] = field(default_factory=list)
    directing: int = 0


def _headed_topics(paragraphs: Sequence[Paragraph]) -> list[_HeadedTopic]:
    """Minutes written with no cue ('会议要求/议定/明确'): topic headings standing alone at the
    top rank, each over numbered points ('1.加强水源调度。调度中心要…'). A topic is a task when
    at least half its points direct work (see _directs); a topic telling work done is none.
    Paragraphs before the first topic (number, date, opening) and the furniture are no part."""
    topics: list[_HeadedTopic] = []
    current: _HeadedTopic | None = None
    for paragraph in paragraphs:
        text = paragraph.text
        if _furniture(text) or _SIGNED_RE.match(text) or _CLOSING_RE.match(text):
            current = None
            continue
        heading = _match_heading(paragraph)
        if heading is not None and heading.kind == "style":
            heading = None
        top = topics[0].heading.rank if topics else None
        if (
            heading is not None
            and not heading.body
            and not re.search(r"[。！!？?]", heading.title)
            and (top is None or heading.rank == top)
        ):
            current = _HeadedTopic(heading, paragraph)
            topics.append(current)
            continue
        if current is None:
            continue
        if heading is not None and heading.rank > current.heading.rank:
            current.points.append((paragraph, text))
            if _directs(text[_number_end(text) :]) and not (
                _DONE_RE.search(text) and not _DIRECTIVE_RE.search(text)
            ):
                current.directing += 1
        elif heading is None and current.points:
            point, written = current.points[-1]
            current.points[-1] = (point, f"{written}\n{text}")
        else:
            current = None
    return [t for t in topics if t.points and t.directing * 2 >= len(t.points)]


def _headed_items(topics: list[_HeadedTopic]) -> list[PlanItem]:
    """Each topic one task, titled by its heading, its points (as written) its body; a point
    naming another lead than the topic's first is a task of its own, as for any topic (one
    task per topic and lead, _Reader.by_topic)."""
    reader = _Reader()
    items: list[PlanItem] = []
    for found in topics:
        topic = _Topic(
            found.heading.title, found.heading.number, found.paragraph, rank=found.heading.rank
        )
        for paragraph, text in found.points:
            heading = _match_heading(Paragraph(paragraph.index, text, paragraph.locator))
            number = heading.number if heading is not None else None
            point = text[_number_end(text) :]
            title, body = split_title(point)
            item = PlanItem(number, title, body, paragraph, f"没有提示语的编号条目“{number}”")
            reader.grouped[id(item)] = (topic, point, body)
            items.append(item)
    return reader.by_topic(items)


def read_minutes(paragraphs: Sequence[Paragraph]) -> MinutesReading:
    """Read minutes' paragraphs (simplified text) topic by topic; see the module's doc. Minutes
    with no cue at all are read by their topic headings (_headed_topics)."""
    split = _announced_split(paragraphs)
    reading = _Reader().read(split)
    reading.announced_inside = len(split) > len(paragraphs)
    head = [p.text for p in split[:6]]
    if not any(_title_line(text) or _numbered_title(text) for text in head):
        found = next((m for text in head if (m := _MATTERS_ANNOUNCED_RE.search(text))), None)
        reading.matters_opening = found.group("words") if found else ""
        reading.record = (
            not found and not any(announces_minutes(t) for t in head) and (record_opening(split))
        )
    if not reading.items and reading.cue is None and (topics := _headed_topics(split)):
        reading.items = _headed_items(topics)
        title = next(
            (
                found.group(0) if (found := _numbered_title(p.text)) else p.text
                for p in split[:6]
                if _title_line(p.text) or _numbered_title(p.text)
            ),
            "标题",
        )
        reading.cue = title
        reading.headed = len(topics)
    return reading
