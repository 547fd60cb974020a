"""An office's page on its own special check, the office named as the page's source
('来源：某区委督查办'), its check told in the third person ('区委督查办…组成联合督查组…开展…专项
督查'): the finding ('发现…存在5个方面17个问题整改不够到位') is a problem, the dated report due
from the units and the office's promised follow-up are tasks; what the office already did
('对3家整改进展缓慢的乡镇…进行了约谈') is neither. The same page from a media centre is news.
Every text is invented."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

PAGE = """某区开展脱贫攻坚问题整改专项督查
来源：某区委督查办　发布时间：2026-11-20
为推动问题整改落地见效，2026年9月，区委督查办、区财政局组成联合督查组，用10天时间对全区12个乡镇开展脱贫攻坚问题整改专项督查。
从督查情况看，各乡镇都能按要求制定整改方案，整改工作取得一定成效。督查组通过查阅台账发现部分乡镇存在5个方面17个问题整改不够到位。
10月15日，区委督查办对3家整改进展缓慢的乡镇主要负责人进行了约谈，下发了督办通知。11月30日前，各乡镇将整改情况书面报送区委督查办。整改期满后，区委督查办(组)将组织开展回头看。
"""


def read(text: str) -> dict:
    return parse_document(read_document(text.encode(), "page.txt")).to_dict()


def test_an_office_page_on_its_own_check_gives_the_finding_and_the_dated_follow_up() -> None:
    data = read(PAGE)
    problems = [item["text"] for item in data["problem_section"]["items"]]
    assert problems == ["督查组通过查阅台账发现部分乡镇存在5个方面17个问题整改不够到位"]
    plans = [item["title"] for item in data["plan_section"]["items"]]
    assert [p[:10] for p in plans] == ["11月30日前，各乡", "整改期满后，区委督查"]
    assert "来源" in data["plan_section"]["reason"]


def test_the_same_check_told_by_a_media_centre_is_news() -> None:
    data = read(PAGE.replace("来源：某区委督查办", "来源：某区融媒体中心"))
    assert data["plan_section"] is None or not data["plan_section"]["items"]
    assert data["problem_section"] is None or not data["problem_section"]["items"]


def test_a_lag_named_as_an_attribute_without_an_act_on_it_stays_a_finding() -> None:
    # '仍有3个进展缓慢的乡镇' says what was found, not whom the office acted on.
    data = read(
        PAGE.replace(
            "督查组通过查阅台账发现部分乡镇存在5个方面17个问题整改不够到位。",
            "督查组通过查阅台账发现仍有3个整改进展缓慢的乡镇。",
        )
    )
    problems = [item["text"] for item in data["problem_section"]["items"]]
    assert problems == ["督查组通过查阅台账发现仍有3个整改进展缓慢的乡镇"]
