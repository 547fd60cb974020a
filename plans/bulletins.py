"""A supervision office's bulletin (督查通报, engineer r13x): '…督查室对…进行了专项督查，现通报如下'
then what it found and what it asks. The lagging items it names ('部分项目进展缓慢', '由某局负责的
第2件…进展滞后', '存在…不够高…等问题') are the problems; the requests that follow ('请以上单位加快…',
'各责任单位要…') and the office's own next step ('县政府督查室将…') are the tasks, one a sentence.

Plain Python, no Django; used by plans.documents when the report reading found nothing there.
Works on the text as written; every item keeps the document's own characters.
"""

from __future__ import annotations

import re
from typing import Any

from plans.parsing import PlanItem, ProblemItem, Section, _enumeration, split_title
from plans.phrases import WRITER_SUBJECT
from plans.reading import Paragraph
from plans.traditional import to_simplified

__all__ = [
    "normative_number",
    "read_bulletin",
    "read_counted_findings",
    "read_delayed_items",
    "read_flattened_rectification",
    "read_notice_requirements",
    "read_situation_admission",
    "read_site_findings",
    "read_site_requirements",
    "read_situation_findings",
]

# '…进行了专项督查', '开展了督查' (or '督察', as in 环保督察): the office says it checked.
# Or went back to see whether what it handed over was fixed: '进行了“回头看”'.
_CHECKED_RE = re.compile(
    r"(?:进行|开展)了?(?:专项|全面|实地|跟踪)?督[查察]|(?:进行|开展)了?[“\"]?回头看|"
    # or checked its own ground and reports what it found: '开展了为期一天的专项检查'
    r"(?:进行|开展)了?[^。，,；;]{0,8}?专项(?:检查|排查)"
)
# …and says it reports what it found: '现通报如下', '予以通报', '汇报如下', a title '…情况的通报'.
_REPORTED_RE = re.compile(r"(?:通报|汇报|报告)如下|予以通报|情况的?通报")
# A shortfall word of progress or of a unit's work.
_LAG_RE = re.compile(
    r"进展滞后|进度滞后|滞后序时|(?:进展|推进|进度)(?:相对|较为|比较|明显)?缓慢|未达(?:到)?序时|不及时|未按要求|"
    r"不够高|不到位|(?:不够|尚未|没有)到位|不够有力|不力|未办结|"
    # an item that slipped: '第4件未按期办结', '推迟至明年实施', '延期'
    r"未按期|未如期|未能按期|推迟|延期|"
    # a rectification that failed, as a follow-up check ('回头看') finds it
    r"(?:没有|未|未能)(?:得到|按时|按期|如期)?整改|虚假整改|表面整改|敷衍整改"
)
# '存在A，B等问题': one problem, the faults listed.
_FAULTS_RE = re.compile(r"存在(?P<faults>[^。；;]+?)等(?:问题|不足)")
# A clause that asks ('请…', '下一步，…', '各单位要…') or says what the office will do ('…室将').
_DEMAND_RE = re.compile(
    r"^(?:请|下一步)|(?:^|[^重主需必纲摘提只])要(?!求|素|点|件|事|是)|(?:室|办|组|局|委|府)将|务必|"
    # a dated commitment: '在本周内将整改完善', '于月底前将…'
    r"(?:周内|月内|日内|底前|日前)将|"
    # '12月10日前，各单位将整改情况上报', '区委巡察办(组)将择机抽查'
    r"^\d{1,2}月\d{1,2}日前[，,][^。]{0,24}?将|(?:室|办|组|局|委|府)[（(][^（）()]{1,4}[)）]将"
)
_DATED_DEMAND_RE = re.compile(r"\d{1,2}月\d{1,2}日前[，,][^。]{0,24}?将")
_SENTENCE_RE = re.compile(r"[^。！？；;]+[。！？；;]?")
_CLAUSE_RE = re.compile(r"[^，,]+")
# '城南污水厂扩建、滨河公园二期等均未达序时': instances of the shortfall just named.
_INSTANCES_RE = re.compile(r"、[^，,]*(?:等|均)")

_PROBLEMS_REASON = (
    "督查通报（或专项检查的情况报告）：督查机关点名的进展滞后事项或不足，每项是一个问题"
)
_PLAN_REASON = (
    "督查通报（或专项检查的情况报告）：督查后提出的要求（请…、…要…、…务必…）和督查机关自己的"
    "下一步（…将…、…内将…），每句是一项任务"
)


# '区政府督查室对我区…进行跟踪督查': a supervision office says in its own voice ('我区') that it
# checked — its report of the check need not say '通报如下'. A news item tells the same check
# with no '我…' ('市政府督查室对城南…进行了专项督查').
_INSPECTOR_CHECKED_RE = re.compile(
    rf"(?:督查(?:室|办|组)|督导组|督察组)[^。]{{0,40}}?{WRITER_SUBJECT}[^。]{{0,40}}?"
    r"(?:进行|开展)了?(?:专项|全面|实地|跟踪)?督[查察]"
)


# A page's source line ('来源：向阳区委巡察办　发布时间：…'): who wrote it.
_SOURCE_RE = re.compile(
    r"^\s*(?:信息)?来源\s*[：:]\s*(?P<office>[^\s：:|｜]{4,30}?)"
    r"(?=\s|发布|时间|日期|作者|浏览|[|｜]|$)"
)
_OFFICE_NAME_RE = re.compile(r"(?:办|室|组|委|局|部)$")
# A check told in the third person: '…组成专项督查组，…开展巡察整改工作专项督查'.
_CHECK_TOLD_RE = re.compile(r"(?:进行|开展)了?[^。，,；;]{0,10}?(?:督[查察]|检查|暗访|回头看)")
_SOURCE_REASON = (
    "（页面来源“{office}”正是开展这次督查的机关之一：这是它对自己督查的报告，不是新闻）"
)


def _source_office(paragraphs: list[Paragraph]) -> tuple[int, str] | None:
    """A page whose source line names an office ('来源：X区委巡察办') that the check paragraph
    names among those who checked ('区委巡察办(组)组成专项督查组…开展…督查'): the office's
    own report of its check, as '我区…' would say it. A media centre as source is news."""
    head = paragraphs[:8]
    for paragraph in head:
        source = _SOURCE_RE.match(paragraph.text)
        if source is None or not _OFFICE_NAME_RE.search(source.group("office")):
            continue
        office = source.group("office")
        # The office as the text names it: without its place ('向阳区委巡察办' → '区委巡察办').
        names = [office[i:] for i in range(len(office) - 3)]
        for i, checked in enumerate(paragraphs[:15]):
            if checked is paragraph or not _CHECK_TOLD_RE.search(checked.text):
                continue
            if any(name in checked.text for name in names):
                return i, office
        return None
    return None


def _opening(paragraphs: list[Paragraph]) -> int | None:
    """The paragraph where the office says it checked, in a document that says it reports (or
    where a supervision office says it checked, or the page's source is the checking office)."""
    head = paragraphs[:15]
    if not any(_REPORTED_RE.search(p.text) for p in head):
        found = next((i for i, p in enumerate(head) if _INSPECTOR_CHECKED_RE.search(p.text)), None)
        if found is None and (own := _source_office(paragraphs)) is not None:
            return own[0]
        return found
    return next((i for i, p in enumerate(head) if _CHECKED_RE.search(p.text)), None)


def _source_note(paragraphs: list[Paragraph], start: int) -> str:
    """The reasons' note when the page's source line opened the check, else ''."""
    head = paragraphs[:15]
    if any(_REPORTED_RE.search(p.text) for p in head) or any(
        _INSPECTOR_CHECKED_RE.search(p.text) for p in head
    ):
        return ""
    own = _source_office(paragraphs)
    return _SOURCE_REASON.format(office=own[1]) if own is not None and own[0] == start else ""


def read_bulletin(
    paragraphs: list[Paragraph],
) -> tuple[Section | None, Section | None] | None:
    """The bulletin's tasks and problems (either may be None), or None if it is no bulletin."""
    start = _opening(paragraphs)
    if start is None:
        return None
    found: list[ProblemItem] = []
    tasks: list[PlanItem] = []
    asking = False
    for paragraph in paragraphs[start:]:
        text = paragraph.text.strip()
        if asking and not _DEMAND_RE.search(text):
            break  # the requests end ('附件：…', a footer)
        for match in _SENTENCE_RE.finditer(text):
            sentence = match.group(0).strip()
            if not sentence:
                continue
            if asking:
                if _DEMAND_RE.search(sentence):
                    tasks.append(PlanItem(None, sentence, "", paragraph, _PLAN_REASON))
                elif tasks:
                    tasks[-1].body = f"{tasks[-1].body}{sentence}"
                continue
            if paragraph is paragraphs[start] and _CHECKED_RE.search(sentence):
                continue  # the office's own account of the check
            if _DATED_DEMAND_RE.match(sentence):
                # '12月10日前，被巡察单位将整改情况上报。': the date opens the demand.
                asking = True
                tasks.append(PlanItem(None, sentence, "", paragraph, _PLAN_REASON))
                continue
            faults = _FAULTS_RE.search(sentence)
            if faults is not None and not _DEMAND_RE.search(sentence[: faults.start()]):
                found.append(
                    ProblemItem(None, faults.group("faults"), paragraph, "", _PROBLEMS_REASON)
                )
                continue
            for clause in _CLAUSE_RE.finditer(sentence):
                bare = clause.group(0).strip().rstrip("。！？；;")
                if _DEMAND_RE.search(bare):
                    asking = True
                    tail = sentence[clause.start() :].strip()
                    tasks.append(PlanItem(None, tail, "", paragraph, _PLAN_REASON))
                    break
                lag = _LAG_RE.search(bare)
                if lag is None or bare.startswith("对"):
                    continue
                if (
                    bare[lag.end() : lag.end() + 1] == "的"
                    and "对" in bare[: lag.start()]
                    and not _LAG_RE.search(bare, lag.end())
                ):
                    # '对10家整改不力的单位负责人进行了约谈': the lag names whom the office acted
                    # on (an attribute after '对'), no finding of its own; '仍有5个进展缓慢的
                    # 项目' (no '对') stays a finding.
                    continue
                if found and _INSTANCES_RE.search(bare):
                    found[-1].body = f"{found[-1].body}{sentence}"
                    break
                found.append(ProblemItem(None, bare, paragraph, "", _PROBLEMS_REASON))
    if not found and not tasks:
        return None
    title = paragraphs[0].text.strip()[:60]
    note = _source_note(paragraphs, start)
    plan = Section(title, tasks, tasks[0].paragraph, _PLAN_REASON + note) if tasks else None
    problems = Section(title, found, found[0].paragraph, _PROBLEMS_REASON + note) if found else None
    return plan, problems


# --- a notice's numbered requirements ('特提出如下要求：' then '一、…') -----------------------

# '…现提出如下要求：', '现就有关事项通知如下。': the notice announces what follows.
_AS_FOLLOWS_RE = re.compile(r"如下(?:要求|意见|事项)?\s*[：:。]\s*$")
_POINT_RE = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*、\s*")
# A notice issuing a document and going straight on to its own points, with no '如下要求：'
# ('现将《…分工落实方案》印发给你们，请认真贯彻实施。' then '一、高度重视，…各县区要…').
_ISSUED_THEN_POINTS_RE = re.compile(
    r"(?:印发|转发)给你们[，,]\s*(?:请|望)(?:结合实际[，,]?\s*)?(?:认真|切实)?"
    r"(?:贯彻落实|贯彻执行|贯彻实施|组织实施|抓好落实|执行|实施|落实)[。.]?\s*$"
)
# A point that asks something of someone: '各区要…', '必须…', '应当…', '请…'.
# ('要闻' is news: '政务要闻412条' asks nothing, r16f.)
_ASKS_RE = re.compile(
    r"(?:^|[^重主需必纲摘提只])要(?!求|素|点|件|事|是|的|闻)|必须|应当|务必|(?:^|[。；，,])请"
)
# The signature or the date under the last point ('某市人民政府办公室', '2027年6月1日').
_END_RE = re.compile(r"^[^，,。；;：:、]{2,20}$")
_ISSUED_NOTICE_REASON = (
    "通知在“…印发给你们，请认真贯彻实施”之后直接列出编号要点，{n}个要点各提出要求（…要…、"
    "必须…），是通知本身的要求，每个要点是一项任务"
)
_NOTICE_REASON = (
    "通知以“…如下（要求）：”引出编号要点，{n}个要点各提出要求（…要…、必须…），每个要点是一项任务"
)


# '发改办财金规〔2019〕860号', '某政规〔2027〕3号': the number of a normative document (行政规范性文件,
# numbered with '规' apart from the issuer's ordinary '发〔〕' documents). It lays down standing
# rules for the bodies it addresses ('各地区、各部门要…'), not work for a period.
_NORMATIVE_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,10}规\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号"
)


def normative_number(paragraphs: list[Paragraph]) -> str | None:
    """The normative document number at the head ('…规〔2019〕860号'), or None."""
    found = next((m for p in paragraphs[:8] if (m := _NORMATIVE_NUMBER_RE.search(p.text))), None)
    return found.group(0).strip() if found else None


def read_notice_requirements(paragraphs: list[Paragraph]) -> Section | None:
    """The numbered points after a notice's '…如下要求：', one task each, when most of them ask
    something of someone; a notice of arrangements ('一、放假时间：…') stays silent, and so does
    a normative document (its number says '规〔…〕'), whose '要…' are standing rules."""
    if normative_number(paragraphs) is not None:
        return None
    start = next(
        (
            i
            for i, p in enumerate(paragraphs[:-1])
            if _AS_FOLLOWS_RE.search(p.text) and _POINT_RE.match(paragraphs[i + 1].text)
        ),
        None,
    )
    issued = False
    if start is None:
        start = next(
            (
                i
                for i, p in enumerate(paragraphs[:-1])
                if _ISSUED_THEN_POINTS_RE.search(to_simplified(p.text))
                and _POINT_RE.match(paragraphs[i + 1].text)
            ),
            None,
        )
        issued = start is not None
    if start is None:
        return None
    points: list[list[Any]] = []  # [paragraph, text, body lines]
    for paragraph in paragraphs[start + 1 :]:
        text = paragraph.text.strip()
        if _POINT_RE.match(text):
            points.append([paragraph, text, []])
        elif _END_RE.match(text) or issued:
            # After an issuing sentence each point is one paragraph: what follows them (the
            # document issued, '1. …（牵头单位：…）') is no part of the last.
            break
        else:
            points[-1][2].append(text)
    asking = [p for p in points if _ASKS_RE.search("\n".join([p[1], *p[2]]))]
    if len(asking) < 2 or 2 * len(asking) <= len(points):
        return None
    items = []
    for paragraph, text, lines in asking:
        marker = _POINT_RE.match(text)
        title, rest = split_title(text[marker.end() :] if marker else text)
        body = "\n".join(x for x in (rest, *lines) if x)
        number = marker.group(0).strip() if marker else None
        items.append(PlanItem(number, title, body, paragraph, "编号要点提出要求"))
    reason = _NOTICE_REASON.format(n=len(items))
    if issued:
        reason = _ISSUED_NOTICE_REASON.format(n=len(items))
    return Section(paragraphs[start].text.strip()[-40:], items, items[0].paragraph, reason)


# --- a notice's or circular's situation paragraph admitting what is wrong (engineer r13z) ------

# The cue of an admission or a finding: '但也要看到，', '…还不同程度存在各类问题，', '事故暴露出',
# '反映出', '突出问题是：'. A neutral description ('有的地方已经…') has none.
_ADMISSION_CUE_RE = re.compile(
    r"(?:但|同时)?也(?:要|应|应当)看到|(?:暴露|反映)出了?|突出问题是|"
    r"(?:还|仍|仍然|也)(?:不同程度)?地?存在着?[^，,。；;：:]{0,8}(?:问题|不足)"
)
# A clause whose subject is some of those concerned: '有的部门…', '部分地方…', '个别领导…'.
_SOME_RE = re.compile(r"有的|有些|部分|个别|一些|少数")


def read_situation_admission(paragraphs: list[Paragraph]) -> Section | None:
    """'…取得了积极进展。但也要看到，有的…；有的…；…。' or '…暴露出部分…；个别…；部分…。': after
    an admission or a finding, a sentence of '；' clauses opened by '有的/部分/个别…' (at least
    two of them, the first among them): each clause is one problem."""
    for paragraph in paragraphs:
        text = paragraph.text
        for cue in _ADMISSION_CUE_RE.finditer(text):
            start = cue.end()
            while start < len(text) and text[start] in "，,：: ":
                start += 1
            stop = min(
                (i for i in (text.find(ch, start) for ch in "。！？!?") if i >= 0),
                default=len(text),
            )
            groups = [(s, e) for s, e in _clauses(text, start, stop) if e - s >= 4]
            some = [s for s, _ in groups if _SOME_RE.match(text, s)]
            if len(groups) < 2 or len(some) < 2 or some[0] != groups[0][0]:
                continue
            said = cue.group(0)
            return Section(
                "（无标题）",
                [
                    ProblemItem(None, text[s:e], paragraph, reason=f"“{said}”之后以“；”分开的分句")
                    for s, e in groups
                ],
                paragraph,
                f"情况段落：根据“{said}”识别（承认或查明的问题），其后以“有的、部分、个别…”开头、"
                "用“；”分开的各分句各是一个问题",
            )
    return None


def _clauses(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"[^；;]+", text[start:stop]):
        s, e = start + match.start(), start + match.end()
        while s < e and text[s] in " ，,":
            s += 1
        while e > s and text[e - 1] in " ，,":
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


# --- a bulletin's situation part told in adverse sub-headings (engineer r14c) -----------------

# '关于上半年全国建筑业安全生产形势的通报': a bulletin on how a field stands.
_BULLETIN_TITLE_RE = re.compile(r"通报$")
# '一、上半年建筑业安全生产形势', '一、基本情况': the part telling how things stand.
_SITUATION_HEADING_RE = re.compile(
    r"^[一二三四五六七八九十]{1,2}、[^。；;，,：:]{0,30}(?:形势|基本情况|总体情况|运行情况)$"
)
_TOP_HEADING_RE = re.compile(r"^[一二三四五六七八九十]{1,2}、")
_SUB_HEADING_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,2}[)）]\s*")
# An adverse fact in a sub-heading: '事故多发', '保持在高位', '风险较高', '责任不落实'.
_ADVERSE_RE = re.compile(
    r"多发|频发|高发|高位|上升|增多|反弹|较高|偏高|突出|不落实|不到位|不力|不足|薄弱|滞后|"
    r"严重|隐患|短板|缓慢|下滑|失控"
)
# Things going well: '持续下降', '总体平稳', '稳步提升'.
_FAVOURABLE_RE = re.compile(r"下降|减少|平稳|稳定|好转|向好|提升|提高|改善|成效|进展|加强")


def read_situation_findings(paragraphs: list[Paragraph]) -> Section | None:
    """A bulletin ('…形势的通报') whose '一、…形势' part has numbered run-in sub-headings, most of
    them (two thirds, at least two) stating an adverse fact ('（一）事故总量持续保持在高位。…'):
    each sub-heading that does not report things going well is one finding (problem)."""
    head = next((p.text.strip() for p in paragraphs[:3] if p.text.strip()), "")
    if not _BULLETIN_TITLE_RE.search(head):
        return None
    for at, paragraph in enumerate(paragraphs):
        heading = paragraph.text.strip()
        if not _SITUATION_HEADING_RE.match(heading):
            continue
        subs: list[tuple[Paragraph, str]] = []
        for below in paragraphs[at + 1 :]:
            text = below.text.strip()
            if _TOP_HEADING_RE.match(text):
                break
            marker = _SUB_HEADING_RE.match(text)
            if marker:
                title, _rest = split_title(text[marker.end() :])
                subs.append((below, title))
        adverse = [(p, t, m.group(0)) for p, t in subs if (m := _ADVERSE_RE.search(t))]
        if len(subs) < 3 or len(adverse) < 2 or 3 * len(adverse) < 2 * len(subs):
            continue
        items = []
        for below, title in subs:
            if _FAVOURABLE_RE.search(title):
                continue
            said = next((w for p, _t, w in adverse if p is below), None)
            reason = (
                f"形势部分的编号小标题写明不利情况（“{said}”）"
                if said
                else "形势部分的编号小标题，与同一部分多数小标题一样陈述查明的情况"
            )
            number = _SUB_HEADING_RE.match(below.text.strip())
            items.append(
                ProblemItem(number.group(0).strip() if number else None, title, below, "", reason)
            )
        return Section(
            heading,
            items,
            paragraph,
            f"形势通报：“{heading}”下的{len(subs)}个编号小标题中{len(adverse)}个写明不利情况，"
            "各小标题是通报查明的问题（写明好转的除外）",
        )
    return None


# --- a progress report's delayed items ('3项推迟的工作具体如下：一是…二是…') ----------------------

# The sentence announcing the list names the items' lag: '有3项工作推迟…具体如下：', '进度滞后的
# 项目主要是：', '未按期完成的任务有：'.
_DELAY_WORD_RE = re.compile(
    r"推迟|延期|延后|滞后|未按期|未按时|未如期|未能按期|未能如期|未完成|未启动|未开工|进展缓慢|推进缓慢"
)
_DELAY_THING_RE = re.compile(r"工作|任务|事项|项目|工程|指标")
_DELAY_REASON = "问题段落：根据“{intro}”识别：进度报告点名的推迟（滞后、未按期完成）事项，“一是、二是”每项是一个问题"


def read_delayed_items(
    paragraphs: list[Paragraph], simplified: list[Paragraph] | None = None
) -> Section | None:
    """A progress or supervision report's list of the items that slipped (engineer r15d): the
    sentence before '一是' ends in a colon and says the items lag ('2项推迟的工作具体如下：',
    '进度滞后的项目有：'); each listed item is one problem, its first sentence the problem and
    the rest (why, until when) its body. Matched on ``simplified`` (same lengths) when given,
    shown in the document's own characters. Items done ahead of time or as planned name no lag
    and give nothing."""
    plain = simplified if simplified is not None else paragraphs
    for own, paragraph in zip(paragraphs, plain, strict=True):
        text = paragraph.text
        for colon in re.finditer(r"[：:]\s*(?=一是)", text):
            start = max(text.rfind(ch, 0, colon.start()) for ch in "。！？；;") + 1
            intro = text[start : colon.start()].strip()
            if not (_DELAY_WORD_RE.search(intro) and _DELAY_THING_RE.search(intro)):
                continue
            points = _enumeration(text[colon.end() :])
            if len(points) < 2:
                continue
            items = []
            for marker, begin, end in points:
                at = colon.end() + begin
                title, body = split_title(own.text[at : colon.end() + end])
                items.append(
                    ProblemItem(
                        marker,
                        title.rstrip("。！？!?"),
                        own,
                        body,
                        f"“{intro[-20:]}”之后的“{marker}”一项",
                    )
                )
            return Section(own.text[:20], items, own, _DELAY_REASON.format(intro=intro[-30:]))
    return None


# --- an inspection bulletin's counted findings ('抽查…，发现…问题216处326起') (engineer r15f) ---

# A check done in the sentence: '共检查主要大街…', '抽查点位…', '暗访…'.
_INSPECTED_RE = re.compile(r"检查|抽查|巡查|暗访|督查|督察|排查|核查|走访")
# '发现…问题216处326起', '发现各类问题涉及16个区共71处': what the check found, counted.
_COUNTED_FINDING_RE = re.compile(
    r"发现(?P<what>[^，,。；;]*?问题[^，,。；;]*?\d+\s*(?:处|起|个|项|件|家|户|条)[^，,。；;]*)"
)
# '…，已全部整改到位', '均已整改完毕': what was found is already put right, no open problem.
_PUT_RIGHT_RE = re.compile(
    r"(?:已|均已)(?:全部|立行立改|当场)?整改(?:到位|完毕|完成)|已全部整改|当场整改"
)
_COUNTED_REASON = (
    "检查通报：检查中“发现…问题N处（起）”的每一处查明结果是一个问题（已整改到位的除外）"
)


def read_counted_findings(paragraphs: list[Paragraph]) -> Section | None:
    """An inspection bulletin's findings told as counts in the sentences of its checks
    ('共检查主要大街1646条，…，发现各类问题216处326起，问题率为6%'): each counted finding is one
    problem, from '发现' to the end of its clause; a finding the sentence says is already put
    right ('…，已全部整改到位') is none. Two findings at least: one count alone is as often an
    annual report's account of its own checks."""
    items: list[ProblemItem] = []
    for paragraph in paragraphs:
        for match in _SENTENCE_RE.finditer(paragraph.text):
            sentence = match.group(0)
            found = _COUNTED_FINDING_RE.search(sentence)
            if (
                found is None
                or not _INSPECTED_RE.search(sentence, 0, found.start())
                or _PUT_RIGHT_RE.search(sentence, found.end())
            ):
                continue
            text = f"发现{found.group('what')}".strip()
            items.append(ProblemItem(None, text, paragraph, "", "检查中发现并计数的问题"))
    if len(items) < 2:
        return None
    return Section(items[0].paragraph.text[:20], items, items[0].paragraph, _COUNTED_REASON)


# --- a website / new-media inspection bulletin's findings (engineer r16f) ---

# A site or account the bulletin names, alone on its line or before its findings:
# '（一）某县政府网站', '2.某局网站', '某街道公众号：…'.
_SITE_MARKER = (
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}\s*[、.．])?\s*"
)
_SITE_NAME = r"[^，,。；;：:、（()）\s]{2,24}?(?:网站|公众号|微博|客户端|头条号|抖音号|政务新媒体)"
_SITE_LINE_RE = re.compile(rf"^{_SITE_MARKER}(?P<site>{_SITE_NAME})\s*(?:[：:]\s*(?P<rest>.+))?$")
# A finding listed under it: '1、栏目信息更新不及时（…）；'.
_FINDING_MARKER_RE = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）]|\d{1,2}\s*[、.．])\s*")
# A category the bulletin counts: '未提供有效互动功能（3个）', '（一）内容更新不及时（2个）'.
_COUNTED_CATEGORY_RE = re.compile(
    rf"^{_SITE_MARKER}(?P<what>[^，,。；;：:（()）]{{2,24}}[（(]\s*\d+\s*(?:个|家|条|项|处)\s*[)）])\s*$"
)
# What is wrong with a site: '…不及时', '未更新', '无法打开', '没有文字说明', '缺失', '错误', '死链'.
_SITE_FAULT_RE = re.compile(
    r"不(?:及时|准确|规范|完整|全|能|可|符合|到位|畅通|一致)|未|无法|无效|没有|缺失|缺少|错误|错链|"
    r"死链|空白|空栏目|滞后|过期|失效"
)
# The bulletin says it checked sites: '…政府网站检查', '对全市政务新媒体进行了…检测'.
_SITES_CHECKED_RE = re.compile(
    r"(?:网站|新媒体|公众号)[^。]{0,30}?(?:检查|检测|抽查|巡查|普查)|"
    r"(?:检查|检测|抽查|巡查|普查)[^。]{0,30}?(?:网站|新媒体|公众号)"
)
_NEXT_PART_RE = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*、")
_SITES_REASON = (
    "网站（政务新媒体）检查通报：按被点名的网站（账号）列出的每条检查发现、按类别计数的每类问题"
    "（“…（N个）”），各是一个问题；说明情况和提出要求的段落不作为问题"
)


def read_site_findings(paragraphs: list[Paragraph]) -> Section | None:
    """A government-website / new-media inspection bulletin's findings: under a site it names
    ('（一）某县政府网站'), each following line that says what is wrong ('1、栏目…更新不及时；') is
    one problem, up to the next site or part; 'XX网站：A；B。' on one line gives A and B; and a
    category it counts ('未提供有效互动功能（3个）', the accounts named on the next line) is one
    problem. Only where the document says it checked websites or new media, only lines that name
    a fault (a site praised gives nothing), and two findings at least."""
    if not any(_SITES_CHECKED_RE.search(p.text) for p in paragraphs[:8]):
        return None
    items: list[ProblemItem] = []
    site: str | None = None
    for at, paragraph in enumerate(paragraphs):
        line = paragraph.text.strip()
        counted = _COUNTED_CATEGORY_RE.match(line)
        if counted is not None:
            site = None
            what = counted.group("what")
            if _SITE_FAULT_RE.search(what):
                following = paragraphs[at + 1].text.strip() if at + 1 < len(paragraphs) else ""
                body = following if _COUNTED_CATEGORY_RE.match(following) is None else ""
                if _NEXT_PART_RE.match(body) or _SITE_LINE_RE.match(body):
                    body = ""
                items.append(
                    ProblemItem(
                        None,
                        what,
                        paragraph,
                        body,
                        f"按类别计数的检查发现：“{what}”，其后为被点名的网站或账号",
                    )
                )
            continue
        named = _SITE_LINE_RE.match(line)
        if named is not None:
            site = named.group("site")
            rest = named.group("rest")
            if rest:
                _site_findings(items, paragraph, site, rest)
                site = None
            continue
        if _NEXT_PART_RE.match(line):
            site = None
            continue
        if site is not None:
            _site_findings(items, paragraph, site, _FINDING_MARKER_RE.sub("", line, count=1))
    if len(items) < 2:
        return None
    return Section(items[0].paragraph.text[:20], items, items[0].paragraph, _SITES_REASON)


def _site_findings(items: list[ProblemItem], paragraph: Paragraph, site: str, text: str) -> None:
    for part in re.split(r"[；;]", text):
        finding = part.strip().rstrip("。.，,").strip()
        if finding and len(finding) <= 60 and _SITE_FAULT_RE.search(finding):
            items.append(ProblemItem(None, finding, paragraph, "", f"“{site}”下列出的检查发现"))


# '三、工作要求', '四、整改要求', '下一步工作要求': what the bulletin asks after its findings.
_SITE_REQUIREMENTS_RE = re.compile(
    r"^\s*[一二三四五六七八九十]{1,2}\s*、\s*(?:下一步|下步)?(?:工作|整改|有关|几点)?要求\s*[：:。]?\s*$"
)
_SUB_POINT_RE = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,2}[)）]\s*")
_CLOSING_STOPS = ("。", "！", "？", ".", "!", "?", "；", ";", "”", "）", ")")
_SITE_REQUIREMENTS_REASON = (
    "检查通报：在查出的问题之后，“{heading}”下的编号要点针对查出的问题提出"
    "要求（…要…、必须…），每个要点是一项任务"
)


def read_site_requirements(paragraphs: list[Paragraph], findings: Section) -> Section | None:
    """After a bulletin's findings (``read_site_findings``, or a problem part the report reading
    found), the numbered points under its '三、工作要求' are the tasks, one a point with its
    sentences as the body, when most of them ask something of someone ('…要…', '必须…'); one
    point alone only when the text is cut inside it (the page ends there). Read only where
    findings were named: a bulletin that found nothing wrong asks in general."""
    last = max(item.paragraph.index for item in findings.items)
    start = next(
        (
            i
            for i, p in enumerate(paragraphs)
            if p.index > last and _SITE_REQUIREMENTS_RE.match(p.text)
        ),
        None,
    )
    if start is None:
        return None
    points: list[list[Any]] = []  # [paragraph, text, body lines]
    for paragraph in paragraphs[start + 1 :]:
        text = paragraph.text.strip()
        if _SUB_POINT_RE.match(text):
            points.append([paragraph, text, []])
        elif _NEXT_PART_RE.match(text) or _END_RE.match(text) or not points:
            break
        else:
            points[-1][2].append(text)
    asking = [p for p in points if _ASKS_RE.search("\n".join([p[1], *p[2]]))]
    # One point alone that asks counts when the text is cut inside it: it is the document's
    # last line and has no closing stop ('…明确专人负责，切实').
    last_text = (points[-1][2] or [points[-1][1]])[-1] if points else ""
    cut_one = (
        len(points) == 1 == len(asking)
        and paragraphs[-1].text.strip() == last_text
        and not last_text.rstrip().endswith(_CLOSING_STOPS)
    )
    if (len(asking) < 2 and not cut_one) or 2 * len(asking) <= len(points) and not cut_one:
        return None
    heading = _POINT_RE.sub("", paragraphs[start].text.strip()).rstrip("：:。")
    items = []
    for paragraph, text, lines in asking:
        marker = _SUB_POINT_RE.match(text)
        title, rest = split_title(text[marker.end() :] if marker else text)
        body = "\n".join(x for x in (rest, *lines) if x)
        number = marker.group(0).strip() if marker else None
        items.append(PlanItem(number, title, body, paragraph, f"“{heading}”下的编号要点提出要求"))
    reason = _SITE_REQUIREMENTS_REASON.format(heading=heading)
    if len(points) == 1:
        reason += "；原文在第一条中断，其后的要求未读到"
    return Section(paragraphs[start].text.strip(), items, paragraphs[start], reason)


# --- a rectification report flattened into one paragraph (engineer r16f) ---

# '检查中发现还存在以下问题：', '存在如下问题:': the findings' list follows.
_FOUND_LIST_RE = re.compile(
    r"(?:发现|存在)[^。：:]{0,8}?(?:以下|如下)(?:几个|几方面)?(?:问题|不足)\s*[：:]"
)
# '现将我校整改情况报告如下：', '整改措施如下:': the actions' list follows.
_ACTIONS_LIST_RE = re.compile(r"整改(?:情况|措施)[^。：:]{0,8}?如下\s*[：:]")
_RUN_ON_NUMBER_RE = re.compile(r"(?:^|(?<=[\s；;。]))(\d{1,2})\s*[、.．]\s*")
_FLATTENED_PROBLEMS_REASON = (
    "整改报告（一段连排）：“…存在以下问题：”之后按编号列出的每一项是一个问题"
)
_FLATTENED_PLAN_REASON = (
    "整改报告（一段连排）：“…整改情况报告如下：”之后按编号列出的整改措施，每项是一项整改任务"
)


def _numbered_run(text: str, start: int, stop: int) -> list[tuple[str, int, int]]:
    """The '1、…；2、…；3、…。' list from ``start``: numbers in order from 1, each item up to
    the next number; the last ends at its full stop."""
    found = [m for m in _RUN_ON_NUMBER_RE.finditer(text, start, stop)]
    items: list[tuple[str, int, int]] = []
    for m in found:
        if int(m.group(1)) != len(items) + 1:
            break
        items.append((m.group(0).strip(), m.end(), stop))
        if len(items) > 1:
            previous = items[-2]
            items[-2] = (previous[0], previous[1], m.start())
    if items:
        marker, begin, _ = items[-1]
        stop_at = text.find("。", begin, stop)
        items[-1] = (marker, begin, stop_at if stop_at >= 0 else stop)
    return items


def read_flattened_rectification(paragraphs: list[Paragraph]) -> tuple[Section, Section] | None:
    """A rectification report whose lines were lost, one paragraph: '…检查中发现还存在以下问题：
    1、…；2、…。' then '…现将整改情况报告如下：1、…；2、…。'. Each number of the first list is a
    problem, each of the second a task (an action with its date). Both lists of two items at
    least, the findings before the actions; a list of what went well ('取得以下成效：') has no
    cue and gives nothing."""
    for paragraph in paragraphs:
        text = paragraph.text
        found = _FOUND_LIST_RE.search(text)
        if found is None:
            continue
        actions = _ACTIONS_LIST_RE.search(text, found.end())
        if actions is None:
            continue
        findings = _numbered_run(text, found.end(), actions.start())
        steps = _numbered_run(text, actions.end(), len(text))
        if len(findings) < 2 or len(steps) < 2:
            continue
        problems = [
            ProblemItem(m, text[a:b].strip().rstrip("；;。"), paragraph, "", "编号列出的检查发现")
            for m, a, b in findings
        ]
        plan = []
        for m, a, b in steps:
            title, body = split_title(text[a:b].strip().rstrip("；;"))
            plan.append(PlanItem(m, title, body, paragraph, "编号列出的整改措施"))
        return (
            Section(text[actions.start() : actions.end()], plan, paragraph, _FLATTENED_PLAN_REASON),
            Section(
                text[found.start() : found.end()], problems, paragraph, _FLATTENED_PROBLEMS_REASON
            ),
        )
    return None
