"""Work points ('工作要点') whose numbered entries each end with the units that carry them out
('（市政務服務局牽頭，各縣區政府按職責分工負責）'): read the same in traditional characters, and
when the page is cut inside the last entry's bracket ('（市住建局、市'), that entry ends so too —
two entries are then enough when every numbered measure ends with its units. One bracketed
entry beside an entry without one stays silent. Every text is invented."""

from __future__ import annotations

from plans.documents import parse_document
from plans.reading import read_document

POINTS = """某市2026年優化營商環境工作要點
一、提升政務服務效能
1.推行政務服務事項清單管理。2026年6月底前編制並公布市、縣兩級政務服務事項清單，實行動態調整。（市政務服務局牽頭，各縣區政府按職責分工負責）
2.深化工程建設項目審批制度改革。推行聯合驗收、區域評估，壓減審批環節和時間。（市住建局牽頭，市自然資源局、市生態環境局按職責分工負責）
3.規範涉企收費。開展涉企收費專項檢查，堅決查處亂收費行為。（市市場監管局負責）
"""

CUT = """某市2026年優化營商環境工作要點
一、提升政務服務效能
1.推行政務服務事項清單管理。2026年6月底前編制並公布市、縣兩級政務服務事項清單，實行動態調整。（市政務服務局牽頭，各縣區政府按職責分工負責）
2.深化工程建設項目審批制度改革。推行聯合驗收、區域評估，壓減審批環節和時間。（市住建局、市"""


def read(text: str) -> dict:
    return parse_document(read_document(text.encode(), "points.txt")).to_dict()


def titles(data: dict) -> list[str]:
    section = data["plan_section"]
    return [item["title"].rstrip("。") for item in section["items"]] if section else []


def test_bracketed_points_in_traditional_characters_are_tasks_with_their_leads() -> None:
    data = read(POINTS)
    assert titles(data) == [
        "推行政務服務事項清單管理",
        "深化工程建設項目審批制度改革",
        "規範涉企收費",
    ]
    items = data["plan_section"]["items"]
    # '（市政務服務局牽頭，各縣區政府按職責分工負責）': the unit before '牽頭' leads.
    assert items[0]["lead"] == ["市政務服務局"]
    assert items[1]["lead"] == ["市住建局"]
    assert items[2]["lead"] == ["市市場監管局"]
    assert "負責" in items[2]["reason"] or "负责" in items[2]["reason"]


def test_points_cut_inside_the_last_bracket_are_tasks() -> None:
    data = read(CUT)
    assert titles(data) == ["推行政務服務事項清單管理", "深化工程建設項目審批制度改革"]
    assert "截断" in data["plan_section"]["items"][1]["reason"]


def test_one_bracketed_entry_beside_one_without_stays_silent() -> None:
    # The second entry ends with no bracket: one bracket among two measures is no division.
    single = CUT.replace("（市住建局、市", "各縣區要結合實際抓好落實。")
    data = read(single)
    section = data["plan_section"]
    assert section is None or "括注" not in section["reason"]
